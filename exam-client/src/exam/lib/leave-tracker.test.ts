import { describe, expect, it } from 'vitest';
import { LeaveTracker } from './leave-tracker';

describe('LeaveTracker', () => {
  it('makes one event of a blur followed by the page being hidden, sent on return with the time away', () => {
    const t = new LeaveTracker();
    t.blur(1000);
    t.hide(1010);
    expect(t.show(5000)).toBeNull(); // visible but not focused yet
    expect(t.focus(6000)).toEqual({ kind: 'hidden', awayMs: 5000 });
    expect(t.away).toBe(false);
  });

  it('reports a plain blur as blur', () => {
    const t = new LeaveTracker();
    t.blur(0);
    expect(t.focus(2500)).toEqual({ kind: 'blur', awayMs: 2500 });
  });

  it('ignores focus flickers and returns without a leave', () => {
    const t = new LeaveTracker(300);
    expect(t.focus(10)).toBeNull();
    t.blur(100);
    expect(t.focus(200)).toBeNull();
    t.blur(1000);
    expect(t.focus(1400)).toEqual({ kind: 'blur', awayMs: 400 });
  });

  it('counts two separate leaves as two events', () => {
    const t = new LeaveTracker();
    t.hide(0);
    expect(t.show(1000)).toEqual({ kind: 'hidden', awayMs: 1000 });
    t.blur(2000);
    expect(t.focus(3000)).toEqual({ kind: 'blur', awayMs: 1000 });
  });
});
