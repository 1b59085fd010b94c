import { QueryFailedError } from 'typeorm';
import { DomainError, ErrorCode } from './errors';

interface PgError {
  code?: string;
  constraint?: string;
}

/** Constraints of the core that any content write may hit. */
const CORE_CONSTRAINT_MESSAGES: Record<string, string> = {
  // A file was deleted from the library while this write attached it.
  fk_media_usages_media: 'A file this item uses is no longer in the media library',
};

/**
 * Constraint violations the database caught after the service's own checks (a race between two
 * editors, or a rule only the database knows) become client errors instead of a 500.
 * `messages` maps constraint names to the sentence a staff member should read.
 */
export function translateConstraintError(error: unknown, messages: Record<string, string> = {}): unknown {
  if (!(error instanceof QueryFailedError)) return error;
  const { code, constraint } = error.driverError as PgError;
  const known = constraint ? messages[constraint] ?? CORE_CONSTRAINT_MESSAGES[constraint] : undefined;
  switch (code) {
    case '23505':
      return new DomainError(ErrorCode.CONFLICT, known ?? 'An item with the same unique value already exists');
    case '23503':
      return new DomainError(ErrorCode.BAD_USER_INPUT, known ?? 'A referenced item does not exist or is still in use');
    case '23514':
    case '23502':
    case '22001':
    case '22P02':
      return new DomainError(ErrorCode.BAD_USER_INPUT, known ?? 'A value breaks a rule of the data model');
    case '40P01':
    case '40001':
      return new DomainError(ErrorCode.CONFLICT, 'Another change was being saved at the same moment: try again');
    default:
      return error;
  }
}
