// Paper assembly and scoring benchmark (issue 6): a synthetic 3,000-item pool (all five types, 20 topics,
// difficulties 1–5), a 100-item blueprint (100 points), then
//   1. 5,000 independent selections (selectItems, one per paper: the worst case),
//   2. 5,000 papers ordered from one selection, orderRoom per room of 30 (what a sitting does),
//   3. scoring 5,000 submitted papers with random answers (scorePaper),
//   4. writing the 5,000 papers, their 500,000 PaperItems and 5,000 attempts into a scratch PostgreSQL
//      database (exam_bench_papers, created and dropped here) with the repository the service uses.
// Run `npx tsc -b api` first (npm run bench:papers does); TEST_DATABASE_URL (else
// postgres://postgres@127.0.0.1:5432/postgres) names the server; BENCH_SKIP_DB=1 skips step 4.
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { blueprintSchema } from '../../api/contracts/dist/index.js';
import { orderRoom, selectItems } from '../../api/dist/papers/paper-assembly.js';
import { scorePaper } from '../../api/dist/papers/attempt-score.js';
import { SeededRandom } from '../../api/dist/papers/seeded-random.js';
import { newPaperKey } from '../../api/dist/papers/paper-crypto.js';
import { PapersRepository } from '../../api/dist/papers/papers.repository.js';

const PAPERS = 5000;
const ROOM = 30;
const TYPES = [
  ['single', 1200],
  ['multiple', 600],
  ['true_false', 600],
  ['fill_blank', 400],
  ['short_answer', 200],
];
const LETTERS = ['A', 'B', 'C', 'D', 'E'];
const random = new SeededRandom('bench');

const pool = [];
for (const [type, count] of TYPES)
  for (let n = 0; n < count; n++) {
    const options = type === 'single' ? 4 : type === 'multiple' ? 5 : 0;
    const key =
      type === 'single'
        ? LETTERS[n % 4]
        : type === 'multiple'
          ? LETTERS.filter((_, i) => (n >> i) % 2 === 1 || i === n % 5)
          : type === 'true_false'
            ? n % 2 === 0
            : type === 'fill_blank'
              ? [['答案一'], ['答案二']]
              : '参考答案';
    pool.push({
      versionId: randomUUID(),
      itemId: `${type}-${n}`,
      type,
      topic: `知识点${n % 20}`,
      difficulty: (n % 5) + 1,
      levels: ['L4', 'L3'],
      options,
      key,
      optionList: LETTERS.slice(0, options).map((letter) => ({ letter, text: letter })),
    });
  }
const byVersion = new Map(pool.map((i) => [i.versionId, i]));

const blueprint = blueprintSchema.parse({
  occupation: 'BENCH',
  level: 'L4',
  subject: 'JN',
  name: '基准测试试卷',
  durationMinutes: 90,
  sections: [
    {
      type: 'single',
      count: 50,
      pointsTenths: 8,
      topics: { 知识点1: 5, 知识点2: 5 },
      difficulty: { 1: 10, 5: 5 },
    },
    { type: 'multiple', count: 20, pointsTenths: 10, partialCredit: 'half_for_subset' },
    { type: 'true_false', count: 20, pointsTenths: 5 },
    { type: 'fill_blank', count: 8, pointsTenths: 25 },
    { type: 'short_answer', count: 2, pointsTenths: 50 },
  ],
});

const mb = (bytes) => `${(bytes / 1048576).toFixed(0)} MiB`;
const line = (label, ms, n) =>
  console.log(
    `${label.padEnd(34, ' ')} ${ms.toFixed(0).padStart(7)} ms  ${((ms / n) * 1000).toFixed(1).padStart(8)} µs/卷`,
  );

console.log(
  `题库 ${pool.length} 题；试卷 ${blueprint.sections.reduce((s, x) => s + x.count, 0)} 题、100 分；${PAPERS} 份`,
);

// 1. independent selections
let t0 = performance.now();
for (let i = 0; i < PAPERS; i++) {
  const s = selectItems(blueprint, pool, `paper-${i}`);
  if (!s.ok) throw new Error(JSON.stringify(s.shortages));
}
line('1. 独立抽题 selectItems × 5000', performance.now() - t0, PAPERS);

// 2. one selection, ordered per room of 30
t0 = performance.now();
const selection = selectItems(blueprint, pool, 'sitting');
if (!selection.ok) throw new Error('selection failed');
const papers = [];
for (let room = 0; room * ROOM < PAPERS; room++) {
  const candidates = Array.from(
    { length: Math.min(ROOM, PAPERS - room * ROOM) },
    (_, i) => `c${room * ROOM + i}`,
  );
  for (const [candidate, layout] of orderRoom(blueprint, selection.sections, `room-${room}`, candidates))
    papers.push({ candidate, layout });
}
line('2. 一次抽题 + 每考场 30 人排序', performance.now() - t0, PAPERS);
const afterAssembly = process.memoryUsage();

// 3. scoring with random answers
const items = papers.map(({ layout }) =>
  layout.map((l) => {
    const item = byVersion.get(l.versionId);
    return {
      position: l.position,
      type: item.type,
      pointsTenths: l.pointsTenths,
      key: item.key,
      options: item.optionList,
      partialCredit: blueprint.sections[l.section].partialCredit,
    };
  }),
);
const answers = items.map((paper) => {
  const map = new Map();
  for (const item of paper) {
    const r = random.next();
    if (r < 0.05) continue; // unanswered
    switch (item.type) {
      case 'single':
        map.set(item.position, r < 0.7 ? item.key : LETTERS[Math.floor(random.next() * 4)]);
        break;
      case 'multiple':
        map.set(item.position, r < 0.5 ? item.key : item.key.slice(0, Math.max(1, item.key.length - 1)));
        break;
      case 'true_false':
        map.set(item.position, r < 0.7 ? item.key : !item.key);
        break;
      case 'fill_blank':
        map.set(item.position, r < 0.6 ? ['答案一', '答案二'] : ['答案一', '错']);
        break;
      default:
        map.set(item.position, '作答文本');
    }
  }
  return map;
});
t0 = performance.now();
let sum = 0;
for (let i = 0; i < papers.length; i++) sum += scorePaper(items[i], answers[i]).objectiveTenths;
line('3. 评分 scorePaper × 5000', performance.now() - t0, PAPERS);
const memory = process.memoryUsage();
console.log(
  `   平均客观分 ${(sum / papers.length / 10).toFixed(1)} 分；内存：组卷后堆 ${mb(afterAssembly.heapUsed)}，评分后堆 ${mb(memory.heapUsed)}、RSS ${mb(memory.rss)}`,
);

// 4. the database part
if (process.env.BENCH_SKIP_DB) process.exit(0);
const { createPrismaClient } = await import('../../prisma/dist/index.js');
const { admin, benchDatabase, freshDatabase } = await import('./support.mjs');
const database = 'exam_bench_papers';
await freshDatabase(database);
const prisma = createPrismaClient(benchDatabase(database));
const db = new pg.Client(benchDatabase(database));
try {
  await db.connect();
  // the pool as bank rows (PaperItem's foreign key to BankItemVersion is checked as in production);
  // the Paper's keys to Sitting, Application and Blueprint are dropped in this scratch database only
  const bank = randomUUID();
  const imp = randomUUID();
  await db.query(
    `INSERT INTO "QuestionBank"(id, "occupationCode", "occupationName", name, "updatedAt") VALUES ($1, 'BENCH', '基准', '基准', now())`,
    [bank],
  );
  await db.query(
    `INSERT INTO "BankImport"(id, "bankId", kind, source, "itemsTotal", created, "newVersions", unchanged, retired, "importedBy", reason)
     VALUES ($1, $2, 'yaml', 'bench', 0, 0, 0, 0, 0, 'bench', 'bench')`,
    [imp, bank],
  );
  const itemIds = pool.map(() => randomUUID());
  await db.query(
    `INSERT INTO "BankItem"(id, "bankId", "externalId", subject, "latestVersion")
     SELECT id, $2, ext, 'JN', 1 FROM unnest($1::uuid[], $3::text[]) AS t(id, ext)`,
    [itemIds, bank, pool.map((i) => i.itemId)],
  );
  await db.query(
    `INSERT INTO "BankItemVersion"(id, "itemId", version, "contentHash", type, levels, topic, difficulty, "pointsTenths", stem, key, source, "importId")
     SELECT id, item, 1, 'x', type::"ItemType", '{L4,L3}', topic, difficulty, 10, '题干', '"A"'::jsonb, 'bench', $6
       FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::int[]) AS t(id, item, type, topic, difficulty)`,
    [
      pool.map((i) => i.versionId),
      itemIds,
      pool.map((i) => i.type),
      pool.map((i) => i.topic),
      pool.map((i) => i.difficulty),
      imp,
    ],
  );
  for (const fk of ['Paper_sittingId_fkey', 'Paper_applicationId_fkey', 'Paper_blueprintId_fkey'])
    await db.query(`ALTER TABLE "Paper" DROP CONSTRAINT "${fk}"`);

  const repository = new PapersRepository(prisma);
  const sittingId = randomUUID();
  const blueprintId = randomUUID();
  const now = new Date();
  const rows = papers.map(({ layout }) => ({
    id: randomUUID(),
    sittingId,
    applicationId: randomUUID(),
    blueprintId,
    selectionSeed: 'sitting',
    orderSeed: 'room',
    itemCount: layout.length,
    totalPointsTenths: 1000,
    durationMinutes: 90,
    contentKey: newPaperKey(),
    assembledAt: now,
  }));
  const timings = {};
  t0 = performance.now();
  await repository.transaction(async (tx) => {
    let t = performance.now();
    await repository.insertPapers(tx, rows);
    timings.papers = performance.now() - t;
    t = performance.now();
    timings.items = await repository.insertPaperItems(
      tx,
      papers.map((p, i) => ({ paperId: rows[i].id, layout: p.layout })),
    );
    timings.itemsMs = performance.now() - t;
    t = performance.now();
    await repository.insertAttempts(
      tx,
      rows.map((r) => ({ paperId: r.id, sittingId, applicationId: r.applicationId })),
    );
    timings.attempts = performance.now() - t;
  });
  const total = performance.now() - t0;
  console.log(`4. 写入数据库（一个事务）              ${total.toFixed(0).padStart(7)} ms`);
  console.log(
    `   Paper ${rows.length} 行 ${timings.papers.toFixed(0)} ms；PaperItem ${timings.items} 行 ${timings.itemsMs.toFixed(0)} ms（${Math.round(timings.items / (timings.itemsMs / 1000)).toLocaleString()} 行/s）；Attempt ${rows.length} 行 ${timings.attempts.toFixed(0)} ms`,
  );
  const check = await db.query(`SELECT count(*)::int AS n FROM "PaperItem"`);
  if (check.rows[0].n !== timings.items)
    throw new Error(`PaperItem rows ${check.rows[0].n} ≠ ${timings.items}`);
} finally {
  await prisma.$disconnect();
  await db.end().catch(() => {});
  const server = new pg.Client(admin);
  await server.connect();
  await server.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
  await server.end();
}
