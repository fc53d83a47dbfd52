import type { EXAM_NAMESPACE, SAVE_GRACE_MS } from '@exam/contracts';

/**
 * Runtime constants of the exam contract. Importing them as values from @exam/contracts would pull zod (the
 * package's schemas) into the exam bundle, so they are written here as literals whose types are the
 * contract's own constant types: if the contract changes, `npm run check` fails here.
 */
export const EXAM_NS: typeof EXAM_NAMESPACE = '/exam';
export const GRACE_MS: typeof SAVE_GRACE_MS = 2000;
