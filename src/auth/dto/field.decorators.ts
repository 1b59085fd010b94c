import { applyDecorators } from '@nestjs/common';
import { Field } from '@nestjs/graphql';
import { Transform } from 'class-transformer';
import { IsEmail, MaxLength } from 'class-validator';

/** Drops spaces around a string before validation (emails pasted with a trailing space). */
export function Trim(): PropertyDecorator {
  return Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value));
}

/** A required email argument or input field (GraphQL and REST body alike). */
export function EmailField(): PropertyDecorator {
  return applyDecorators(
    Field(),
    Trim(),
    IsEmail({}, { message: 'Enter a valid email address' }),
    MaxLength(254),
  );
}
