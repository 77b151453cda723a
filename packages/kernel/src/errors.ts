/**
 * The one error type business code throws. `kind` decides the HTTP status (in api/errors.ts only);
 * `code` is stable and machine-readable (e.g. `RESIDENT_ID_CHECK_DIGIT`); `message` is the Chinese text
 * a clerk reads; `details` carries structured context (field names, conflicting record ids).
 */
export type ErrorKind =
  'invalid' | 'not_found' | 'conflict' | 'forbidden' | 'unauthenticated' | 'rate_limited';

export class DomainError extends Error {
  override readonly name = 'DomainError';
  constructor(
    readonly kind: ErrorKind,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export function isDomainError(e: unknown): e is DomainError {
  return e instanceof DomainError;
}
