/** The body of every error response; `message` is written for the person who will read it. */
export interface ApiError {
  statusCode: number;
  /** a stable machine code, e.g. `validation_failed`, `not_found`, `forbidden` */
  error: string;
  message: string;
  /** field-level problems, when the request body or query failed validation */
  issues?: { path: string; message: string }[];
}

export const ERROR_CODES = [
  'validation_failed',
  'malformed_json',
  'payload_too_large',
  'unsupported_media_type',
  'unauthenticated',
  'session_expired',
  'forbidden',
  'out_of_scope',
  'not_found',
  'conflict',
  'rate_limited',
  'outside_window',
  'locked',
  'internal_error',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];
