import { createDecipheriv } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import {
  expect,
  test,
  type APIRequestContext,
  type BrowserContext,
  type Page,
  type WebSocketRoute,
} from '@playwright/test';
import type {
  AnswerResponse,
  BankItem,
  DeliveredItem,
  EncryptedPaper,
  PaperContent,
  SittingAttemptsView,
} from '@exam/contracts';
import { loadBank } from '@exam/question-banks';
import { attemptView, bearer, demoExam, parseRemaining, snap, token } from './support/exam';

/**
 * The 人机对话 exam from the candidate's seat, on the demo exam that `exam serve --seed-demo` makes for today:
 * login with 准考证号 + 身份证号, identity and rules, waiting until the invigilator starts the room, answers of
 * every objective type, a flag, a reload mid-exam (answers restored, the clock not reset), a second window
 * refused, a network cut (answers queued in the browser, not shown as saved) and the way back (saved, the
 * 已保存 time moves on), the 答题卡, and 交卷 with the unanswered items listed. The server's stored answers are
 * exactly what was clicked, and the objective score the staff see equals the one computed here from the
 * bank's keys (question-banks/banks/JD02, matched to the delivered items by stem).
 *
 * A network cut in the browser is `context.setOffline(true)` (HTTP) plus closing the exam's WebSocket and
 * refusing new ones while it lasts: Chromium's offline emulation leaves open WebSockets alone.
 * `EXAM_SCREENSHOTS=<dir>` keeps a screenshot of each step.
 */

const SHOWN = ['A', 'B', 'C', 'D', 'E', 'F'];

/** Network cut switch for a context: HTTP offline and the exam's WebSockets closed and refused. */
async function networkSwitch(context: BrowserContext) {
  const open = new Set<WebSocketRoute>();
  let cut = false;
  await context.routeWebSocket(/\/socket\.io\//, (ws) => {
    if (cut) {
      void ws.close({ code: 1006, reason: 'offline' });
      return;
    }
    ws.connectToServer();
    open.add(ws);
    ws.onClose(() => open.delete(ws));
  });
  return {
    async offline() {
      cut = true;
      await context.setOffline(true);
      for (const ws of [...open]) await ws.close({ code: 1006, reason: 'offline' });
      open.clear();
    },
    async online() {
      cut = false;
      await context.setOffline(false);
    },
  };
}

/** The paper as the browser has it: the encrypted delivery opened with the key sent at the start. */
async function paperOf(page: Page, request: APIRequestContext, key: string): Promise<PaperContent> {
  const examToken = await page.evaluate(() => sessionStorage.getItem('exam.token'));
  const encrypted = (await (
    await request.get('/api/exam/paper', { headers: bearer(examToken!) })
  ).json()) as EncryptedPaper;
  const data = Buffer.from(encrypted.data, 'base64');
  const decipher = createDecipheriv(
    'aes-256-gcm',
    Buffer.from(key, 'base64'),
    Buffer.from(encrypted.iv, 'base64'),
  );
  decipher.setAuthTag(data.subarray(data.length - 16));
  return JSON.parse(
    Buffer.concat([decipher.update(data.subarray(0, data.length - 16)), decipher.final()]).toString('utf8'),
  ) as PaperContent;
}

function sameResponse(a: AnswerResponse | undefined, b: AnswerResponse): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return [...a].sort().join('|') === [...b].sort().join('|');
  return a === b;
}

test('a candidate sits the 人机对话 exam through a reload and a network cut, and the score is right', async ({
  browser,
  request,
}) => {
  test.setTimeout(90_000);
  const exam = await demoExam(request);
  const bank = await loadBank(fileURLToPath(new URL('../../question-banks/banks/JD02', import.meta.url)));
  const byStem = new Map<string, BankItem>(bank.items.map((l) => [`${l.item.type}|${l.item.stem}`, l.item]));

  const context = await browser.newContext();
  const network = await networkSwitch(context);
  const page = await context.newPage();

  // ── login, identity, rules, waiting ──
  await page.goto('/exam/');
  await page.getByTestId('exam-ticket').fill(exam.ticketNumber);
  await page.getByTestId('exam-id-number').fill('41070219780516001'); // one digit short
  await page.getByTestId('exam-login').click();
  await expect(page.getByText('身份证号应为 18 位')).toBeVisible();
  await page.getByTestId('exam-id-number').fill(exam.idNumber);
  await page.getByTestId('exam-login').click();
  await expect(page.getByTestId('identity-name')).not.toBeEmpty();
  await snap(page, '01-identity');
  await page.getByTestId('identity-confirm').click();
  await page.getByTestId('rules-accept').check();
  await snap(page, '02-rules');
  await page.getByTestId('rules-continue').click();
  await expect(page.getByTestId('paper-status')).toContainText('试卷已下载');
  await snap(page, '03-waiting');

  // ── the invigilator starts the room ──
  const invigilator = await token(request, 'invigilator');
  const started = await request.post(`/api/sittings/${exam.sittingId}/rooms/${exam.roomId}/start`, {
    headers: bearer(invigilator),
    data: { reason: '考场开考' },
  });
  expect(started.ok(), await started.text()).toBeTruthy();
  await expect(page.getByTestId('item-1')).toBeVisible({ timeout: 15_000 });
  await expect(page.getByTestId('remaining')).toHaveText(/\d+:\d{2}/);
  const startedAt = Date.now();
  const remainingAtStart = parseRemaining(await page.getByTestId('remaining').innerText());
  const startView = await attemptView(page, request);
  expect(startView.clock.status).toBe('in_progress');
  const endsAt = startView.clock.endsAt;
  const paper = await paperOf(page, request, startView.paperKey!);
  const keyOf = (item: DeliveredItem) => {
    const found = byStem.get(`${item.type}|${item.stem}`);
    expect(found, `bank item for 第 ${item.position} 题`).toBeTruthy();
    return found!;
  };
  const ofType = (type: DeliveredItem['type']) => paper.items.filter((i) => i.type === type);

  // what the candidate answers, and what the server must then hold
  const given = new Map<number, AnswerResponse>();
  const goTo = async (position: number) => {
    await page.getByTestId(`sheet-${position}`).click();
    await expect(page.getByTestId(`item-${position}`)).toBeVisible();
  };
  const clickOption = async (item: DeliveredItem, id: string) => {
    const index = item.options!.findIndex((o) => o.id === id);
    await page.getByTestId(`item-${item.position}`).getByTestId(`option-${SHOWN[index]}`).click();
  };
  const answerSingle = async (item: DeliveredItem, right: boolean) => {
    const key = keyOf(item) as Extract<BankItem, { type: 'single' }>;
    const id = right ? key.key : item.options!.find((o) => o.id !== key.key)!.id;
    await goTo(item.position);
    await clickOption(item, id);
    given.set(item.position, id);
  };
  const answerTruth = async (item: DeliveredItem, right: boolean) => {
    const key = (keyOf(item) as Extract<BankItem, { type: 'true_false' }>).key;
    const value = right ? key : !key;
    await goTo(item.position);
    await page
      .getByTestId(`item-${item.position}`)
      .getByTestId(value ? 'truth-yes' : 'truth-no')
      .click();
    given.set(item.position, value);
  };

  const singles = ofType('single');
  const truths = ofType('true_false');
  const multiple = ofType('multiple')[0]!;
  const blank = ofType('fill_blank')[0]!;
  await answerSingle(singles[0]!, true);
  await answerSingle(singles[1]!, false);
  await answerTruth(truths[0]!, true);
  // a multiple choice item, every key option
  const multipleKey = (keyOf(multiple) as Extract<BankItem, { type: 'multiple' }>).key;
  await goTo(multiple.position);
  for (const id of multipleKey) await clickOption(multiple, id);
  given.set(multiple.position, [...multipleKey]);
  // a fill-in item, the first accepted answer of each blank
  const blankKey = (keyOf(blank) as Extract<BankItem, { type: 'fill_blank' }>).key;
  await goTo(blank.position);
  for (const [i, accepted] of blankKey.entries())
    await page
      .getByTestId(`item-${blank.position}`)
      .getByTestId(`blank-${i + 1}`)
      .fill(accepted[0]!);
  given.set(
    blank.position,
    blankKey.map((accepted) => accepted[0]!),
  );
  // flag one
  await goTo(singles[1]!.position);
  await page.getByTestId('item-flag').click();
  await expect(page.getByTestId('item-flag')).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('save-status')).toContainText('已保存');
  await expect(page.getByTestId('save-status')).not.toContainText('待保存');
  await snap(page, '04-answering');

  // ── reload mid-exam: every answer is back, the time goes on ──
  // at least 3 s into the exam, so that a clock reset by the reload would show
  await page.waitForTimeout(Math.max(0, startedAt + 3000 - Date.now()));
  const remainingBefore = parseRemaining(await page.getByTestId('remaining').innerText());
  await page.reload();
  await expect(page.locator('article[data-testid^="item-"]')).toBeVisible({ timeout: 15_000 });
  await expect(page.getByTestId('remaining')).toHaveText(/\d+:\d{2}/);
  const remainingAfter = parseRemaining(await page.getByTestId('remaining').innerText());
  expect(remainingAfter).toBeLessThanOrEqual(remainingBefore + 1000);
  // the time left is what the server's end leaves (not a fresh duration), and less than at the start
  expect(Math.abs(remainingAfter - (Date.parse(endsAt!) - Date.now()))).toBeLessThan(2500);
  expect(remainingAfter).toBeLessThanOrEqual(remainingAtStart - 2000);
  expect((await attemptView(page, request)).clock.endsAt).toBe(endsAt);
  for (const [position, response] of given) {
    await goTo(position);
    const item = paper.items.find((i) => i.position === position)!;
    const screen = page.getByTestId(`item-${position}`);
    if (item.type === 'fill_blank')
      for (const [i, text] of (response as string[]).entries())
        await expect(screen.getByTestId(`blank-${i + 1}`)).toHaveValue(text);
    else if (item.type === 'true_false')
      await expect(screen.getByTestId(response ? 'truth-yes' : 'truth-no')).toHaveAttribute(
        'aria-checked',
        'true',
      );
    else
      for (const id of Array.isArray(response) ? response : [response as string]) {
        const index = item.options!.findIndex((o) => o.id === id);
        await expect(screen.getByTestId(`option-${SHOWN[index]}`)).toHaveAttribute('aria-checked', 'true');
      }
  }
  await goTo(singles[1]!.position);
  await expect(page.getByTestId('item-flag')).toHaveAttribute('aria-pressed', 'true');
  await snap(page, '05-after-reload');

  // ── a second window (another client id) with the same ticket is refused ──
  const intruder = await (await browser.newContext()).newPage();
  await intruder.goto('/exam/');
  await intruder.getByTestId('exam-ticket').fill(exam.ticketNumber);
  await intruder.getByTestId('exam-id-number').fill(exam.idNumber);
  await intruder.getByTestId('exam-login').click();
  await expect(intruder.getByTestId('blocked').or(intruder.getByRole('alert'))).toContainText(
    /其他窗口|另一窗口|已在/,
  );
  await expect(intruder.getByTestId('item-1')).toHaveCount(0);
  await snap(intruder, '06-second-window');
  await intruder.context().close();

  // ── the network is cut: two more answers wait in the browser ──
  const savedText = await page.getByTestId('save-status').locator('.saved').innerText();
  await network.offline();
  await expect(page.getByTestId('save-status')).toContainText('离线', { timeout: 10_000 });
  await answerSingle(singles[2]!, true);
  await answerTruth(truths[1]!, false);
  await expect(page.getByTestId('save-status')).toContainText('待保存 2 条');
  await snap(page, '07-offline');
  const serverWhileOffline = new Map(
    (await attemptView(page, request)).answers.map((a) => [a.position, a.response] as const),
  );
  expect(serverWhileOffline.has(singles[2]!.position)).toBe(false);
  expect(serverWhileOffline.has(truths[1]!.position)).toBe(false);

  // ── back online: they are saved, and 已保存 moves on ──
  await network.online();
  await expect(page.getByTestId('save-status')).not.toContainText('待保存', { timeout: 20_000 });
  await expect(page.getByTestId('save-status')).not.toContainText('离线');
  await expect(page.getByTestId('save-status').locator('.saved')).not.toHaveText(savedText);
  await expect(page.getByTestId('save-status')).toContainText(/已保存 \d{2}:\d{2}:\d{2}/);
  await snap(page, '08-back-online');

  // the server holds exactly what was clicked, nothing else
  const stored = await attemptView(page, request);
  const latest = new Map<number, AnswerResponse>();
  for (const a of [...stored.answers].sort((x, y) => x.seq - y.seq)) latest.set(a.position, a.response);
  for (const [position, response] of given)
    expect(sameResponse(latest.get(position), response), `第 ${position} 题`).toBe(true);
  expect([...latest.keys()].filter((p) => latest.get(p) !== null).sort((a, b) => a - b)).toEqual(
    [...given.keys()].sort((a, b) => a - b),
  );

  // ── the overview, and 交卷 with the unanswered items listed ──
  for (const position of given.keys())
    await expect(page.getByTestId(`sheet-${position}`)).toHaveAttribute('aria-label', /已答/);
  await expect(page.getByTestId(`sheet-${singles[1]!.position}`)).toHaveAttribute('aria-label', /已标记/);
  await page.getByTestId('submit-open').click();
  const dialog = page.getByTestId('submit-dialog');
  await expect(dialog).toBeVisible();
  const unanswered = paper.items.map((i) => i.position).filter((p) => !given.has(p));
  await expect(dialog.getByTestId('unanswered-list')).toHaveText(unanswered.join('、'));
  await snap(page, '09-submit-confirm');
  await dialog.getByTestId('submit-confirm').click();
  await expect(page.getByTestId('closed')).toContainText('已交卷');

  // ── the score: the bank's keys against the last answer of each item ──
  let expected = 0;
  for (const [position, response] of given) {
    const item = paper.items.find((i) => i.position === position)!;
    const key = keyOf(item);
    const right =
      key.type === 'fill_blank'
        ? (response as string[]).every((text, i) => key.key[i]!.includes(text))
        : key.type === 'multiple'
          ? sameResponse(response, key.key)
          : response === key.key;
    if (right) expected += item.pointsTenths;
  }
  expect(expected).toBeGreaterThan(0);
  await expect(page.getByTestId('objective-score')).toHaveText(`${expected / 10} 分`);
  await snap(page, '10-submitted');

  const staff = (await (
    await request.get(`/api/sittings/${exam.sittingId}/attempts`, { headers: bearer(invigilator) })
  ).json()) as SittingAttemptsView;
  const row = staff.attempts.find((a) => a.ticketNumber === exam.ticketNumber)!;
  expect(row).toMatchObject({
    status: 'submitted',
    closedBy: 'candidate',
    answered: given.size,
    objectiveTenths: expected,
  });
  expect(row.lastSeq).toBe(Math.max(...stored.answers.map((a) => a.seq)));
  await context.close();
});
