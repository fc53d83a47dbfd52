import type { ExamClockView } from '@exam/contracts';

/** a monotonic clock in milliseconds (performance.now in the browser), so a changed system clock does not matter */
export type MonotonicNow = () => number;

/**
 * The server's clock as seen by this client. Each clock view from the server re-anchors it: the offset is
 * the server's `serverNow` minus this client's time when the view arrived. The client only displays the
 * remaining time; the server decides start, pause, extra time and time-up.
 */
export class ServerClock {
  private view: ExamClockView | null = null;
  /** client monotonic time when `view` arrived */
  private receivedAt = 0;
  /** server epoch ms minus client monotonic ms */
  private offsetMs = 0;

  constructor(private readonly now: MonotonicNow) {}

  /** Takes a clock view from the server (login, attempt, 'attempt:clock', 'clock:sync'). */
  update(view: ExamClockView): void {
    this.receivedAt = this.now();
    this.offsetMs = Date.parse(view.serverNow) - this.receivedAt;
    this.view = view;
  }

  get current(): ExamClockView | null {
    return this.view;
  }

  get offset(): number {
    return this.offsetMs;
  }

  /** the server's time now, as epoch milliseconds */
  serverNow(): number {
    return this.now() + this.offsetMs;
  }

  /**
   * Milliseconds left, never below 0: counting down while in progress, frozen while paused, the full
   * duration before the start; null when unknown or closed.
   */
  remainingMs(): number | null {
    const view = this.view;
    if (!view) return null;
    if (view.status === 'in_progress' || view.status === 'disconnected') {
      if (view.endsAt) return Math.max(0, Date.parse(view.endsAt) - this.serverNow());
      if (view.remainingMs !== null) return Math.max(0, view.remainingMs - (this.now() - this.receivedAt));
      return null;
    }
    if (view.closedAt) return null;
    return view.remainingMs;
  }
}

/** hh:mm:ss (or mm:ss under an hour) of a non-negative duration, rounded up to whole seconds */
export function formatRemaining(ms: number): string {
  const total = Math.ceil(Math.max(0, ms) / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const two = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${two(m)}:${two(s)}` : `${two(m)}:${two(s)}`;
}

/** HH:mm:ss of an instant in Asia/Shanghai (UTC+8, no daylight saving) */
export function shanghaiTime(epochMs: number): string {
  const d = new Date(epochMs + 8 * 3600_000);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
}

/** M月D日 HH:mm of an instant in Asia/Shanghai */
export function shanghaiDateTime(epochMs: number): string {
  const d = new Date(epochMs + 8 * 3600_000);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCMonth() + 1}月${d.getUTCDate()}日 ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}`;
}

/** the time warnings (minutes left) crossed between two readings of the remaining time */
export function crossedWarnings(
  previousMs: number | null,
  currentMs: number,
  marks: number[] = [15, 5],
): number[] {
  return marks.filter((m) => {
    const at = m * 60_000;
    return currentMs <= at && currentMs > 0 && (previousMs === null || previousMs > at);
  });
}
