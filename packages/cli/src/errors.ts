import { FormatError } from '@na64/format';
import { UserError } from './user-error.ts';

/**
 * Errors whose message is meant for the user: input problems detected by the libraries
 * (FormatError and subclasses) or by the CLI itself (UserError).
 */
export function isUserFacingError(error: unknown): error is Error {
  return error instanceof UserError || error instanceof FormatError;
}
