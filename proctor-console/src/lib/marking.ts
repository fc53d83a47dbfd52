import type { MarkingStatus, MarkingTaskView, RubricPoint } from '@exam/contracts';

/** 阅卷 desk helpers: rubric sums, quick scores, the queue of tasks and the progress. */

export function rubricTotal(rubric: readonly RubricPoint[]): number {
  return rubric.reduce((sum, r) => sum + r.pointsTenths, 0);
}

/** The score of the rubric points ticked (a tick beyond the rubric is ignored), capped at the item's points. */
export function checkedSum(
  rubric: readonly RubricPoint[],
  checked: readonly boolean[],
  maxTenths: number,
): number {
  const sum = rubric.reduce((total, r, i) => total + (checked[i] ? r.pointsTenths : 0), 0);
  return Math.min(sum, maxTenths);
}

/**
 * The quick scores offered: 0, the running sums of the rubric points in order (the first point, the first
 * two…), and full marks; ascending, without repeats, none above `maxTenths`.
 */
export function quickScores(rubric: readonly RubricPoint[], maxTenths: number): number[] {
  const scores = new Set<number>([0, maxTenths]);
  let sum = 0;
  for (const r of rubric) {
    sum += r.pointsTenths;
    if (sum <= maxTenths) scores.add(sum);
  }
  return [...scores].sort((a, b) => a - b);
}

export interface MarkingSitting {
  sittingId: string;
  sittingName: string;
  pending: number;
  marked: number;
}

/** The sittings the tasks belong to, in first-seen order, with their counts. */
export function sittingsOfTasks(
  tasks: readonly Pick<MarkingTaskView, 'sittingId' | 'sittingName' | 'status'>[],
): MarkingSitting[] {
  const byId = new Map<string, MarkingSitting>();
  for (const t of tasks) {
    let s = byId.get(t.sittingId);
    if (!s) {
      s = { sittingId: t.sittingId, sittingName: t.sittingName, pending: 0, marked: 0 };
      byId.set(t.sittingId, s);
    }
    if (t.status === 'marked') s.marked += 1;
    else s.pending += 1;
  }
  return [...byId.values()];
}

/** The ids to go through for a sitting and status (kept fixed while marking, so a marked task stays in place). */
export function markingQueue(
  tasks: readonly Pick<MarkingTaskView, 'id' | 'sittingId' | 'status'>[],
  sittingId: string,
  status: MarkingStatus,
): string[] {
  return tasks.filter((t) => t.sittingId === sittingId && t.status === status).map((t) => t.id);
}

/** The next task of the queue after `from` still waiting, else the next one, else null at the end. */
export function nextIndex(
  queue: readonly string[],
  from: number,
  statusOf: (id: string) => MarkingStatus | undefined,
): number | null {
  for (let i = from + 1; i < queue.length; i += 1) if (statusOf(queue[i]!) === 'pending') return i;
  for (let i = 0; i < from; i += 1) if (statusOf(queue[i]!) === 'pending') return i;
  return from + 1 < queue.length ? from + 1 : null;
}
