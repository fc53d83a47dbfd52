import type { IntegrityEvent } from '@exam/contracts';

/**
 * Turns the browser's blur / visibilitychange signals into one 切屏 event per time the candidate left the
 * exam window: leaving starts at the first signal (blur, or the page hidden), coming back (focus, visible)
 * ends it and yields the event with how long they were away. Hidden wins over blur when both happened.
 * Flickers shorter than `minAwayMs` (focus moving inside the browser) are not counted.
 */
export class LeaveTracker {
  private leftAt: number | null = null;
  private kind: 'blur' | 'hidden' = 'blur';
  private hidden = false;
  private blurred = false;

  constructor(private readonly minAwayMs = 300) {}

  get away(): boolean {
    return this.leftAt !== null;
  }

  blur(now: number): void {
    this.blurred = true;
    this.leave('blur', now);
  }

  hide(now: number): void {
    this.hidden = true;
    this.leave('hidden', now);
  }

  /** the window got focus back; an event when the candidate is fully back */
  focus(now: number): IntegrityEvent | null {
    this.blurred = false;
    return this.back(now);
  }

  /** the page is visible again; an event when the candidate is fully back */
  show(now: number): IntegrityEvent | null {
    this.hidden = false;
    return this.back(now);
  }

  private leave(kind: 'blur' | 'hidden', now: number): void {
    if (this.leftAt === null) {
      this.leftAt = now;
      this.kind = kind;
    } else if (kind === 'hidden') this.kind = 'hidden';
  }

  private back(now: number): IntegrityEvent | null {
    if (this.leftAt === null || this.hidden || this.blurred) return null;
    const awayMs = Math.max(0, Math.round(now - this.leftAt));
    const kind = this.kind;
    this.leftAt = null;
    this.kind = 'blur';
    return awayMs < this.minAwayMs ? null : { kind, awayMs };
  }
}
