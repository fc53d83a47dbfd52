import type { SaveAck, SaveRefusal } from '@exam/contracts';

/** What the candidate reads for each refusal (the `invalid` and `bad_response` ones say more). */
export const SAVE_REFUSAL_MESSAGES: Record<SaveRefusal, string> = {
  invalid: '保存内容格式不正确',
  busy: '服务器繁忙，答案已暂存在本机，稍后将自动重新保存',
  not_started: '考试尚未开始，暂不能作答',
  paused: '考试已暂停，恢复后再作答',
  time_up: '考试时间已到，不再接收作答',
  closed: '本场考试已交卷，不再接收作答',
  not_in_paper: '该题不在本试卷中',
  bad_response: '作答不符合本题要求',
  replay: '该保存序号已被另一次保存使用，本次保存被拒绝',
  stale: '已有更新的作答保存，本次较早的保存被忽略',
  forbidden: '只能为本人的作答保存答案',
  second_client: '本场考试已在另一窗口或设备上打开，请在原窗口继续作答',
};

export function refusal(
  code: SaveRefusal,
  seq: number | null,
  extra: { message?: string; retryAfterMs?: number; lastSeq?: number } = {},
): SaveAck & { ok: false } {
  return {
    ok: false,
    seq,
    code,
    message: extra.message ?? SAVE_REFUSAL_MESSAGES[code],
    ...(extra.retryAfterMs !== undefined ? { retryAfterMs: extra.retryAfterMs } : {}),
    ...(extra.lastSeq !== undefined ? { lastSeq: extra.lastSeq } : {}),
  };
}

/**
 * Decides which refusals reach the audit log, so that a flood of bad saves cannot flood it: the first of
 * each kind per attempt is always recorded; after that at most one per `intervalMs`, carrying how many were
 * left out since. Bounded: when it tracks more than `capacity` pairs it starts afresh (every kind is then
 * recorded once more, which errs on the side of the record).
 */
export class RefusalAuditThrottle {
  private readonly last = new Map<string, { at: number; suppressed: number }>();

  constructor(
    private readonly intervalMs = 10_000,
    private readonly capacity = 50_000,
  ) {}

  /** null: do not record this one; otherwise record it, with the count of those left out before it. */
  admit(attemptId: string, code: SaveRefusal, nowMs: number): { suppressed: number } | null {
    const id = `${attemptId}:${code}`;
    const entry = this.last.get(id);
    if (entry && nowMs - entry.at < this.intervalMs) {
      entry.suppressed++;
      return null;
    }
    if (!entry && this.last.size >= this.capacity) this.last.clear();
    this.last.set(id, { at: nowMs, suppressed: 0 });
    return { suppressed: entry?.suppressed ?? 0 };
  }
}
