import { ArgumentMetadata, Injectable, PipeTransform, ValidationError, ValidationPipe } from '@nestjs/common';
import { FieldError, invalid, invalidFields } from './errors';
import { unsafeInput } from './input-safety';
import { normalizeEnumQuery } from './rest-enums';

function flatten(errors: ValidationError[], prefix: string): FieldError[] {
  return errors.flatMap((error) => {
    const path = prefix ? `${prefix}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ path, message }));
    return [...own, ...flatten(error.children ?? [], path)];
  });
}

/**
 * class-validator for every argument, reporting each failed field with its path from the argument
 * name (`input.title`), so a form can put the message next to the right field.
 *
 * Before any transform or validator runs, every argument (REST body and query, GraphQL arguments and
 * variables) is checked to be text and data at all (input-safety.ts: no lone UTF-16 surrogate, no
 * nesting beyond 32 levels): either used to end as a 500 inside a validator. REST enum values in a
 * query or a body are accepted in either case (rest-enums.ts).
 */
@Injectable()
export class InputValidationPipe implements PipeTransform {
  private readonly inner = new ValidationPipe({
    transform: true,
    transformOptions: { enableImplicitConversion: true },
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: false,
    validationError: { target: false, value: false },
    exceptionFactory: (errors: ValidationError[]) => new ValidationFailure(errors),
  });

  async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type !== 'custom') {
      const unsafe = unsafeInput(value, metadata.data ?? '');
      if (unsafe) throw invalid(unsafe.message, [unsafe]);
    }
    const input = metadata.type === 'query' || metadata.type === 'body' ? normalizeEnumQuery(value, metadata.metatype) : value;
    try {
      return await this.inner.transform(input, metadata);
    } catch (error) {
      if (error instanceof ValidationFailure) {
        // `@Args('input')` reaches pipes as type 'body' with data 'input'; REST `@Body()` has no data.
        const prefix = metadata.data ?? '';
        const fields = flatten(error.errors, prefix);
        throw invalidFields(fields);
      }
      throw error;
    }
  }
}

class ValidationFailure extends Error {
  constructor(readonly errors: ValidationError[]) {
    super('validation failed');
  }
}
