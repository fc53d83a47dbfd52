import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from '@playwright/test';

/**
 * Browser tests against the product as `npm start` runs it: the built apps served by `exam serve` on a
 * fresh embedded (PGlite) database with the demo data, in Debian's Chromium.
 */
const port = Number(process.env.E2E_PORT ?? 3917);
const dataDir = mkdtempSync(join(tmpdir(), 'exam-e2e-'));

export default defineConfig({
  testDir: './e2e',
  outputDir: '../test-results/playwright-artifacts',
  timeout: 60_000,
  fullyParallel: false,
  workers: 1,
  reporter: [['list'], ['json', { outputFile: '../test-results/playwright.json' }]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
  webServer: {
    command: `node ../api/bin/exam.js serve --port ${port} --seed-demo`,
    url: `http://127.0.0.1:${port}/api/health`,
    timeout: 120_000,
    reuseExistingServer: false,
    env: { EXAM_DATA_DIR: dataDir, DATABASE_URL: '' },
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
