import { applyDecorators } from '@nestjs/common';
import { Field } from '@nestjs/graphql';
import { Trim } from '../../common/validation.decorators';
import { IsEmail, MaxLength } from 'class-validator';

/** Kept for the auth DTOs that import it from here (emails pasted with a trailing space). */
export { Trim };

/** A required email argument or input field (GraphQL and REST body alike). */
export function EmailField(): PropertyDecorator {
  return applyDecorators(
    Field(),
    Trim(),
    IsEmail({}, { message: 'Enter a valid email address' }),
    MaxLength(254),
  );
}
