// Proctoring benchmark (issue 7, Performance): the time from a candidate's answer save to the invigilator's
// console showing it, at N connected candidates across R rooms of one sitting, with (a) one API process and no
// Redis, and (b) two API processes sharing socket.io rooms, the room event log and presence through Redis
// (REDIS_URL). One console socket per room ('room:watch'); candidates save at a rate spread over all of them.
// Prints per mode: the save → console latency (median, p99, max; in mode b also split by whether the save
// went to the console's own process or the other one), the save acknowledgement latency, the events lost
// (a seq gap still open after re-watching with sinceSeq) and duplicated (a seq delivered twice) after some
// consoles drop mid-run and reconnect (in mode b to the other process) with their last seq, and the API
// processes' CPU and event-loop delay. Then the bare baseline: plain socket.io + Redis adapter relaying a
// small message from one process to another (p50/p99).
//
//   npm run bench:proctoring                              # 10,000 candidates, 300 rooms, 1,000 saves/s, both modes
//   node test/bench/proctoring.mjs --candidates 2000 --rooms 60 --seconds 10
//   node test/bench/proctoring.mjs --modes redis --rate 2000
//   node test/bench/proctoring.mjs --no-baseline
// Needs `npx tsc -b api` first (the API runs from api/dist). TEST_DATABASE_URL, else
// postgres://postgres@127.0.0.1:5432/postgres, is the server; REDIS_URL, else redis://127.0.0.1:6379, the
// Redis of mode b and the baseline (both skipped, with a message, when it does not answer).
//
// The fixtures are raw rows (unnest inserts, foreign-key triggers off while loading), as the room view reads
// them: one sitting started in R rooms (6 × 6 seats, the free ones spare), N persons with applications and
// published 准考证, seat assignments, papers of 20 single-choice items, attempts in progress for 3 hours,
// exam logins with known tokens, and per room an invigilator on duty with a staff session token. The batch,
// units, occupation and policy they point to are not made: nothing on the measured paths reads them.
import { fork, spawn } from 'node:child_process';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { availableParallelism, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import pg from 'pg';
import { io } from 'socket.io-client';
import { admin, benchDatabase, databaseUrl, fmt, freshDatabase, percentile } from './support.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
const { values: args } = parseArgs({
  options: {
    candidates: { type: 'string', default: '10000' },
    rooms: { type: 'string', default: '300' },
    rate: { type: 'string', default: '1000' },
    seconds: { type: 'string', default: '15' },
    clients: { type: 'string', default: '2' },
    modes: { type: 'string', default: 'single,redis' },
    reconnect: { type: 'string', default: '30' },
    baseline: { type: 'boolean', default: true },
  },
  allowNegative: true,
});
const N = Number(args.candidates);
const ROOMS = Number(args.rooms);
const RATE = Number(args.rate);
const SECONDS = Number(args.seconds);
const CLIENTS = Math.max(1, Number(args.clients));
const RECONNECT = Number(args.reconnect);
const MODES = args.modes.split(',').map((m) => m.trim());
const ITEMS_PER_PAPER = 20;
const SEAT_ROWS = 6;
const SEAT_COLUMNS = 6;
const DATABASE = 'exam_bench_proctoring';
const REDIS_URL = process.env.REDIS_URL?.trim() || 'redis://127.0.0.1:6379';

const benchDb = benchDatabase(DATABASE);

const sha256 = (text) => createHash('sha256').update(text).digest('hex');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function summary(values) {
  const sorted = Float64Array.from(values).sort();
  return {
    n: sorted.length,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted.length ? sorted[sorted.length - 1] : NaN,
  };
}

const line = (s) =>
  `n=${fmt(s.n)}，中位数 ${fmt(s.p50, 1)} ms，p99 ${fmt(s.p99, 1)} ms，最大 ${fmt(s.max, 1)} ms`;

// ── the scratch database ──

async function loadFixtures() {
  const client = new pg.Client(benchDb);
  await client.connect();
  const started = performance.now();
  const now = new Date();
  const startsAt = new Date(now.getTime() - 10 * 60_000);
  const endsAt = new Date(now.getTime() + 3 * 3600_000);
  const sittingId = randomUUID();
  const batchId = randomUUID();
  const organisationId = randomUUID();
  const occupationId = randomUUID();
  const policyVersionId = randomUUID();
  const venueId = randomUUID();
  const versionIds = Array.from({ length: ITEMS_PER_PAPER }, () => randomUUID());
  const seatsPerRoom = SEAT_ROWS * SEAT_COLUMNS;
  if (Math.ceil(N / ROOMS) > seatsPerRoom)
    throw new Error(
      `每个考场最多 ${seatsPerRoom} 个座位：${fmt(N)} 名考生至少需要 ${Math.ceil(N / seatsPerRoom)} 个考场`,
    );

  const rooms = Array.from({ length: ROOMS }, (_, r) => ({
    index: r,
    roomId: randomUUID(),
    sittingRoomId: randomUUID(),
    userId: randomUUID(),
    token: randomBytes(32).toString('base64url'),
    seats: Array.from({ length: seatsPerRoom }, (_, s) => ({
      id: randomUUID(),
      row: 1 + Math.floor(s / SEAT_COLUMNS),
      column: 1 + (s % SEAT_COLUMNS),
    })),
    candidates: [],
  }));
  const candidates = Array.from({ length: N }, (_, index) => {
    const room = rooms[Math.floor((index * ROOMS) / N)];
    const seat = room.seats[room.candidates.length];
    const c = {
      index,
      roomId: room.roomId,
      seatId: seat.id,
      personId: randomUUID(),
      applicationId: randomUUID(),
      attemptId: randomUUID(),
      paperId: randomUUID(),
      token: `bench-token-${index}-${randomUUID()}`,
      clientId: `bench-client-${index}`,
    };
    room.candidates.push(c);
    return c;
  });

  await client.query('BEGIN');
  await client.query('SET LOCAL session_replication_role = replica');
  await client.query(
    `INSERT INTO "Sitting" (id, "batchId", component, name, "startsAt", "durationMinutes", "endsAt", status,
       "publishedAt", "updatedAt")
     VALUES ($1, $2, 'theory', '基准测试 人机对话', $3::timestamptz, 180, $3::timestamptz + make_interval(mins => 180), 'open', $3, $3)`,
    [sittingId, batchId, startsAt],
  );
  await client.query(
    `INSERT INTO "Room" (id, "venueId", name, kind, capacity, rows, columns)
     SELECT r, $2, '第' || i || '考场', 'computer', $3, $4, $5 FROM unnest($1::uuid[]) WITH ORDINALITY AS u(r, i)`,
    [rooms.map((r) => r.roomId), venueId, seatsPerRoom, SEAT_ROWS, SEAT_COLUMNS],
  );
  const seatRows = rooms.flatMap((r) =>
    r.seats.map((s, k) => ({ ...s, roomId: r.roomId, spare: k >= r.candidates.length })),
  );
  await client.query(
    `INSERT INTO "Seat" (id, "roomId", row, "column", label, spare)
     SELECT id, room, row, col, lpad(row::text, 2, '0') || '-' || lpad(col::text, 2, '0'), spare
     FROM unnest($1::uuid[], $2::uuid[], $3::int[], $4::int[], $5::bool[]) AS u(id, room, row, col, spare)`,
    [
      seatRows.map((s) => s.id),
      seatRows.map((s) => s.roomId),
      seatRows.map((s) => s.row),
      seatRows.map((s) => s.column),
      seatRows.map((s) => s.spare),
    ],
  );
  await client.query(
    `INSERT INTO "SittingRoom" (id, "sittingId", "roomId", position, "startedAt")
     SELECT id, $3, room, i, $4 FROM unnest($1::uuid[], $2::uuid[]) WITH ORDINALITY AS u(id, room, i)`,
    [rooms.map((r) => r.sittingRoomId), rooms.map((r) => r.roomId), sittingId, startsAt],
  );
  // per room an invigilator on duty, with a staff session token (as after POST /api/auth/login)
  await client.query(
    `INSERT INTO "User" (id, username, "displayName", "passwordHash", "updatedAt")
     SELECT id, 'bench-invigilator-' || i, '监考员' || i, 'not-a-bcrypt-hash', $2
     FROM unnest($1::uuid[]) WITH ORDINALITY AS u(id, i)`,
    [rooms.map((r) => r.userId), now],
  );
  await client.query(
    `INSERT INTO "RoleGrant" (id, "userId", role) SELECT gen_random_uuid(), id, 'invigilator' FROM unnest($1::uuid[]) AS id`,
    [rooms.map((r) => r.userId)],
  );
  await client.query(
    `INSERT INTO "Session" (id, "userId", "tokenHash", "createdAt", "lastSeenAt", "expiresAt")
     SELECT gen_random_uuid(), id, h, $3, $3, $4 FROM unnest($1::uuid[], $2::text[]) AS u(id, h)`,
    [rooms.map((r) => r.userId), rooms.map((r) => sha256(r.token)), now, endsAt],
  );
  await client.query(
    `INSERT INTO "SittingInvigilator" (id, "sittingRoomId", "userId", chief)
     SELECT gen_random_uuid(), sr, u, true FROM unnest($1::uuid[], $2::uuid[]) AS x(sr, u)`,
    [rooms.map((r) => r.sittingRoomId), rooms.map((r) => r.userId)],
  );
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
    const col = (key) => part.map((c) => c[key]);
    await client.query(
      `INSERT INTO "Person" (id, "idNumber", name, sex, "birthDate", education, "organisationId", "workStartDate", "updatedAt")
       SELECT id, 'BENCH' || lpad(i::text, 13, '0'), '考生' || i, 'M', '1980-01-01', 'senior_high', $3, '2000-01-01', $4
       FROM unnest($1::uuid[], $2::int[]) AS u(id, i)`,
      [col('personId'), col('index'), organisationId, now],
    );
    await client.query(
      `INSERT INTO "Application" (id, number, "batchId", "personId", "organisationId", "occupationId", "targetLevel",
         "applicationType", status, "policyVersionId", declared, eligibility, eligible, "updatedAt")
       SELECT id, 'BENCH-' || i, $4, person, $5, $6, 'L5', 'normal', 'approved', $7, '{}', '{}', true, $8
       FROM unnest($1::uuid[], $2::uuid[], $3::int[]) AS u(id, person, i)`,
      [
        col('applicationId'),
        col('personId'),
        col('index'),
        batchId,
        organisationId,
        occupationId,
        policyVersionId,
        now,
      ],
    );
    await client.query(
      `INSERT INTO "AdmissionTicket" (id, "applicationId", "batchId", "ticketNumber", "publishedAt")
       SELECT gen_random_uuid(), a, $3, 'B' || lpad(i::text, 9, '0'), $4 FROM unnest($1::uuid[], $2::int[]) AS u(a, i)`,
      [col('applicationId'), col('index'), batchId, now],
    );
    await client.query(
      `INSERT INTO "SeatAssignment" (id, "sittingId", "applicationId", "roomId", "seatId", "assignedAt")
       SELECT gen_random_uuid(), $4, a, r, s, $5 FROM unnest($1::uuid[], $2::uuid[], $3::uuid[]) AS u(a, r, s)`,
      [col('applicationId'), col('roomId'), col('seatId'), sittingId, now],
    );
    await client.query(
      `INSERT INTO "Paper" (id, "sittingId", "applicationId", "blueprintId", "selectionSeed", "orderSeed",
         "itemCount", "totalPointsTenths", "durationMinutes", "contentKey", "assembledAt")
       SELECT p, $3, a, gen_random_uuid(), 'bench', 'bench', $4, $4 * 10, 180, '\\x00', $5
       FROM unnest($1::uuid[], $2::uuid[]) AS u(p, a)`,
      [col('paperId'), col('applicationId'), sittingId, ITEMS_PER_PAPER, now],
    );
    await client.query(
      `INSERT INTO "PaperItem" ("paperId", position, section, "bankItemVersionId", "pointsTenths", "optionOrder")
       SELECT p, v.position, 0, v.id, 10, '{0,1,2,3}'
       FROM unnest($1::uuid[]) AS p
       CROSS JOIN unnest($2::uuid[]) WITH ORDINALITY AS v(id, position)`,
      [col('paperId'), versionIds],
    );
    await client.query(
      `INSERT INTO "Attempt" (id, "paperId", "sittingId", "applicationId", status, "checkedInAt", "readyAt",
         "startedAt", "endsAt", "updatedAt")
       SELECT a, p, $4, ap, 'in_progress', $5, $5, $5, $6, $5
       FROM unnest($1::uuid[], $2::uuid[], $3::uuid[]) AS u(a, p, ap)`,
      [col('attemptId'), col('paperId'), col('applicationId'), sittingId, startsAt, endsAt],
    );
    await client.query(
      `INSERT INTO "ExamSession" (id, "attemptId", "tokenHash", "clientId", ip, "userAgent", "createdAt", "expiresAt")
       SELECT gen_random_uuid(), a, h, c, '127.0.0.1', 'bench', $4, $5
       FROM unnest($1::uuid[], $2::text[], $3::text[]) AS u(a, h, c)`,
      [col('attemptId'), part.map((c) => sha256(c.token)), col('clientId'), now, endsAt],
    );
  }
  await client.query('COMMIT');
  await client.query('ANALYZE');
  await client.end();
  console.log(
    `夹具：1 个场次、${fmt(ROOMS)} 个考场（各 ${seatsPerRoom} 座、1 名在岗监考员）、${fmt(N)} 名考生（准考证、座位、` +
      `${ITEMS_PER_PAPER} 道单选的试卷、答题中的作答、考试登录），用时 ${fmt((performance.now() - started) / 1000, 1)} s`,
  );
  return { sittingId, rooms, candidates };
}

/** Between modes: attempts back to in progress, as a fresh start of the day would have them. */
async function resetAttempts(sittingId) {
  const client = new pg.Client(benchDb);
  await client.connect();
  await client.query(
    `UPDATE "Attempt" SET status = 'in_progress', "disconnectedAt" = NULL
     WHERE "sittingId" = $1 AND status <> 'in_progress'`,
    [sittingId],
  );
  await client.end();
}

// ── Redis ──

async function redisAnswers() {
  const probe = new Redis(REDIS_URL, {
    lazyConnect: true,
    connectTimeout: 1000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  probe.on('error', () => undefined);
  try {
    await probe.connect();
    return (await probe.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    probe.disconnect();
  }
}

/** The keys a run left: the sitting's room sequences and streams, the candidates' presence. */
async function cleanRedis(sittingId, candidates) {
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `exam:proctor:*:${sittingId}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) await redis.del(...keys);
    } while (cursor !== '0');
    for (let i = 0; i < candidates.length; i += 1000)
      await redis.del(...candidates.slice(i, i + 1000).map((c) => `exam:presence:${c.attemptId}`));
  } finally {
    redis.disconnect();
  }
}

// ── the API processes ──

function startApi(name, redis) {
  const env = {
    ...process.env,
    DATABASE_URL: databaseUrl(DATABASE),
    EXAM_DATA_DIR: `/tmp/exam-bench-proctoring-${process.pid}`,
    NODE_ENV: 'production',
    REDIS_URL: redis ? REDIS_URL : '',
  };
  const api = spawn(
    process.execPath,
    [
      '--import',
      `${root}test/bench/autosave/probe.mjs`,
      '--import',
      `${root}test/bench/proctoring/stages.mjs`,
      `${root}api/bin/exam.js`,
      'serve',
      '--port',
      '0',
    ],
    { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] },
  );
  let output = '';
  api.stderr.on('data', (d) => {
    output += d;
    process.stderr.write(`[api ${name}] ${d}`);
  });
  return new Promise((resolve, reject) => {
    api.stdout.on('data', (d) => {
      output += d;
      const match = /接口：\s*(http:\/\/[^/\s]+)/.exec(output);
      if (match) resolve({ name, api, base: match[1] });
    });
    api.once('exit', (code) => reject(new Error(`API ${name} 进程退出（${code}）：\n${output}`)));
  });
}

function ask(api, type) {
  return new Promise((resolve) => {
    const onMessage = (m) => {
      if (m?.type !== type) return;
      api.off('message', onMessage);
      resolve(m);
    };
    api.on('message', onMessage);
    api.send({ type });
  });
}
/** CPU and event-loop delay since the last probe (test/bench/autosave/probe.mjs) */
const probe = (api) => ask(api, 'probe');
/** the room event producer's stages since the last request (test/bench/proctoring/stages.mjs) */
const stages = (api) => ask(api, 'stages').then((m) => m.stages);

async function stopApi({ api }) {
  if (api.exitCode !== null || api.signalCode !== null) return;
  const exited = new Promise((r) => api.once('exit', r));
  // the mode's figures are taken: no graceful shutdown (it would disconnect 10,000 sockets one by one)
  api.kill('SIGKILL');
  await exited;
}

// ── the load ──

function startClients() {
  const workers = Array.from({ length: CLIENTS }, () =>
    fork(`${root}test/bench/proctoring/client.mjs`, [], { serialization: 'advanced' }),
  );
  for (const w of workers)
    w.on('message', (m) => {
      if (m.type === 'error') console.error(`[客户端进程 ${w.pid}] ${m.message}`);
    });
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
  const all = (message, reply, per) =>
    Promise.all(workers.map((w, k) => request(w, per ? { ...message, ...per(k) } : message, reply)));
  return {
    workers,
    request,
    all,
    close: () => workers.forEach((w) => w.connected && w.send({ type: 'close' })),
  };
}

/** Rooms are held whole by one client process: room r by process r % CLIENTS. */
const owner = (room) => room.index % CLIENTS;

async function runMode(mode, fixtures, clients) {
  const redis = mode === 'redis';
  const apis = redis
    ? await Promise.all([startApi('A', true), startApi('B', true)])
    : [await startApi('A', false)];
  const label = redis ? '（b）两个 API 进程 + Redis' : '（a）一个 API 进程，无 Redis';
  console.log(`\n━━ ${label}：${apis.map((a) => `${a.name} ${a.base}`).join('，')} ━━`);
  try {
    await Promise.all(apis.map((a) => probe(a.api)));
    // consoles first (the invigilators open the room before the candidates arrive): room r on API r % n
    const consoleUrl = (room) => `${apis[room.index % apis.length].base}/proctor`;
    const consoles = await clients.all({ type: 'consoles' }, 'consoles', (k) => ({
      list: fixtures.rooms
        .filter((r) => owner(r) === k)
        .map((r) => ({
          sittingId: fixtures.sittingId,
          roomId: r.roomId,
          token: r.token,
          url: consoleUrl(r),
        })),
    }));
    const watching = consoles.reduce((s, r) => s + r.watching, 0);
    const consoleErrors = Object.assign({}, ...consoles.map((r) => r.errors));
    console.log(
      `监考台：${fmt(watching)} 个 socket 各监看一个考场，用时 ${fmt(Math.max(...consoles.map((r) => r.ms)) / 1000, 1)} s` +
        `（快照 p50 ${fmt(Math.max(...consoles.map((r) => r.p50)))} ms，p99 ${fmt(Math.max(...consoles.map((r) => r.p99)))} ms）` +
        `${Object.keys(consoleErrors).length ? `；失败：${JSON.stringify(consoleErrors)}` : ''}`,
    );
    // candidates: within each room, alternately on each API (in mode b half of a room's saves cross processes)
    const candidateUrl = (c) => `${apis[c.index % apis.length].base}/exam`;
    const connected = await clients.all({ type: 'candidates' }, 'candidates', (k) => ({
      list: fixtures.rooms
        .filter((r) => owner(r) === k)
        .flatMap((r) => r.candidates)
        .map((c) => ({
          attemptId: c.attemptId,
          roomId: c.roomId,
          token: c.token,
          clientId: c.clientId,
          url: candidateUrl(c),
        })),
    }));
    const errors = Object.assign({}, ...connected.map((r) => r.errors));
    const probes = await Promise.all(apis.map((a) => probe(a.api)));
    console.log(
      `考生：${fmt(connected.reduce((s, r) => s + r.connected, 0))} 个 socket 连接用时 ${fmt(Math.max(...connected.map((r) => r.ms)) / 1000, 1)} s` +
        `${Object.keys(errors).length ? `，被拒：${JSON.stringify(errors)}` : ''}；` +
        `API CPU ${probes.map((p) => `${fmt(p.cpuPercent)}%`).join(' + ')}，RSS ${probes.map((p) => `${fmt(p.rssMb)} MB`).join(' + ')}`,
    );
    // the connection events reach the consoles; the first saves load the paper indexes
    await clients.all(
      { type: 'run', rate: Math.min(RATE, 2000) / CLIENTS, seconds: 2, phase: 'warm-up', measure: false },
      'ran',
    );
    await Promise.all(apis.map((a) => probe(a.api)));
    await Promise.all(apis.map((a) => stages(a.api)));

    const ran = await clients.all(
      { type: 'run', rate: RATE / CLIENTS, seconds: SECONDS, phase: 'main', measure: true },
      'ran',
    );
    const probed = await Promise.all(apis.map((a) => probe(a.api)));
    const staged = await Promise.all(apis.map((a) => stages(a.api)));
    const acks = summary(ran.flatMap((r) => [...r.acks]));
    const shown = summary(ran.flatMap((r) => [...r.shown]));
    const codes = {};
    for (const r of ran) for (const [c, n] of Object.entries(r.codes)) codes[c] = (codes[c] ?? 0) + n;
    const sent = ran.reduce((s, r) => s + r.sent, 0);
    const notShown = ran.reduce((s, r) => s + r.notShown, 0);
    console.log(
      `保存：目标 ${fmt(RATE)}/s × ${SECONDS} s，发出 ${fmt(sent)}（${fmt(sent / SECONDS)}/s）` +
        `${ran.some((r) => r.skipped) ? `，压测端跟不上未发 ${fmt(ran.reduce((s, r) => s + r.skipped, 0))}` : ''}；` +
        `拒绝：${
          Object.entries(codes)
            .map(([c, n]) => `${c} ${fmt(n)}`)
            .join('，') || '无'
        }`,
    );
    console.log(`  保存应答延迟：${line(acks)}`);
    console.log(
      `  保存 → 监考台显示：${line(shown)}${notShown ? `；已确认但监考台始终未显示 ${fmt(notShown)} 条` : ''}`,
    );
    if (redis) {
      console.log(`    其中考生与监考台在同一进程：${line(summary(ran.flatMap((r) => [...r.shownSame])))}`);
      console.log(`    其中考生与监考台在不同进程：${line(summary(ran.flatMap((r) => [...r.shownCross])))}`);
    }
    console.log(`    其中应答之后到显示：${line(summary(ran.flatMap((r) => [...r.afterAck])))}`);
    const stage = (s) => `中位数 ${fmt(s.p50, 1)} / p99 ${fmt(s.p99, 1)} / 最大 ${fmt(s.max, 1)} ms`;
    for (const [i, s] of staged.entries())
      console.log(
        `  API ${apis[i].name} 推送各段：合并窗口 ${stage(s.window)}；进度查询 ${stage(s.progress)}；` +
          `追加并广播 ${stage(s.append)}（其中事件日志 ${stage(s.log)}）；每次合并 ${fmt(s.batch.p50)}（p99 ${fmt(s.batch.p99)}）名考生`,
      );
    console.log(
      `  API 进程：${probed
        .map(
          (p, i) =>
            `${apis[i].name} CPU ${fmt(p.cpuPercent)}%，事件循环延迟 p99 ${fmt(p.loopDelayMs.p99, 1)} ms / 最大 ${fmt(p.loopDelayMs.max, 1)} ms，RSS ${fmt(p.rssMb)} MB`,
        )
        .join('；')}；负载 ${loadavg()[0].toFixed(1)}`,
    );

    // some consoles drop while saves go on, and come back (in mode b on the other process) with their last seq
    let reconnected = [];
    if (RECONNECT > 0) {
      const other = (room) => `${apis[(room.index + 1) % apis.length].base}/proctor`;
      const perWorker = Math.ceil(RECONNECT / CLIENTS);
      const running = clients.all(
        { type: 'run', rate: RATE / CLIENTS, seconds: 4, phase: 'reconnect', measure: false },
        'ran',
      );
      await sleep(500);
      reconnected = await clients.all(
        { type: 'reconnect', count: perWorker, pauseMs: 1500 },
        'reconnected',
        (k) => ({
          urls: Object.fromEntries(
            fixtures.rooms.filter((r) => owner(r) === k).map((r) => [r.roomId, other(r)]),
          ),
        }),
      );
      await running;
    }
    await sleep(300);
    const verified = await clients.all({ type: 'verify' }, 'verified');
    const sum = (key) => verified.reduce((s, r) => s + r[key], 0);
    console.log(
      `断线重连：${fmt(reconnected.reduce((s, r) => s + r.consoles, 0))} 个监考台断开 1.5 s 后${redis ? '改连另一进程' : '重连'}，` +
        `以 sinceSeq 补回 ${fmt(reconnected.reduce((s, r) => s + r.replayed, 0))} 个事件` +
        `${reconnected.some((r) => r.snapshots) ? `（${fmt(reconnected.reduce((s, r) => s + r.snapshots, 0))} 个改取快照）` : ''}` +
        `${reconnected.some((r) => r.failed) ? `，失败 ${fmt(reconnected.reduce((s, r) => s + r.failed, 0))}` : ''}`,
    );
    console.log(
      `  事件核对：监考台共应收 ${fmt(sum('events'))} 个考场事件；丢失 ${fmt(sum('lost'))}，重复 ${fmt(sum('duplicates'))}` +
        `；实时流中乱序到达 ${fmt(sum('outOfOrder'))}，靠最终 sinceSeq 补回 ${fmt(sum('filledByRewatch'))}，` +
        `补发与实时重叠（按协议忽略）${fmt(sum('replayOverlap'))}` +
        `${sum('failed') ? `；核对失败 ${fmt(sum('failed'))} 个考场` : ''}` +
        `${
          sum('lost')
            ? `；有丢失的考场如 ${verified
                .flatMap((r) => r.lossy)
                .slice(0, 3)
                .join('、')}`
            : ''
        }`,
    );
    return {
      mode,
      shown,
      acks,
      lost: sum('lost'),
      duplicates: sum('duplicates'),
      notShown,
      failed: sum('failed') + reconnected.reduce((s, r) => s + r.failed, 0),
    };
  } finally {
    await clients.all({ type: 'disconnect' }, 'disconnected');
    await Promise.all(apis.map(stopApi));
  }
}

// ── the bare baseline: socket.io + Redis adapter, one process to another ──

async function baseline() {
  const prefix = `bench-relay-${process.pid}`;
  const servers = [0, 1].map(() =>
    fork(`${root}test/bench/proctoring/relay.mjs`, [REDIS_URL, prefix], { stdio: 'inherit' }),
  );
  const wait = (child, type) =>
    new Promise((resolve) => {
      const on = (m) => {
        if (m.type !== type) return;
        child.off('message', on);
        resolve(m);
      };
      child.on('message', on);
    });
  const [a, b] = await Promise.all(servers.map((s) => wait(s, 'listening')));
  void a;
  const latencies = [];
  const received = new Map();
  let duplicates = 0;
  const sockets = [];
  const roomNames = Array.from({ length: ROOMS }, (_, i) => `room-${i}`);
  try {
    for (const room of roomNames) {
      const socket = io(`http://127.0.0.1:${b.port}`, {
        transports: ['websocket'],
        forceNew: true,
        reconnection: false,
      });
      sockets.push(socket);
      await new Promise((resolve, reject) => {
        socket.once('connect', resolve);
        socket.once('connect_error', reject);
      });
      await socket.timeout(5000).emitWithAck('join', room);
      received.set(room, new Set());
      socket.on('m', (m) => {
        latencies.push(performance.timeOrigin + performance.now() - m.t);
        const seen = received.get(m.room);
        if (seen.has(m.i)) duplicates++;
        seen.add(m.i);
      });
    }
    await sleep(200);
    const seconds = 5;
    servers[0].send({ type: 'blast', rooms: roomNames, rate: RATE, seconds });
    const done = await wait(servers[0], 'blasted');
    await sleep(500);
    let lost = 0;
    for (const [room, n] of Object.entries(done.counters))
      for (let i = 1; i <= n; i++) if (!received.get(room).has(i)) lost++;
    const s = summary(latencies);
    console.log(
      `\n━━ 基线：裸 socket.io + Redis 适配器（进程 1 发往进程 2 上的 ${fmt(ROOMS)} 个房间，${fmt(RATE)} 条/s × ${seconds} s）━━\n` +
        `  发出 ${fmt(done.sent)}，${line(s)}；丢失 ${fmt(lost)}，重复 ${fmt(duplicates)}`,
    );
    return s;
  } finally {
    for (const socket of sockets) socket.disconnect();
    for (const server of servers) server.send({ type: 'close' });
  }
}

// ── the run ──

const t0 = performance.now();
console.log(
  `监考推送基准：${fmt(N)} 名考生、${fmt(ROOMS)} 个考场（约 ${fmt(N / ROOMS, 1)} 人/考场），${CLIENTS} 个客户端进程，` +
    `数据库 ${admin.host}:${admin.port}/${DATABASE}；本机 ${availableParallelism()} 核，当前负载 ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' / ')}`,
);
const redisUp = await redisAnswers();
if (!redisUp && (MODES.includes('redis') || args.baseline))
  console.log(`Redis（${REDIS_URL}）无应答：跳过模式 b 与基线`);
await freshDatabase(DATABASE);
const fixtures = await loadFixtures();
const clients = startClients();
const results = [];
let failed = false;
try {
  for (const mode of MODES) {
    if (mode === 'redis' && !redisUp) continue;
    if (mode !== 'single' && mode !== 'redis') throw new Error(`未知模式 ${mode}（应为 single 或 redis）`);
    results.push(await runMode(mode, fixtures, clients));
    await resetAttempts(fixtures.sittingId);
    if (mode === 'redis') await cleanRedis(fixtures.sittingId, fixtures.candidates);
  }
  const relay = redisUp && args.baseline ? await baseline() : null;
  console.log('\n━━ 汇总（目标：p99 < 100 ms，丢失与重复为 0）━━');
  for (const r of results) {
    const ok = r.shown.p99 < 100 && r.lost === 0 && r.duplicates === 0 && r.notShown === 0 && r.failed === 0;
    if (r.lost || r.duplicates || r.notShown || r.failed) failed = true;
    console.log(
      `${r.mode === 'redis' ? '两进程 + Redis' : '单进程      '}：保存 → 监考台 中位数 ${fmt(r.shown.p50, 1)} ms，p99 ${fmt(r.shown.p99, 1)} ms，最大 ${fmt(r.shown.max, 1)} ms；` +
        `应答 p99 ${fmt(r.acks.p99, 1)} ms；丢失 ${r.lost}，重复 ${r.duplicates}；${ok ? '达标' : '未达标'}`,
    );
  }
  if (relay)
    console.log(`裸 socket.io + Redis 基线：p50 ${fmt(relay.p50, 1)} ms，p99 ${fmt(relay.p99, 1)} ms`);
  console.log(`总用时 ${fmt((performance.now() - t0) / 1000, 1)} s`);
} catch (error) {
  console.error(error);
  failed = true;
} finally {
  clients.close();
  if (redisUp) await cleanRedis(fixtures.sittingId, fixtures.candidates).catch(() => undefined);
}
if (failed) process.exitCode = 1;
