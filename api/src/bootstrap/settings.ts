import { join, resolve } from 'node:path';

/** Settings read once at start-up; injected with the SETTINGS token. */
export interface Settings {
  databaseKind: 'postgres' | 'pglite';
  version: string;
  bcryptCost: number;
  /** absolute lifetime of a session */
  sessionTtlMinutes: number;
  /** a session unused this long expires */
  sessionIdleMinutes: number;
  login: { windowMinutes: number; maxAccountFailures: number; maxIpFailures: number };
  /** honour X-Forwarded-For from a reverse proxy */
  trustProxy: boolean;
  bodyLimit: string;
  /** uploaded materials and produced files, content-addressed, outside the database */
  filesDir: string;
  /** built single-page apps to serve: exam client at /, proctor console at /console/ */
  staticDirs: { examClient: string | null; proctorConsole: string | null };
  /**
   * signs the 准考证 QR codes (EXAM_TICKET_SECRET, ≥ 16 characters); null: a random one per process start,
   * so codes printed before a restart no longer verify (a warning is logged)
   */
  ticketSecret: string | null;
  /** close timed-out exam attempts every second (EXAM_CLOCK_SWEEP=0 turns it off; tests call closeExpired) */
  examClockSweep?: boolean;
  /**
   * REDIS_URL: several API processes share the proctor rooms' event sequence, replay buffer and the
   * candidates' presence through Redis; absent: one process keeps them in memory
   */
  redisUrl?: string | null;
}

export const SETTINGS = Symbol('Settings');

function intFromEnv(
  env: NodeJS.ProcessEnv,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`环境变量 ${name} 应为 ${min}–${max} 之间的整数，收到 "${raw}"`);
  }
  return value;
}

export function settingsFromEnv(
  env: NodeJS.ProcessEnv,
  base: Pick<Settings, 'databaseKind' | 'version' | 'staticDirs'>,
): Settings {
  return {
    ...base,
    bcryptCost: intFromEnv(env, 'EXAM_BCRYPT_COST', 10, 10, 15),
    sessionTtlMinutes: intFromEnv(env, 'EXAM_SESSION_TTL_MINUTES', 12 * 60, 5, 7 * 24 * 60),
    sessionIdleMinutes: intFromEnv(env, 'EXAM_SESSION_IDLE_MINUTES', 120, 5, 24 * 60),
    login: {
      windowMinutes: intFromEnv(env, 'EXAM_LOGIN_WINDOW_MINUTES', 15, 1, 24 * 60),
      maxAccountFailures: intFromEnv(env, 'EXAM_LOGIN_MAX_ACCOUNT_FAILURES', 5, 1, 100),
      maxIpFailures: intFromEnv(env, 'EXAM_LOGIN_MAX_IP_FAILURES', 30, 1, 10000),
    },
    trustProxy: env.EXAM_TRUST_PROXY === '1' || env.EXAM_TRUST_PROXY === 'true',
    bodyLimit: '256kb',
    ticketSecret: ticketSecretFromEnv(env),
    examClockSweep: env.EXAM_CLOCK_SWEEP !== '0' && env.EXAM_CLOCK_SWEEP !== 'false',
    redisUrl: env.REDIS_URL?.trim() || null,
    filesDir: resolve(
      env.EXAM_FILES_DIR?.trim() ||
        join(env.EXAM_DATA_DIR?.trim() || resolve(process.cwd(), '.data'), 'files'),
    ),
  };
}

function ticketSecretFromEnv(env: NodeJS.ProcessEnv): string | null {
  const raw = env.EXAM_TICKET_SECRET?.trim();
  if (!raw) return null;
  if (raw.length < 16) throw new Error('环境变量 EXAM_TICKET_SECRET 至少应有 16 个字符');
  return raw;
}
