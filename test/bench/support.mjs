// What the database benchmarks share: the PostgreSQL server they use (TEST_DATABASE_URL, else
// postgres://postgres@127.0.0.1:5432/postgres), a scratch database made afresh with the migrations applied,
// number formatting and percentiles.
import pg from 'pg';
import { applyMigrations } from '../../prisma/dist/index.js';

const adminUrl = new URL(process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');

/** Connection settings of the server's maintenance database. */
export const admin = {
  host: adminUrl.hostname,
  port: Number(adminUrl.port || 5432),
  user: decodeURIComponent(adminUrl.username || 'postgres'),
  password: adminUrl.password ? decodeURIComponent(adminUrl.password) : undefined,
  database: adminUrl.pathname.slice(1) || 'postgres',
};

/** Connection settings of a scratch database on that server. */
export const benchDatabase = (name) => ({ ...admin, database: name });

/** The DATABASE_URL an API child process gets for the scratch database. */
export const databaseUrl = (name) => {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
};

/** Drops the scratch database if a run left it, creates it and applies the migrations. */
export async function freshDatabase(name) {
  const client = new pg.Client(admin);
  await client.connect();
  await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await client.query(`CREATE DATABASE "${name}"`);
  await client.end();
  await applyMigrations({ ...benchDatabase(name), max: 2 });
}

/** 12,345 / 12.3, or — for a number that is not finite. */
export const fmt = (n, digits = 0) =>
  Number.isFinite(n)
    ? n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })
    : '—';

/** The p-th percentile of ascending values (NaN when there are none). */
export function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}
