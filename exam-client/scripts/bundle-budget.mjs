#!/usr/bin/env node
// Fails (exit 1) when the JavaScript the exam page loads initially is over budget, gzipped.
// Reads dist/exam/index.html (build first: npm run build -w @exam/exam-client) and sums every
// <script src> and <link rel="modulepreload"> it names: what a candidate's browser fetches before the page runs.
import { readFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const BUDGET_BYTES = 120 * 1024;
const dist = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');
const page = join(dist, 'exam', 'index.html');

if (!existsSync(page)) {
  console.error(
    `bundle budget: ${page} not found — build the exam client first (npm run build -w @exam/exam-client)`,
  );
  process.exit(1);
}

const html = readFileSync(page, 'utf8');
const urls = new Set();
for (const tag of html.match(/<(script|link)\b[^>]*>/gi) ?? []) {
  const attr = (name) => tag.match(new RegExp(`\\b${name}\\s*=\\s*["']([^"']+)["']`, 'i'))?.[1];
  if (/^<script/i.test(tag) && attr('src')) urls.add(attr('src'));
  if (/^<link/i.test(tag) && /modulepreload/i.test(attr('rel') ?? '') && attr('href')) urls.add(attr('href'));
}
if (urls.size === 0) {
  console.error('bundle budget: no scripts found in dist/exam/index.html');
  process.exit(1);
}

let total = 0;
for (const url of urls) {
  const file = join(dist, url.replace(/^\//, '').split(/[?#]/)[0]);
  if (!existsSync(file)) {
    console.error(`bundle budget: ${url} is named by the page but missing from dist`);
    process.exit(1);
  }
  const gz = gzipSync(readFileSync(file), { level: 9 }).length;
  total += gz;
  console.log(`  ${url}  ${(gz / 1024).toFixed(1)} KB gzipped`);
}
const verdict = total <= BUDGET_BYTES ? 'within' : 'OVER';
console.log(
  `exam page initial JavaScript: ${(total / 1024).toFixed(1)} KB gzipped (${verdict} the ${BUDGET_BYTES / 1024} KB budget)`,
);
process.exit(total <= BUDGET_BYTES ? 0 : 1);
