import { formatShanghai, WINDOW_KIND_LABELS, type PolicyWindowKind } from '@exam/contracts';
import { DomainError } from '../common/domain-errors.js';

/** An action outside its window: refused with the window's dates, so the person knows what happened. */
export class OutsideWindow extends DomainError {
  constructor(message: string) {
    super('outside_window', 409, message);
  }
}

export interface WindowRow {
  kind: string;
  opensAt: Date;
  closesAt: Date;
}

/** Throws unless `now` lies in the batch's window of `kind` (opens inclusive, closes exclusive). */
export function assertInWindow(
  windows: WindowRow[],
  kind: PolicyWindowKind,
  now: Date,
  action: string,
): void {
  const label = WINDOW_KIND_LABELS[kind];
  const window = windows.find((w) => w.kind === kind);
  if (!window) throw new OutsideWindow(`本批次未设置${label}时间，暂不能${action}`);
  const span = `${formatShanghai(window.opensAt).slice(0, 16)} 至 ${formatShanghai(window.closesAt).slice(0, 16)}`;
  if (now < window.opensAt) throw new OutsideWindow(`${label}尚未开始（${span}），暂不能${action}`);
  if (now >= window.closesAt)
    throw new OutsideWindow(`${label}已于 ${span.split(' 至 ')[1]} 截止，不能再${action}`);
}
