// Autosave benchmark (issue 6, Performance): the API as a child process on a scratch PostgreSQL database
// (exam_bench_autosave, dropped and made afresh), N simulated candidates each holding a socket.io connection
// to the exam namespace, saving answers at a given rate. Prints saves/s, p50/p99/max acknowledgement latency,
// refusals by code, acknowledged saves missing from the database (checked row by row), the API process's CPU
// and event-loop delay, and the raw single-row and 100-row upsert rates into the same table.
//
//   npm run bench:autosave                               # 10,000 candidates, 1,000 saves/s for 20 s, then overload
//   node test/bench/autosave.mjs --candidates 10000 --rate 1000 --seconds 20
//   node test/bench/autosave.mjs --sweep                 # 1000, 2500, 5000, 7500, 10000 saves/s (10 s each)
//   node test/bench/autosave.mjs --sweep 5000,6000,7000 --sweep-seconds 8
//   node test/bench/autosave.mjs --overload 0            # no overload phase
// Needs `npx tsc -b api` first (the API runs from api/dist). TEST_DATABASE_URL, else
// postgres://postgres@127.0.0.1:5432/postgres, is the server.
//
// The fixtures are raw rows (COPY-speed unnest inserts, foreign-key triggers off while loading): N papers of
// 20 single-choice items over 20 item versions, N attempts in progress for 3 hours, N exam sessions with known
// tokens. The sittings, applications and banks they point to are not made: nothing on the save path reads them.
import { fork, spawn } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { availableParallelism, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { admin, benchDatabase, databaseUrl, fmt, freshDatabase, percentile } from './support.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
const { values: args } = parseArgs({
  options: {
    candidates: { type: 'string', default: '10000' },
    rate: { type: 'string', default: '1000' },
    seconds: { type: 'string', default: '20' },
    sweep: { type: 'string' },
    'sweep-seconds': { type: 'string', default: '10' },
    overload: { type: 'string', default: '10000' },
    'overload-seconds': { type: 'string', default: '6' },
    clients: { type: 'string', default: '2' },
    'max-pending': { type: 'string' },
  },
  allowNegative: true,
});
// `--sweep` alone: the default steps
const sweepIndex = process.argv.indexOf('--sweep');
const sweepRates =
  sweepIndex < 0
    ? []
    : (args.sweep && !args.sweep.startsWith('--') ? args.sweep : '1000,2500,5000,7500,10000')
        .split(',')
        .map(Number);
const N = Number(args.candidates);
const RATE = Number(args.rate);
const SECONDS = Number(args.seconds);
const CLIENTS = Math.max(1, Number(args.clients));
const ITEMS_PER_PAPER = 20;
const DATABASE = 'exam_bench_autosave';

const benchDb = benchDatabase(DATABASE);

const sha256 = (text) => createHash('sha256').update(text).digest('hex');

// ── the scratch database ──

async function loadFixtures() {
  const client = new pg.Client(benchDb);
  await client.connect();
  const started = performance.now();
  const now = new Date();
  const endsAt = new Date(now.getTime() + 3 * 3600_000);
  const versionIds = Array.from({ length: ITEMS_PER_PAPER }, () => randomUUID());
  const candidates = Array.from({ length: N }, (_, index) => ({
    index,
    attemptId: randomUUID(),
    paperId: randomUUID(),
    token: `bench-token-${index}-${randomUUID()}`,
    clientId: `bench-client-${index}`,
  }));
  await client.query('BEGIN');
  await client.query('SET LOCAL session_replication_role = replica');
  const options = JSON.stringify(['A', 'B', 'C', 'D'].map((letter) => ({ letter, text: `选项${letter}` })));
  await client.query(
    `INSERT INTO "BankItemVersion" (id, "itemId", version, "contentHash", type, levels, topic, difficulty,
       "pointsTenths", stem, options, key, source, "importId")
     SELECT v, gen_random_uuid(), 1, 'bench', 'single', ARRAY['L5']::"Level"[], '基准', 1, 10, '基准题干',
       $2::jsonb, '"A"'::jsonb, '基准测试', gen_random_uuid()
     FROM unnest($1::uuid[]) AS v`,
    [versionIds, options],
  );
  const CHUNK = 5000;
  for (let from = 0; from < N; from += CHUNK) {
    const part = candidates.slice(from, from + CHUNK);
    const paperIds = part.map((c) => c.paperId);
    const attemptIds = part.map((c) => c.attemptId);
    await client.query(
      `INSERT INTO "Paper" (id, "sittingId", "applicationId", "blueprintId", "selectionSeed", "orderSeed",
         "itemCount", "totalPointsTenths", "durationMinutes", "contentKey", "assembledAt")
       SELECT p, gen_random_uuid(), gen_random_uuid(), gen_random_uuid(), 'bench', 'bench', $2, $2 * 10, 180,
         '\\x00', $3
       FROM unnest($1::uuid[]) AS p`,
      [paperIds, ITEMS_PER_PAPER, now],
    );
    await client.query(
      `INSERT INTO "PaperItem" ("paperId", position, section, "bankItemVersionId", "pointsTenths", "optionOrder")
       SELECT p, v.position, 0, v.id, 10, '{0,1,2,3}'
       FROM unnest($1::uuid[]) AS p
       CROSS JOIN unnest($2::uuid[]) WITH ORDINALITY AS v(id, position)`,
      [paperIds, versionIds],
    );
    await client.query(
      `INSERT INTO "Attempt" (id, "paperId", "sittingId", "applicationId", status, "checkedInAt", "readyAt",
         "startedAt", "endsAt", "updatedAt")
       SELECT a, p, gen_random_uuid(), gen_random_uuid(), 'in_progress', $3, $3, $3, $4, $3
       FROM unnest($1::uuid[], $2::uuid[]) AS u(a, p)`,
      [attemptIds, paperIds, now, endsAt],
    );
    await client.query(
      `INSERT INTO "ExamSession" (id, "attemptId", "tokenHash", "clientId", ip, "userAgent", "createdAt", "expiresAt")
       SELECT gen_random_uuid(), a, h, c, '127.0.0.1', 'bench', $4, $5
       FROM unnest($1::uuid[], $2::text[], $3::text[]) AS u(a, h, c)`,
      [attemptIds, part.map((c) => sha256(c.token)), part.map((c) => c.clientId), now, endsAt],
    );
  }
  await client.query('COMMIT');
  await client.query('ANALYZE');
  await client.end();
  console.log(
    `夹具：${fmt(N)} 份试卷（各 ${ITEMS_PER_PAPER} 道单选）、作答与考试登录，用时 ${fmt((performance.now() - started) / 1000, 1)} s`,
  );
  return candidates;
}

// ── the API process ──

function startApi() {
  const env = {
    ...process.env,
    DATABASE_URL: databaseUrl(DATABASE),
    EXAM_DATA_DIR: `/tmp/exam-bench-autosave-${process.pid}`,
    NODE_ENV: 'production',
  };
  if (args['max-pending']) env.EXAM_SAVE_MAX_PENDING = args['max-pending'];
  const api = spawn(
    process.execPath,
    ['--import', `${root}test/bench/autosave/probe.mjs`, `${root}api/bin/exam.js`, 'serve', '--port', '0'],
    { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] },
  );
  let output = '';
  api.stderr.on('data', (d) => {
    output += d;
    process.stderr.write(`[api] ${d}`);
  });
  return new Promise((resolve, reject) => {
    api.stdout.on('data', (d) => {
      output += d;
      const match = /接口：\s*(http:\/\/[^/\s]+)/.exec(output);
      if (match) resolve({ api, base: match[1] });
    });
    api.once('exit', (code) => reject(new Error(`API 进程退出（${code}）：\n${output}`)));
  });
}

function probe(api) {
  return new Promise((resolve) => {
    const onMessage = (m) => {
      if (m?.type !== 'probe') return;
      api.off('message', onMessage);
      resolve(m);
    };
    api.on('message', onMessage);
    api.send({ type: 'probe' });
  });
}

// ── the load ──

function startClients(candidates, url) {
  const workers = Array.from({ length: CLIENTS }, () =>
    fork(`${root}test/bench/autosave/client.mjs`, [], { serialization: 'advanced' }),
  );
  const request = (worker, message, reply) =>
    new Promise((resolve) => {
      const onMessage = (m) => {
        if (m.type !== reply) return;
        worker.off('message', onMessage);
        resolve(m);
      };
      worker.on('message', onMessage);
      worker.send(message);
    });
  return {
    async connect() {
      const started = performance.now();
      const results = await Promise.all(
        workers.map((w, k) =>
          request(
            w,
            {
              type: 'connect',
              url,
              slice: candidates
                .filter((c) => c.index % CLIENTS === k)
                .map(({ index, attemptId, token, clientId }) => ({ index, attemptId, token, clientId })),
            },
            'connected',
          ),
        ),
      );
      return {
        ms: performance.now() - started,
        connected: results.reduce((s, r) => s + r.connected, 0),
        refused: results.reduce((s, r) => s + r.refused, 0),
        errors: Object.assign({}, ...results.map((r) => r.errors)),
        p50: Math.max(...results.map((r) => r.p50)),
        p99: Math.max(...results.map((r) => r.p99)),
        clientCpu: results.map((r) => `${fmt(r.cpuPercent)}%`).join(' + '),
      };
    },
    async run(rate, seconds, phase, collectAcked) {
      const results = await Promise.all(
        workers.map((w) =>
          request(w, { type: 'run', rate: rate / CLIENTS, seconds, phase, collectAcked }, 'ran'),
        ),
      );
      const all = Float64Array.from(results.flatMap((r) => [...r.latencies])).sort();
      const accepted = Float64Array.from(results.flatMap((r) => [...r.acceptedLatencies])).sort();
      const codes = {};
      for (const r of results) for (const [c, n] of Object.entries(r.codes)) codes[c] = (codes[c] ?? 0) + n;
      const sent = results.reduce((s, r) => s + r.sent, 0);
      const answered = results.reduce((s, r) => s + r.answered, 0);
      const skipped = results.reduce((s, r) => s + r.skipped, 0);
      const elapsed = Math.max(...results.map((r) => r.elapsedMs)) / 1000;
      return {
        rate,
        seconds,
        sent,
        skipped,
        answered,
        ok: accepted.length,
        achieved: accepted.length / seconds,
        p50: percentile(all, 50),
        p99: percentile(all, 99),
        max: all.length ? all[all.length - 1] : NaN,
        okP50: percentile(accepted, 50),
        okP99: percentile(accepted, 99),
        okMax: accepted.length ? accepted[accepted.length - 1] : NaN,
        codes,
        elapsed,
        acked: results.flatMap((r) => r.acked),
      };
    },
    close() {
      for (const w of workers) if (w.connected) w.send({ type: 'close' });
    },
  };
}

function report(label, r, p) {
  const codes = Object.entries(r.codes)
    .map(([c, n]) => `${c} ${fmt(n)}`)
    .join('，');
  console.log(
    `${label}：目标 ${fmt(r.rate)}/s × ${r.seconds} s → 已确认保存 ${fmt(r.achieved)}/s（发出 ${fmt(r.sent)}，应答 ${fmt(r.answered)}${r.skipped ? `，压测端跟不上而未发 ${fmt(r.skipped)}` : ''}）；` +
      `应答延迟 p50 ${fmt(r.p50, 1)} ms，p99 ${fmt(r.p99, 1)} ms，最大 ${fmt(r.max, 1)} ms；` +
      `拒绝：${codes || '无'}；负载 ${loadavg()[0].toFixed(1)}；API CPU ${fmt(p.cpuPercent)}%，事件循环延迟 p99 ${fmt(p.loopDelayMs.p99, 1)} ms / 最大 ${fmt(p.loopDelayMs.max, 1)} ms，RSS ${fmt(p.rssMb)} MB`,
  );
  if (r.codes.busy)
    console.log(
      `  （其中成功保存的应答延迟 p50 ${fmt(r.okP50, 1)} ms，p99 ${fmt(r.okP99, 1)} ms，最大 ${fmt(r.okMax, 1)} ms）`,
    );
}

async function missingAcknowledged(candidates, acked) {
  const client = new pg.Client(benchDb);
  await client.connect();
  let missing = 0;
  const CHUNK = 50_000;
  for (let i = 0; i < acked.length; i += CHUNK * 2) {
    const part = acked.slice(i, i + CHUNK * 2);
    const ids = [];
    const seqs = [];
    for (let j = 0; j < part.length; j += 2) {
      ids.push(candidates[part[j]].attemptId);
      seqs.push(part[j + 1]);
    }
    const { rows } = await client.query(
      `SELECT count(*)::int AS n FROM unnest($1::uuid[], $2::int[]) AS u(a, s)
       WHERE NOT EXISTS (SELECT 1 FROM "AnswerSave" x WHERE x."attemptId" = u.a AND x.seq = u.s)`,
      [ids, seqs],
    );
    missing += rows[0].n;
  }
  await client.end();
  return missing;
}

/** Raw upserts into AnswerSave from one pg client: single rows, then 100-row batches. */
async function baselines(candidates) {
  const client = new pg.Client(benchDb);
  await client.connect();
  const SECONDS = 3;
  let seq = 5_000_000;
  let single = 0;
  let end = performance.now() + SECONDS * 1000;
  while (performance.now() < end) {
    const c = candidates[single % candidates.length];
    await client.query(
      `INSERT INTO "AnswerSave" ("attemptId", seq, position, response, "idempotencyKey", "receivedAt")
       VALUES ($1, $2, 1, '"A"', $3, now()) ON CONFLICT ("attemptId", seq) DO NOTHING`,
      [c.attemptId, ++seq, `raw-${seq}`],
    );
    single++;
  }
  let batched = 0;
  end = performance.now() + SECONDS * 1000;
  let k = 0;
  while (performance.now() < end) {
    const ids = [];
    const seqs = [];
    const keys = [];
    for (let i = 0; i < 100; i++) {
      ids.push(candidates[k++ % candidates.length].attemptId);
      seqs.push(++seq);
      keys.push(`raw-${seq}`);
    }
    await client.query(
      `INSERT INTO "AnswerSave" ("attemptId", seq, position, response, "idempotencyKey", "receivedAt")
       SELECT a, s, 1, '"A"', k, now() FROM unnest($1::uuid[], $2::int[], $3::text[]) AS u(a, s, k)
       ON CONFLICT ("attemptId", seq) DO NOTHING`,
      [ids, seqs, keys],
    );
    batched += 100;
  }
  await client.end();
  return { single: single / SECONDS, batched: batched / SECONDS };
}

// ── the run ──

const t0 = performance.now();
console.log(
  `答案自动保存基准：${fmt(N)} 名考生，${CLIENTS} 个客户端进程，数据库 ${admin.host}:${admin.port}/${DATABASE}；` +
    `本机 ${availableParallelism()} 核，当前负载 ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' / ')}`,
);
await freshDatabase(DATABASE);
const candidates = await loadFixtures();
const { api, base } = await startApi();
let clients;
try {
  console.log(`API：${base}（子进程 ${api.pid}）`);
  clients = startClients(candidates, `${base}/exam`);
  await probe(api);
  const connected = await clients.connect();
  const p0 = await probe(api);
  console.log(
    `连接：${fmt(connected.connected)} 个 socket 用时 ${fmt(connected.ms / 1000, 1)} s（${fmt(connected.connected / (connected.ms / 1000))}/s）` +
      `${connected.refused ? `，被拒 ${connected.refused}：${JSON.stringify(connected.errors)}` : ''}；` +
      `单个握手 p50 ${fmt(connected.p50)} ms、p99 ${fmt(connected.p99)} ms；` +
      `API CPU ${fmt(p0.cpuPercent)}%，客户端进程 CPU ${connected.clientCpu}，RSS ${fmt(p0.rssMb)} MB`,
  );

  // warm-up: every paper index loaded, connections settled
  await clients.run(Math.min(RATE, 2000), 2, 'warm-up', false);
  await probe(api);

  const main = await clients.run(RATE, SECONDS, 'main', true);
  report('主测', main, await probe(api));

  const sweep = [];
  for (const rate of sweepRates) {
    const r = await clients.run(rate, Number(args['sweep-seconds']), `sweep-${rate}`, true);
    const p = await probe(api);
    report(`阶梯 ${fmt(rate)}/s`, r, p);
    sweep.push({ r, p });
    for (const a of r.acked) main.acked.push(a);
  }

  const overloadRate = Number(args.overload);
  if (overloadRate > 0) {
    const r = await clients.run(overloadRate, Number(args['overload-seconds']), 'overload', true);
    report(`过载 ${fmt(overloadRate)}/s`, r, await probe(api));
    for (const a of r.acked) main.acked.push(a);
  }

  const checked = main.acked.length / 2;
  const missing = await missingAcknowledged(candidates, main.acked);
  console.log(`逐行核对：已确认的保存 ${fmt(checked)} 条，数据库中缺失 ${missing} 条`);

  if (sweep.length) {
    const held = sweep.filter(({ r }) => r.p99 < 200 && r.achieved >= r.rate * 0.95 && !r.codes.busy);
    const best = held.at(-1);
    console.log(
      best
        ? `p99 < 200 ms 下保持的最高速率：${fmt(best.r.rate)} saves/s（实测 ${fmt(best.r.achieved)}/s，p99 ${fmt(best.r.p99, 1)} ms，API CPU ${fmt(best.p.cpuPercent)}%）`
        : '阶梯中没有一档在 p99 < 200 ms 下保持住',
    );
  }

  api.kill('SIGTERM');
  clients.close();
  const raw = await baselines(candidates);
  console.log(
    `同表原始写入（单个 pg 客户端）：单行 INSERT … ON CONFLICT ${fmt(raw.single)} 行/s；100 行一批 ${fmt(raw.batched)} 行/s`,
  );
  console.log(`总用时 ${fmt((performance.now() - t0) / 1000, 1)} s`);
  if (missing > 0) process.exitCode = 1;
} catch (error) {
  console.error(error);
  process.exitCode = 1;
} finally {
  api.kill('SIGTERM');
  clients?.close();
}
