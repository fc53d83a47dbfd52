import { SAVE_GRACE_MS } from '@exam/contracts';

/** Tuning of the answer save path; provide ANSWER_WRITER_OPTIONS to override (tests, benchmarks). */
export interface AnswerWriterOptions {
  /** saves admitted and not yet answered; beyond it a save is refused at once with 'busy' */
  maxPending: number;
  /** while the oldest queued save has waited longer than this, new saves are refused with 'busy' */
  maxQueueMs: number;
  /** rows per batch statement */
  maxBatch: number;
  /** a busy client is told to resend after this long, plus up to as much again at random */
  retryAfterMs: number;
  /** attempts whose paper index is kept in memory */
  paperCacheSize: number;
  /** a save received up to this long after endsAt is still taken */
  graceMs: number;
  /** after the first refusal of a kind for an attempt, at most one audit entry per this interval */
  auditIntervalMs: number;
}

export const ANSWER_WRITER_OPTIONS = Symbol('AnswerWriterOptions');

function intFromEnv(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number) {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max)
    throw new Error(`环境变量 ${name} 应为 ${min}–${max} 之间的整数，收到 "${raw}"`);
  return value;
}

/** Defaults, with EXAM_SAVE_MAX_PENDING and EXAM_SAVE_MAX_BATCH read from the environment. */
export function answerWriterOptions(
  env: NodeJS.ProcessEnv = process.env,
  overrides: Partial<AnswerWriterOptions> = {},
): AnswerWriterOptions {
  return {
    maxPending: intFromEnv(env, 'EXAM_SAVE_MAX_PENDING', 4000, 1, 1_000_000),
    maxQueueMs: intFromEnv(env, 'EXAM_SAVE_MAX_QUEUE_MS', 100, 1, 60_000),
    maxBatch: intFromEnv(env, 'EXAM_SAVE_MAX_BATCH', 1000, 1, 10_000),
    retryAfterMs: 500,
    paperCacheSize: 20_000,
    graceMs: SAVE_GRACE_MS,
    auditIntervalMs: 10_000,
    ...overrides,
  };
}
