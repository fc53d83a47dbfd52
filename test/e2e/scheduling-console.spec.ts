import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The office's scheduling desk in the console: the demo batch gets an exam window, a venue with a room
 * (its seats re-laid, one seat disabled in the seat map), a 人机对话 sitting in it offering only what the
 * batch's policy examines (a second one at the same time in the same room is refused inline), the approved
 * candidates are allocated seats, one is moved by drag and drop with a reason, the sittings are published,
 * the batch's 准考证 are issued, published, built as a ZIP job and one is downloaded from the list, the
 * 考务手册 is published (a job), opening the sitting days ahead is refused with the server's reason, and
 * putting an invigilator on duty afterwards marks the handbook as needing a new version.
 *
 * Approved candidates come from the API (unit HR applies for six people at 五级, the chain approves them), so
 * the browser part is the office's alone. `EXAM_SCREENSHOTS=<dir>` keeps a screenshot of each page.
 */

const PASSWORD = 'exam2026';
const shots = process.env.EXAM_SCREENSHOTS;

async function snap(page: Page, name: string) {
  if (shots) await page.screenshot({ path: `${shots}/${name}.png`, fullPage: true });
}

async function token(request: APIRequestContext, username: string): Promise<string> {
  const response = await request.post('/api/auth/login', { data: { username, password: PASSWORD } });
  expect(response.ok()).toBeTruthy();
  return ((await response.json()) as { token: string }).token;
}

/** Six approved 五级 applications in the demo batch, entered by unit HR and approved along the chain. */
async function approvedCandidates(request: APIRequestContext, batchId: string, count = 6): Promise<number> {
  const hr = await token(request, 'unithr');
  const auth = (t: string) => ({ authorization: `Bearer ${t}` });
  const persons = (await (await request.get('/api/persons?pageSize=60', { headers: auth(hr) })).json()) as {
    items: { id: string }[];
  };
  let made = 0;
  for (const person of persons.items) {
    if (made >= count) break;
    const prefill = await request.get(
      `/api/applications/prefill?batchId=${batchId}&personId=${person.id}&level=L5`,
      { headers: auth(hr) },
    );
    if (!prefill.ok()) continue;
    const body = await prefill.json();
    const verdict = await request.post('/api/applications/evaluate', { headers: auth(hr), data: body });
    if (!verdict.ok() || !(await verdict.json()).eligible) continue;
    const created = await request.post('/api/applications', { headers: auth(hr), data: body });
    if (!created.ok()) continue;
    const id = (await created.json()).id as string;
    const submitted = await request.post(`/api/applications/${id}/submit`, {
      headers: auth(hr),
      data: { pledge: true },
    });
    if (submitted.ok()) made++;
  }
  for (const username of ['unithr', 'reviewer', 'office']) {
    const t = await token(request, username);
    const queue = (await (
      await request.get('/api/applications?awaitingMe=true&pageSize=200', { headers: auth(t) })
    ).json()) as { items: { id: string }[] };
    if (!queue.items.length) continue;
    const decided = await request.post('/api/applications/review', {
      headers: auth(t),
      data: {
        applicationIds: queue.items.map((a) => a.id),
        decision: 'approve',
        reason: '材料齐全，审核通过',
      },
    });
    expect(decided.ok(), await decided.text()).toBeTruthy();
  }
  return made;
}

/** YYYY-MM-DD in Beijing, n days from now. */
function beijingDay(days: number): string {
  return new Date(Date.now() + 8 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);
}

test('the office plans a sitting, allocates and moves seats, and issues 准考证', async ({
  page,
  request,
}) => {
  test.setTimeout(60_000);
  const office = await token(request, 'office');
  const batches = (await (
    await request.get('/api/batches', { headers: { authorization: `Bearer ${office}` } })
  ).json()) as { id: string; code: string }[];
  const demo = batches.find((b) => b.code === 'demo')!;
  expect(await approvedCandidates(request, demo.id)).toBeGreaterThanOrEqual(3);

  await page.goto('/console/');
  await page.getByTestId('login-username').fill('office');
  await page.getByTestId('login-password').fill(PASSWORD);
  await page.getByTestId('login-submit').click();
  await expect(page.getByTestId('signed-in-name')).not.toBeEmpty();

  // ── 考试批次: the demo batch gets an exam window ──
  await page.getByTestId('nav-batches').click();
  await expect(page.getByTestId('batches-table')).toBeVisible();
  await snap(page, '01-batches');
  await page.locator('[data-testid="batch-row"][data-code="demo"]').getByTestId('open-batch').click();
  await expect(page.getByTestId('batch-timeline')).toBeVisible();
  await page.getByTestId('windows-edit').click();
  await page.getByTestId('window-add').click();
  const added = page.getByTestId('window-row').last();
  await added.getByTestId('window-kind').selectOption('exam');
  await added.getByTestId('window-opens').fill(`${beijingDay(1)}T00:00`);
  await added.getByTestId('window-closes').fill(`${beijingDay(30)}T00:00`);
  await page.getByTestId('windows-reason').fill('增设考试时间段');
  await page.getByTestId('windows-save').click();
  await expect(page.getByTestId('batch-notice')).toContainText('时间段已保存');
  await expect(page.locator('[data-testid="timeline-window"][data-kind="exam"]')).toBeVisible();
  await snap(page, '02-batch-detail');

  // ── 考点考场: a venue, a 3 × 4 computer room, one seat disabled ──
  await page.getByTestId('nav-venues').click();
  await page.getByTestId('venue-new').click();
  await page.getByTestId('venue-name').fill('新乡市第一职业学校考点');
  await page.getByTestId('venue-address').fill('新乡市牧野区建设路');
  await page.getByTestId('venue-reason').fill('新增人机对话考点');
  await page.getByTestId('venue-create-submit').click();
  await expect(page.getByTestId('venue-title')).toHaveText('新乡市第一职业学校考点');
  await page.getByTestId('room-new').click();
  await page.getByTestId('room-name').fill('机房A');
  await page.getByTestId('room-rows').fill('3');
  await page.getByTestId('room-columns').fill('4');
  await page.getByTestId('room-spare').fill('1');
  await page.getByTestId('room-reason').fill('新建机房');
  await page.getByTestId('room-create-submit').click();
  const roomRow = page.locator('[data-testid="room-row"][data-name="机房A"]');
  await expect(roomRow).toContainText('3 排 × 4 列');
  await roomRow.getByTestId('open-seat-map').click();
  await expect(page.getByTestId('seat')).toHaveCount(12);
  // re-lay the room (no one is seated in it yet): 3 × 4 again, machine ids numbered by the server
  await page.getByTestId('layout-start').click();
  await expect(page.getByTestId('layout-rows')).toHaveValue('3');
  await page.getByTestId('layout-reason').fill('按机房实际排列重新生成座位');
  await page.getByTestId('layout-submit').click();
  await expect(page.getByTestId('seat-notice')).toContainText('已重新设置座位：3 排 × 4 列');
  await expect(page.getByTestId('seat')).toHaveCount(12);
  await page.locator('label', { has: page.getByTestId('seat-mode-disabled') }).click();
  await page.getByTestId('seat-reason').fill('该机器故障待修');
  await page.locator('[data-testid="seat"]').nth(5).click();
  await expect(page.locator('[data-testid="seat"]').nth(5)).toHaveAttribute('data-state', 'disabled');
  await snap(page, '03-seat-map');

  // ── 场次安排: a theory sitting tomorrow; the same room at the same time is refused inline ──
  await page.getByTestId('nav-sittings').click();
  await page.getByTestId('batch-picker').selectOption(demo.id);
  const createSitting = async (name: string) => {
    await page.getByTestId('sitting-new').click();
    const dialog = page.getByTestId('sitting-dialog');
    // only what the batch's policy (xinxiang-2024) examines: no 实操, subjects from the policy
    await expect(dialog.getByTestId('sitting-policy-note')).toBeVisible();
    await expect(dialog.getByTestId('sitting-component').locator('option')).toHaveCount(2);
    await expect(dialog.getByTestId('sitting-subject').locator('option')).toContainText([
      '不指定科目',
      '职业道德',
      '职业能力',
      '岗位技能',
    ]);
    await dialog.getByTestId('sitting-component').selectOption('theory');
    await dialog.getByTestId('sitting-level').selectOption('L5');
    await dialog.getByTestId('sitting-name').fill(name);
    await dialog.getByTestId('sitting-start').fill(`${beijingDay(2)}T09:00`);
    await dialog.getByTestId('sitting-duration').fill('90');
    await dialog.locator('[data-testid="sitting-room"][data-name="机房A"]').check();
    await dialog.getByTestId('sitting-reason').fill('按考务计划安排');
    await dialog.getByTestId('sitting-submit').click();
    return dialog;
  };
  await createSitting('五级 理论知识 第一场');
  await expect(page.getByTestId('sittings-notice')).toContainText('已新建场次');
  await expect(page.locator('[data-testid="calendar-sitting"]')).toHaveCount(1);
  const clash = await createSitting('五级 理论知识 重复场');
  await expect(clash.getByTestId('sitting-rooms-error')).toContainText('考场时间冲突');
  await snap(page, '04-sitting-conflict');
  await clash.getByRole('button', { name: '取消' }).click();
  await snap(page, '05-sittings-calendar');

  // ── 考场编排: allocate, then drag one candidate onto a free seat with a reason ──
  await page
    .locator('[data-testid="sitting-row"][data-name="五级 理论知识 第一场"]')
    .getByTestId('open-sitting')
    .click();
  await expect(page.getByTestId('sitting-title')).toContainText('五级 理论知识 第一场');
  await snap(page, '06-sitting-detail');
  await page.getByTestId('open-plan').click();
  await page.getByTestId('allocate-run').click();
  await page.getByTestId('reason-confirm').click();
  await expect(page.getByTestId('allocation-report')).toBeVisible();
  await expect(page.getByTestId('report-placed')).not.toHaveText('0');
  await snap(page, '07-allocation-report');

  // a candidate (from the list, or seated when the API reports seats) onto a seat the plan shows free;
  // if the server refuses (the seat was taken after all), the message shows and the next free seat is tried
  const candidate = page
    .locator('[data-testid="plan-candidate"], [data-testid="plan-seat"][data-state="taken"]')
    .first();
  const freeSeats = page.locator('[data-testid="plan-seat"][data-state="free"]');
  let moved = false;
  for (let attempt = 0; attempt < 8 && !moved; attempt++) {
    const seat = freeSeats.nth(Math.max(0, (await freeSeats.count()) - 1 - attempt));
    let dropped = false;
    if (attempt === 0) {
      // the whole room in view: a drag whose target is scrolled to mid-gesture never starts in Chromium
      await page.setViewportSize({ width: 1280, height: 1600 });
      await candidate.dragTo(seat);
      dropped = await page
        .getByTestId('reason-dialog')
        .waitFor({ timeout: 2000 })
        .then(
          () => true,
          () => false,
        );
      test
        .info()
        .annotations.push({ type: 'drag-and-drop', description: dropped ? 'dropped' : 'not dropped' });
    }
    if (!dropped) {
      await candidate.click();
      await seat.click();
    }
    await expect(page.getByTestId('reason-dialog')).toBeVisible();
    await page.getByTestId('reason-input').fill('考生视力原因调至前排');
    await page.getByTestId('reason-confirm').click();
    const outcome = await Promise.race([
      page
        .getByTestId('plan-notice')
        .filter({ hasText: '已将' })
        .waitFor()
        .then(() => 'moved'),
      page
        .getByTestId('reason-dialog-error')
        .waitFor()
        .then(() => 'refused'),
    ]);
    if (outcome === 'moved') moved = true;
    else {
      await snap(page, '08-move-refused');
      await page.getByTestId('reason-dialog').getByRole('button', { name: '取消' }).click();
    }
  }
  expect(moved).toBe(true);
  await expect(page.getByTestId('plan-notice')).toContainText('号座位');
  await snap(page, '09-seat-plan');

  // ── 场次安排: publish the drafts; the handbook deadline shows above the list ──
  await page.getByTestId('nav-sittings').click();
  await page.getByTestId('batch-picker').selectOption(demo.id);
  await expect(page.getByTestId('handbook-banner')).toBeVisible();
  await page.getByTestId('sittings-publish').click();
  await page.getByTestId('reason-confirm').click();
  await expect(page.getByTestId('sittings-notice')).toContainText('已发布 1 个场次');
  await expect(
    page
      .locator('[data-testid="sitting-row"][data-name="五级 理论知识 第一场"]')
      .getByTestId('sitting-row-status'),
  ).toHaveText('已发布');
  await expect(page.getByTestId('sittings-publish')).toHaveCount(0);
  await snap(page, '10-sittings-published');

  // ── 准考证: issue, publish, the ZIP as a job, and one ticket's PDF from the list ──
  await page.getByTestId('nav-tickets').click();
  await page.getByTestId('batch-picker').selectOption(demo.id);
  await page.getByTestId('tickets-issue').click();
  await page.getByTestId('reason-confirm').click();
  await expect(page.getByTestId('issue-result')).toContainText('本次签发');
  await page.getByTestId('tickets-publish').click();
  await page.getByTestId('reason-confirm').click();
  await expect(page.getByTestId('publish-result')).toContainText('本次发布');
  await page.getByTestId('tickets-render').click();
  await page.getByTestId('reason-confirm').click();
  await expect(page.getByTestId('job-progress')).toHaveAttribute('data-status', 'succeeded', {
    timeout: 30_000,
  });
  const rows = page.getByTestId('ticket-row');
  expect(await rows.count()).toBeGreaterThanOrEqual(3);
  const first = rows.first();
  const name = (await first.getAttribute('data-name'))!;
  await page.getByTestId('tickets-search').fill(name);
  await expect(rows).toHaveCount(1);
  await snap(page, '11-tickets');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    rows.first().getByTestId('ticket-pdf').click(),
  ]);
  expect(download.suggestedFilename()).toContain(name);
  const stream = await download.createReadStream();
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  const ticketPdf = Buffer.concat(chunks);
  expect(ticketPdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  if (shots) writeFileSync(join(shots, 'ticket.pdf'), ticketPdf);

  // ── 考务手册: the deadline on the batch, publication as a job, the version to download ──
  await page.getByTestId('nav-batches').click();
  await page.locator('[data-testid="batch-row"][data-code="demo"]').getByTestId('open-batch').click();
  const handbook = page.getByTestId('handbook-panel');
  await expect(handbook.getByTestId('handbook-state')).toHaveText('未发布');
  await snap(page, '12-handbook-before');
  await handbook.getByTestId('handbook-publish').click();
  await page.getByTestId('reason-confirm').click();
  await expect(handbook.getByTestId('job-progress')).toHaveAttribute('data-status', 'succeeded', {
    timeout: 30_000,
  });
  await expect(handbook.getByTestId('handbook-state')).toHaveText('已发布（最新）');
  await expect(handbook.getByTestId('handbook-version')).toHaveCount(1);
  await expect(handbook.getByTestId('handbook-warning')).toHaveCount(0);
  await snap(page, '13-handbook-published');

  // ── 开考: two days ahead the server refuses, and says from when it may open ──
  await page.getByTestId('batch-sittings').click();
  // the list may still be re-rendering as it loads (a click can land on a row being replaced): click again
  // until the sitting's page shows
  await expect(async () => {
    await page
      .locator('[data-testid="sitting-row"][data-name="五级 理论知识 第一场"]')
      .getByTestId('open-sitting')
      .click({ timeout: 2000 });
    await expect(page.getByTestId('sitting-status')).toHaveText('已发布', { timeout: 2000 });
  }).toPass({ timeout: 15_000 });
  await page.getByTestId('sitting-open').click();
  await page.getByTestId('reason-confirm').click();
  await expect(page.getByTestId('reason-dialog-error')).toContainText(/暂不能开考|最早可于/);
  await snap(page, '14-open-refused');
  await page.getByTestId('reason-dialog').getByRole('button', { name: '取消' }).click();

  // ── 监考安排 from the invigilator list; the handbook then no longer matches the plan ──
  await page.getByTestId('assign-invigilators').click();
  const duty = page.getByTestId('invigilators-dialog');
  await duty.getByTestId('invigilator-option').first().check();
  await duty.getByTestId('invigilators-reason').fill('安排监考员');
  await duty.getByTestId('invigilators-save').click();
  await expect(page.getByTestId('sitting-notice')).toContainText('监考安排已保存');
  await expect(page.getByTestId('sitting-room-row')).toContainText('赵监考');
  await expect(page.getByTestId('handbook-banner')).toHaveAttribute('data-state', 'outdated');
  await snap(page, '15-handbook-outdated');
});
