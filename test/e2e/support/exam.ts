import { expect, type APIRequestContext, type Page } from '@playwright/test';
import type { ExamAttemptView, SittingView, TicketView } from '@exam/contracts';

/** Helpers shared by the exam journeys: staff logins, the demo exam's candidates, the candidate's own view. */

export const PASSWORD = 'exam2026';

/** `EXAM_SCREENSHOTS=<dir>` keeps a screenshot of each step, named `<prefix>-<name>.png`. */
export async function snap(page: Page, name: string, prefix = 'exam') {
  const shots = process.env.EXAM_SCREENSHOTS;
  if (shots) await page.screenshot({ path: `${shots}/${prefix}-${name}.png`, fullPage: true });
}

export async function token(request: APIRequestContext, username: string): Promise<string> {
  const response = await request.post('/api/auth/login', { data: { username, password: PASSWORD } });
  expect(response.ok()).toBeTruthy();
  return ((await response.json()) as { token: string }).token;
}

export const bearer = (t: string) => ({ authorization: `Bearer ${t}` });

/** YYYY-MM-DD in Beijing. */
export function beijingDay(at: Date | string): string {
  return new Date(new Date(at).getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

export interface DemoExam {
  sittingId: string;
  roomId: string;
  ticketNumber: string;
  idNumber: string;
}

/**
 * Today's demo sitting and one candidate's 准考证号 and full 身份证号, as the exam office finds them:
 * `index` picks the candidate in 准考证号 order (the journeys each take their own, so they stay independent).
 */
export async function demoExam(request: APIRequestContext, index = 0): Promise<DemoExam> {
  const office = await token(request, 'office');
  const batches = (await (await request.get('/api/batches', { headers: bearer(office) })).json()) as {
    id: string;
    code: string;
  }[];
  const batch = batches.find((b) => b.code === 'demo-exam');
  expect(batch, 'the demo exam batch').toBeTruthy();
  const sittings = (await (
    await request.get(`/api/batches/${batch!.id}/sittings`, { headers: bearer(office) })
  ).json()) as SittingView[];
  const today = sittings.find(
    (s) => s.component === 'theory' && beijingDay(s.startsAt) === beijingDay(new Date()),
  );
  expect(today, "today's demo sitting").toBeTruthy();
  const tickets = (await (
    await request.get(`/api/batches/${batch!.id}/tickets`, { headers: bearer(office) })
  ).json()) as TicketView[];
  const ticket = [...tickets].sort((a, b) => a.ticketNumber.localeCompare(b.ticketNumber))[index];
  expect(ticket, `demo ticket #${index + 1}`).toBeTruthy();
  const persons = (await (
    await request.get(`/api/persons?q=${encodeURIComponent(ticket!.name)}&pageSize=50`, {
      headers: bearer(office),
    })
  ).json()) as { items: { id: string; idNumberMasked: string }[] };
  const tail = ticket!.idNumberMasked.slice(-4);
  const head = ticket!.idNumberMasked.slice(0, 4);
  const person = persons.items.find(
    (p) => p.idNumberMasked.endsWith(tail) && p.idNumberMasked.startsWith(head),
  );
  expect(person, `the person of ticket ${ticket!.ticketNumber}`).toBeTruthy();
  const revealed = await request.post(`/api/persons/${person!.id}/id-number`, {
    headers: bearer(office),
    data: { reason: '演示考试：考生登录测试' },
  });
  expect(revealed.ok(), await revealed.text()).toBeTruthy();
  return {
    sittingId: today!.id,
    roomId: today!.rooms[0]!.roomId,
    ticketNumber: ticket!.ticketNumber,
    idNumber: ((await revealed.json()) as { idNumber: string }).idNumber,
  };
}

/** The candidate's own view of the attempt (the token this tab holds). */
export async function attemptView(page: Page, request: APIRequestContext): Promise<ExamAttemptView> {
  const examToken = await page.evaluate(() => sessionStorage.getItem('exam.token'));
  expect(examToken, 'the exam token in sessionStorage').toBeTruthy();
  const response = await request.get('/api/exam/attempt', { headers: bearer(examToken!) });
  expect(response.ok(), await response.text()).toBeTruthy();
  return (await response.json()) as ExamAttemptView;
}

/** mm:ss or h:mm:ss → ms */
export function parseRemaining(text: string): number {
  const parts = text.trim().split(':').map(Number);
  return parts.reduce((acc, n) => acc * 60 + n, 0) * 1000;
}

/** Logs a candidate in at /exam/ with 准考证号 + 身份证号 (the login form must be showing). */
export async function examLogin(page: Page, exam: Pick<DemoExam, 'ticketNumber' | 'idNumber'>) {
  await page.getByTestId('exam-ticket').fill(exam.ticketNumber);
  await page.getByTestId('exam-id-number').fill(exam.idNumber);
  await page.getByTestId('exam-login').click();
}

/** Identity confirmed and the rules accepted: the candidate waits for the start (or, late, answers). */
export async function confirmIdentityAndRules(page: Page) {
  await expect(page.getByTestId('identity-name')).not.toBeEmpty();
  await page.getByTestId('identity-confirm').click();
  await page.getByTestId('rules-accept').check();
  await page.getByTestId('rules-continue').click();
}
