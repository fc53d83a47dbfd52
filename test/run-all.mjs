// `npm test`: every check the project has, in order, with one closing line of counts.
// build → lint → type checks → schema drift → unit and integration tests (Vitest) → browser tests
// (Playwright in Debian's Chromium). A failing step does not hide the later ones; the exit code is 1 if
// any failed.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ensureChromium } from './ensure-chromium.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const results = fileURLToPath(new URL('../test-results/', import.meta.url));
rmSync(results, { recursive: true, force: true });
mkdirSync(results, { recursive: true });

const steps = [];
function run(name, command, args, options = {}) {
  const started = Date.now();
  console.log(`\n━━ ${name} ━━ ${command} ${args.join(' ')}`);
  const r = spawnSync(command, args, {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, FORCE_COLOR: '1', ...options.env },
  });
  const ok = r.status === 0;
  steps.push({ name, ok, seconds: (Date.now() - started) / 1000 });
  if (!ok && options.fatal) finish();
  return ok;
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

function finish() {
  let passed = 0;
  let failed = 0;
  const vitest = readJson(`${results}vitest.json`);
  if (vitest) {
    passed += vitest.numPassedTests;
    failed += vitest.numFailedTests;
  }
  const playwright = readJson(`${results}playwright.json`);
  if (playwright) {
    passed += playwright.stats.expected + playwright.stats.flaky;
    failed += playwright.stats.unexpected;
  }
  console.log('\n━━ 汇总 ━━');
  for (const s of steps) console.log(`${s.ok ? '✓' : '✗'} ${s.name.padEnd(28)} ${s.seconds.toFixed(1)} s`);
  const failedSteps = steps.filter((s) => !s.ok).length;
  // a failed step that is not a test (build, lint, drift) counts as one failure
  const nonTestFailures = steps.filter((s) => !s.ok && !s.counted).length;
  console.log(`\ntests: ${passed} passed, ${failed + nonTestFailures} failed`);
  process.exit(failedSteps ? 1 : 0);
}

try {
  ensureChromium();
  steps.push({ name: 'Chromium（Debian）', ok: true, seconds: 0 });
} catch (error) {
  console.error(error.message);
  steps.push({ name: 'Chromium（Debian）', ok: false, seconds: 0 });
}
run('构建 build', 'npm', ['run', 'build'], { fatal: true });
run('考试端脚本体积 ≤ 120 KB', 'node', ['exam-client/scripts/bundle-budget.mjs']);
run('代码规范 eslint', 'npx', ['eslint', '.']);
run('格式 prettier', 'npx', ['prettier', '--check', '.']);
run('类型检查 svelte-check', 'npm', [
  'run',
  'check',
  '-w',
  '@exam/ui',
  '-w',
  '@exam/exam-client',
  '-w',
  '@exam/proctor-console',
]);
run('迁移漂移 exam db check', 'node', ['api/bin/exam.js', 'db', 'check'], { env: { DATABASE_URL: '' } });
const vitestOk = run('单元与集成测试 vitest', 'npx', [
  'vitest',
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${results}vitest.json`,
]);
steps.at(-1).counted = existsSync(`${results}vitest.json`) || vitestOk;
if (steps.some((s) => s.name.startsWith('Chromium') && !s.ok)) {
  steps.push({ name: '浏览器测试 playwright', ok: false, seconds: 0 });
} else {
  run('浏览器测试 playwright', 'npx', ['playwright', 'test', '-c', 'test/playwright.config.ts']);
  steps.at(-1).counted = existsSync(`${results}playwright.json`);
}
finish();
