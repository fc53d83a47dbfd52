// Bank import benchmark: a generated 3,000-item bank (3 subjects × 1,000 items, all five types), imported
// into a fresh PostgreSQL database (the catalogue from the demo seed), then imported again unchanged, then
// with a tenth of the stems edited (new versions), then with a thirtieth of the items removed (retired).
// Run `npx tsc -b api` first; then `node test/bench/bank-import.mjs` (BENCH_ITEMS=… to change the size;
// TEST_DATABASE_URL, else postgres://postgres@127.0.0.1:5432/postgres, is the server).
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { applyMigrations, createPrismaClient, seedDemo } from '../../prisma/dist/index.js';
import { loadBank } from '../../question-banks/dist/index.js';
import { createBankImportService } from '../../api/dist/question-banks/shipped-banks.js';

const ITEMS = Number(process.env.BENCH_ITEMS ?? 3000);
const CODE = 'JD04'; // 制冷 in the demo catalogue
const SUBJECTS = ['ZD', 'NL', 'JN'];
const TYPES = ['single', 'multiple', 'true_false', 'fill_blank', 'short_answer'];

function itemYaml(subject, n, edit = '') {
  const id = `${CODE}-${subject}-${String(n).padStart(4, '0')}`;
  const type = TYPES[n % TYPES.length];
  const head = [
    `  - id: ${id}`,
    `    type: ${type}`,
    `    levels: [L5, L4, L3]`,
    `    topic: 知识点${n % 40}`,
    `    difficulty: ${(n % 5) + 1}`,
    `    points: ${type === 'short_answer' ? 5 : type === 'multiple' ? 2 : 1}`,
    `    source: 基准测试生成`,
  ];
  switch (type) {
    case 'single':
      return [
        ...head,
        `    stem: 第 ${n} 题${edit}：制冷系统中膨胀阀的作用是（\u3000）。`,
        `    options: { A: 节流降压, B: 压缩升压, C: 冷凝放热, D: 蒸发吸热 }`,
        `    key: A`,
      ];
    case 'multiple':
      return [
        ...head,
        `    stem: 第 ${n} 题${edit}：下列属于制冷剂的有（\u3000）。`,
        `    options: { A: R22, B: R134a, C: 氮气, D: R410A, E: 氧气 }`,
        `    key: [A, B, D]`,
        `    explanation: 氮气和氧气不是制冷剂。`,
      ];
    case 'true_false':
      return [...head, `    stem: 第 ${n} 题${edit}：压缩机吸入的应是过热蒸气。`, `    key: true`];
    case 'fill_blank':
      return [
        ...head,
        `    stem: 第 ${n} 题${edit}：标准大气压下水的沸点为 ____ ℃。`,
        `    key: [[100, 一百]]`,
      ];
    default:
      return [
        ...head,
        `    stem: 第 ${n} 题${edit}：简述制冷循环的四个过程。`,
        `    key: 压缩、冷凝、节流、蒸发。`,
        `    rubric:`,
        `      - { point: 压缩, points: 1 }`,
        `      - { point: 冷凝, points: 1 }`,
        `      - { point: 节流, points: 2 }`,
        `      - { point: 蒸发, points: 1 }`,
      ];
  }
}

/** Writes the bank; items n ≤ `edited` of each subject get an edited stem, n > `keep` are left out. */
function writeBank(dir, { edited = 0, keep = Infinity } = {}) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const perSubject = Math.ceil(ITEMS / SUBJECTS.length);
  writeFileSync(
    join(dir, 'bank.yaml'),
    [
      'format: 1',
      `occupation: ${CODE}`,
      'name: 制冷',
      'subjects:',
      ...SUBJECTS.map((s) => `  - { code: ${s}, name: 科目${s}, file: ${s}.yaml }`),
      '',
    ].join('\n'),
  );
  for (const subject of SUBJECTS) {
    const lines = [`subject: ${subject}`, 'items:'];
    for (let n = 1; n <= perSubject && n <= keep; n++)
      lines.push(...itemYaml(subject, n, n <= edited ? '（修订）' : ''));
    writeFileSync(join(dir, `${subject}.yaml`), `${lines.join('\n')}\n`);
  }
}

// BENCH_BANK_DIR=/tmp/bank: only write the bank (folder <dir>/JD04), e.g. to time the command line with
// `time npx exam bank import /tmp/bank/JD04 --reason 基准测试` on a database with the demo catalogue.
if (process.env.BENCH_BANK_DIR) {
  writeBank(join(process.env.BENCH_BANK_DIR, CODE));
  console.log(`已生成 ${ITEMS} 题：${join(process.env.BENCH_BANK_DIR, CODE)}`);
  process.exit(0);
}

const adminUrl = new URL(process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
const admin = {
  host: adminUrl.hostname,
  port: Number(adminUrl.port || 5432),
  user: decodeURIComponent(adminUrl.username || 'postgres'),
  database: adminUrl.pathname.slice(1) || 'postgres',
};
const database = `exam_bench_bank_${process.pid}`;
const client = new pg.Client(admin);
await client.connect();
await client.query(`CREATE DATABASE "${database}"`);
const dir = join(tmpdir(), `exam-bank-bench-${process.pid}`, CODE);
const prisma = createPrismaClient({ ...admin, database });
try {
  await applyMigrations({ ...admin, database, max: 2 });
  await seedDemo(prisma, { bcryptCost: 4 });
  const service = createBankImportService(prisma);

  const run = async (label, options) => {
    writeBank(dir, options);
    const t0 = performance.now();
    const bank = await loadBank(dir);
    const t1 = performance.now();
    const outcome = await service.import({ path: dir, reason: `基准测试：${label}` });
    const t2 = performance.now();
    if (!outcome.imported)
      throw new Error(`invalid bench bank: ${JSON.stringify(outcome.report.problems[0])}`);
    const r = outcome.result;
    console.log(
      `${label.padEnd(6, '　')} ${String(bank.items.length).padStart(5)} 题  读取校验 ${((t1 - t0) / 1000).toFixed(2)} s` +
        `  导入合计 ${((t2 - t1) / 1000).toFixed(2)} s（含再次读取校验）` +
        `  新增 ${r.created} 新版本 ${r.newVersions} 未变 ${r.unchanged} 停用 ${r.retired}`,
    );
  };
  await run('首次导入', {});
  await run('再次导入', {});
  await run('改题干', { edited: Math.floor(ITEMS / SUBJECTS.length / 10) });
  await run('删题', {
    edited: Math.floor(ITEMS / SUBJECTS.length / 10),
    keep: Math.ceil(ITEMS / SUBJECTS.length) - Math.floor(ITEMS / SUBJECTS.length / 30),
  });
  const versions = await prisma.bankItemVersion.count();
  console.log(`版本行 ${versions}`);
} finally {
  await prisma.$disconnect();
  await client.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
  await client.end();
  rmSync(join(dir, '..'), { recursive: true, force: true });
}
