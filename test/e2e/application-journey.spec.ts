import { readFile, writeFile } from 'node:fs/promises';
import { expect, test, type Browser, type Page } from '@playwright/test';

/** a 1×1 PNG: the scan of the 现等级证书 the policy asks of 二级 */
const CERTIFICATE_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

/**
 * The application journey across both apps: a candidate applies for 二级（技师）电工 in the demo batch and
 * submits with the pledge; the chain 单位人事部门初审 → 主管部门审核 → 新乡市工考办资格审查 approves it, each
 * reviewer in their own browser context; the candidate then sees 审核通过, the office exports the approved
 * roster as a PDF, and the candidate prints the 申报表.
 */

async function signIn(browser: Browser, path: string, username: string): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(path);
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill('exam2026');
  await page.getByTestId('login-submit').click();
  await expect(page.getByTestId('signed-in-name')).not.toBeEmpty();
  return page;
}

/** Opens the console's review queue (待我审核) and the row of one application. */
async function openFromQueue(page: Page, number: string) {
  await page.getByTestId('nav-applications').click();
  const row = page.locator(`[data-testid="application-row"][data-number="${number}"]`);
  await expect(row).toBeVisible();
  await expect(row.getByTestId('row-eligibility')).toContainText('符合');
  await row.getByTestId('open-application').click();
  await expect(page.getByTestId('decision-form')).toBeVisible();
}

async function decide(page: Page, reason: string) {
  await page.getByTestId('decision-approve').check();
  await page.getByTestId('decision-reason').fill(reason);
  await page.getByTestId('decision-submit').click();
  await expect(page.getByTestId('page-notice')).toContainText('审核通过');
}

test('an application goes from the candidate through the review chain to 审核通过', async ({ browser }) => {
  // ── the candidate applies ──
  const candidate = await signIn(browser, '/', 'candidate');
  await candidate.getByTestId('nav-applications').click();
  await candidate.getByTestId('application-new').click();
  await expect(candidate.getByTestId('new-batch')).toContainText('演示批次');
  await expect(candidate.getByTestId('new-occupation')).toHaveValue('电工');
  await candidate.getByTestId('new-level').selectOption({ label: '二级（技师）' });
  await candidate.getByTestId('new-continue').click();

  await expect(candidate.getByTestId('form-level')).toHaveText('二级（技师）');
  await expect(candidate.getByTestId('form-occupation')).toHaveText('电工');
  await expect(candidate.getByTestId('eligibility-verdict')).toHaveText(/✓ 符合申报条件/);
  await expect(candidate.getByTestId('eligibility-rule').first()).toBeVisible();

  // the required material, uploaded (the draft is saved first)
  await candidate.getByTestId('material-file-grade_certificate').setInputFiles({
    name: '现等级证书.png',
    mimeType: 'image/png',
    buffer: CERTIFICATE_PNG,
  });
  await expect(candidate.getByTestId('material-status-grade_certificate')).toContainText('现等级证书.png');

  // the pledge is required
  await candidate.getByTestId('application-submit').click();
  await expect(candidate.getByText('提交前须勾选承诺')).toBeVisible();
  await candidate.getByTestId('application-pledge').check();
  await candidate.getByTestId('application-submit').click();

  await expect(candidate.getByTestId('application-status')).toHaveText('审核中');
  const number = (await candidate.getByTestId('application-number').textContent())?.trim() ?? '';
  expect(number).toMatch(/^DEMO-\d+$/);
  await expect(candidate.getByTestId('review-step').first()).toHaveAttribute('data-state', 'current');

  // ── 单位人事部门初审: unit HR approves from the queue (bulk bar) ──
  const unitHr = await signIn(browser, '/console/', 'unithr');
  await unitHr.getByTestId('nav-applications').click();
  const row = unitHr.locator(`[data-testid="application-row"][data-number="${number}"]`);
  await expect(row).toBeVisible();
  await row.getByTestId('row-eligibility').click();
  await expect(unitHr.getByText('本次考核开考二级（技师）')).toBeVisible();
  await row.getByTestId('select-application').check();
  await unitHr.getByTestId('bulk-approve').click();
  await unitHr.getByTestId('bulk-reason').fill('经核对人事档案，情况属实，同意上报');
  await unitHr.getByTestId('bulk-confirm').click();
  await expect(unitHr.getByTestId('bulk-done')).toContainText('已处理 1 条');
  await unitHr.getByTestId('bulk-close').click();
  await expect(row).toHaveCount(0);

  // ── 主管部门审核: a decision without a reason is refused, then approved ──
  const reviewer = await signIn(browser, '/console/', 'reviewer');
  await openFromQueue(reviewer, number);
  await reviewer.getByTestId('decision-approve').check();
  await reviewer.getByTestId('decision-submit').click();
  await expect(reviewer.getByTestId('reason-error')).toBeVisible();
  await expect(reviewer.getByTestId('application-status')).toHaveText('审核中');
  await decide(reviewer, '主管部门审核同意');

  // ── 新乡市工考办资格审查 ──
  const office = await signIn(browser, '/console/', 'office');
  await openFromQueue(office, number);
  await decide(office, '资格审查通过');
  await expect(office.getByTestId('application-status')).toHaveText('审核通过');

  // ── the candidate sees the outcome ──
  await candidate.reload();
  await expect(candidate.getByTestId('application-status')).toHaveText('审核通过');
  await expect(candidate.getByTestId('review-step')).toHaveCount(3);
  for (const step of await candidate.getByTestId('review-step').all())
    await expect(step).toHaveAttribute('data-state', 'done');

  // ── the office exports the approved roster (汇总名册) as a PDF, with a progress bar ──
  await office.getByTestId('back-to-queue').click();
  await office.getByTestId('open-roster').click();
  await office.getByTestId('roster-start').click();
  await expect(office.getByTestId('job-progress')).toHaveAttribute('data-status', 'succeeded', {
    timeout: 30_000,
  });
  const download = office.waitForEvent('download');
  await office.getByTestId('job-download').click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^申报人员名册_.*\.pdf$/);
  const bytes = await readFile((await file.path())!);
  expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  if (process.env.EXAM_WRITE_SAMPLES)
    await writeFile(`${process.env.EXAM_WRITE_SAMPLES}/e2e-roster.pdf`, bytes);

  // ── and the candidate prints their 申报表 ──
  const form = candidate.waitForEvent('download');
  await candidate.getByTestId('print-form').click();
  expect((await form).suggestedFilename()).toBe(
    `申报表_${number}_${await candidate.getByTestId('signed-in-name').innerText()}.pdf`,
  );
});
