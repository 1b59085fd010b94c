import { ArgumentMetadata, Injectable, PipeTransform, ValidationError, ValidationPipe } from '@nestjs/common';
import { FieldError, invalid } from './errors';

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
    try {
      return await this.inner.transform(value, metadata);
    } catch (error) {
      if (error instanceof ValidationFailure) {
        // `@Args('input')` reaches pipes as type 'body' with data 'input'; REST `@Body()` has no data.
        const prefix = metadata.data ?? '';
        const fields = flatten(error.errors, prefix);
        throw invalid(fields.length === 1 ? fields[0].message : `${fields.length} fields are invalid`, fields);
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
