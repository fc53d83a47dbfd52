import { ApiRequestError } from '@exam/contracts';

/** Messages keyed by field path (e.g. `newPassword`, `roles.0.organisationId`). */
export type FieldErrors = Record<string, string>;

export interface IssueLike {
  path: string | readonly PropertyKey[];
  message: string;
}

/** The first message for each field; `''` holds problems that belong to no field. */
export function toFieldErrors(issues: readonly IssueLike[] | undefined): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of issues ?? []) {
    const path = typeof issue.path === 'string' ? issue.path : issue.path.map(String).join('.');
    errors[path] ??= issue.message;
  }
  return errors;
}

/** What a failed request means for a form: a message to show above it and the field problems. */
export function describeError(error: unknown): { message: string; fields: FieldErrors } {
  if (error instanceof ApiRequestError) {
    return { message: error.message, fields: toFieldErrors(error.body.issues) };
  }
  return { message: error instanceof Error ? error.message : String(error), fields: {} };
}
