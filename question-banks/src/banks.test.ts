import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { validateBank } from './load.js';
import { formatProblem } from './tree.js';

/**
 * Every shipped bank (question-banks/banks/<occupation>/ with a bank.yaml) is valid and has at least
 * MIN_ITEMS_PER_SUBJECT items in each subject file.
 */
const MIN_ITEMS_PER_SUBJECT = 150;
const banksDir = fileURLToPath(new URL('../banks/', import.meta.url));
const banks = existsSync(banksDir)
  ? readdirSync(banksDir, { withFileTypes: true })
      .filter((d) => d.isDirectory() && existsSync(join(banksDir, d.name, 'bank.yaml')))
      .map((d) => d.name)
      .sort()
  : [];

describe('shipped question banks', () => {
  it('ships the three sample banks', () => {
    expect(banks).toEqual(expect.arrayContaining(['FW03', 'JD02', 'JT01']));
  });

  it.each(banks)('%s is valid with ≥ 150 items per subject', async (code) => {
    const report = await validateBank(join(banksDir, code));
    const problems = report.problems.map(formatProblem);
    expect(problems.slice(0, 50), `${problems.length} problems`).toEqual([]);
    expect(report.summary.occupation).toBe(code);
    expect(report.summary.subjects.length).toBeGreaterThan(0);
    for (const subject of report.summary.subjects)
      expect(subject.items, `${code}/${subject.file} has ${subject.items} items`).toBeGreaterThanOrEqual(
        MIN_ITEMS_PER_SUBJECT,
      );
  });
});
