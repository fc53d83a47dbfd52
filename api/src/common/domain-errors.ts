import type { ErrorCode } from '@exam/contracts';

/**
 * Services throw these; one filter turns them into HTTP (and later socket) errors. Messages are for the
 * person who reads them, in Chinese.
 */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly status: number,
    message: string,
    readonly issues?: { path: string; message: string }[],
  ) {
    super(message);
  }
}

export class ValidationFailed extends DomainError {
  constructor(message: string, issues?: { path: string; message: string }[]) {
    super('validation_failed', 400, message, issues);
  }
}

export class NotFound extends DomainError {
  constructor(message: string) {
    super('not_found', 404, message);
  }
}

export class Conflict extends DomainError {
  constructor(message: string) {
    super('conflict', 409, message);
  }
}

export class Unauthenticated extends DomainError {
  constructor(message = '请先登录', code: 'unauthenticated' | 'session_expired' = 'unauthenticated') {
    super(code, 401, message);
  }
}

export class Forbidden extends DomainError {
  constructor(message: string) {
    super('forbidden', 403, message);
  }
}

export class OutOfScope extends DomainError {
  constructor(message: string) {
    super('out_of_scope', 403, message);
  }
}

export class RateLimited extends DomainError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super('rate_limited', 429, message);
  }
}

/** A record that may no longer be edited (e.g. an application printed for signature, seed 004). */
export class Locked extends DomainError {
  constructor(message: string) {
    super('locked', 409, message);
  }
}
