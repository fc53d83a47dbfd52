import {
  formatShanghai,
  DEFAULT_LEVEL_NAMES,
  SITTING_COMPONENT_LABELS,
  type Level,
  type SittingComponent,
} from '@exam/contracts';
import { OutsideWindow } from '../applications/batch-windows.js';
import { Conflict, ValidationFailed } from '../common/domain-errors.js';
import {
  levelsTaking,
  orderViolation,
  schedulingPolicy,
  type SchedulingPolicy,
  type TimedSitting,
} from './component-order.js';

/** The checks a sitting's time, rooms and component must pass when it is created or changed. */

export const span = (from: Date, to: Date) =>
  `${formatShanghai(from).slice(0, 16)}—${formatShanghai(to).slice(11, 16)}`;

interface BatchWithPolicy {
  windows: { kind: string; opensAt: Date; closesAt: Date }[];
  policyVersion: { policyId: string; version: number; document: unknown };
}

export function assertInExamWindow(batch: BatchWithPolicy, startsAt: Date, endsAt: Date): void {
  const window = batch.windows.find((w) => w.kind === 'exam');
  if (!window) throw new OutsideWindow('本批次未设置考试时间，请先设置考试时间段，再安排场次');
  if (startsAt < window.opensAt || endsAt > window.closesAt) {
    throw new OutsideWindow(
      `场次时间（${span(startsAt, endsAt)}）不在本批次的考试时间内（${formatShanghai(window.opensAt).slice(0, 16)} 至 ${formatShanghai(window.closesAt).slice(0, 16)}）`,
    );
  }
}

/** The batch's policy as scheduling reads it; a policy that cannot be read refuses the change. */
export function batchPolicy(batch: BatchWithPolicy): SchedulingPolicy {
  const ref = `${batch.policyVersion.policyId}@${batch.policyVersion.version}`;
  const policy = schedulingPolicy(ref, batch.policyVersion.document);
  if (!policy) throw new Conflict(`政策版本 ${ref} 的考核科目或顺序无法读取，请联系系统管理员`);
  return policy;
}

/** A sitting for a level (or subject) the policy does not examine in that component is refused. */
export function assertPolicyHasComponent(
  policy: SchedulingPolicy,
  component: SittingComponent,
  subject: string | null,
  level: Level | null,
): void {
  const levels = levelsTaking(policy, component, subject);
  const what = `${SITTING_COMPONENT_LABELS[component]}${subject ? `「${subject}」` : ''}`;
  if (levels.length === 0)
    throw new ValidationFailed(`政策 ${policy.ref} 没有${what}`, [
      { path: subject ? 'subject' : 'component', message: `政策没有${what}` },
    ]);
  if (level && !levels.includes(level))
    throw new ValidationFailed(
      `政策 ${policy.ref} 对${DEFAULT_LEVEL_NAMES[level]}不设${what}（设有该科目的等级：${levels.map((l) => DEFAULT_LEVEL_NAMES[l]).join('、')}）`,
      [{ path: 'level', message: `该等级不考${what}` }],
    );
}

interface Coverage {
  id: string;
  name: string;
  component: SittingComponent;
  occupationId: string | null;
  level: Level | null;
  startsAt: Date;
  endsAt: Date;
}

/** Two sittings may hold the same candidate unless they name different occupations or different levels. */
export function sharesCandidates(a: Coverage, b: Coverage): boolean {
  const occupation = a.occupationId === null || b.occupationId === null || a.occupationId === b.occupationId;
  const level = a.level === null || b.level === null || a.level === b.level;
  return occupation && level;
}

/** Refuses a sitting placed against the policy's component order for candidates it shares with others. */
export function assertBatchOrder(
  policy: SchedulingPolicy,
  target: Coverage,
  siblings: readonly Coverage[],
): void {
  const shared = siblings.filter((s) => s.id !== target.id && sharesCandidates(target, s));
  const problem = orderViolation(policy.order, target, shared);
  if (problem) throw new Conflict(`考核顺序不符合政策（${policy.order.cite}）：${problem}`);
}

export function roomConflictError(
  taken: { room: { name: string }; sitting: { name: string; startsAt: Date; endsAt: Date } }[],
): Conflict {
  return new Conflict(
    '考场时间冲突：' +
      taken
        .map(
          (t) =>
            `${t.room.name} 已安排场次「${t.sitting.name}」（${span(t.sitting.startsAt, t.sitting.endsAt)}）`,
        )
        .join('；'),
  );
}

export function invigilatorConflictError(
  busy: {
    user: { displayName: string };
    sittingRoom: { sitting: { name: string }; room: { name: string } };
  }[],
): Conflict {
  return new Conflict(
    '监考员时间冲突：' +
      busy
        .map(
          (b) =>
            `${b.user.displayName} 已在场次「${b.sittingRoom.sitting.name}」的 ${b.sittingRoom.room.name} 监考`,
        )
        .join('；'),
  );
}

/** Lists at most `max` problems, then how many more there are. */
export function listSome(items: string[], max = 5): string {
  const shown = items.slice(0, max).join('；');
  return items.length > max ? `${shown}；另有 ${items.length - max} 项` : shown;
}

interface SeatHolder {
  applicationId: string;
  application: { number: string; personId: string };
}

/**
 * For each candidate seated (or to be seated) in `target`, what stops them sitting it: another live sitting
 * of the same person at the same time, or a sitting of the same application against the component order.
 */
export function seatedProblemsByApplication(
  policy: SchedulingPolicy,
  target: TimedSitting,
  holders: readonly SeatHolder[],
  elsewhere: readonly { applicationId: string; application: { personId: string }; sitting: TimedSitting }[],
): Map<string, { code: 'overlap' | 'order'; reason: string }> {
  const byPerson = new Map<string, (typeof elsewhere)[number][]>();
  for (const e of elsewhere) {
    const list = byPerson.get(e.application.personId) ?? [];
    list.push(e);
    byPerson.set(e.application.personId, list);
  }
  const problems = new Map<string, { code: 'overlap' | 'order'; reason: string }>();
  for (const h of holders) {
    const others = (byPerson.get(h.application.personId) ?? []).filter((o) => o.sitting.id !== target.id);
    const clash = others.find(
      (o) => o.sitting.startsAt < target.endsAt && o.sitting.endsAt > target.startsAt,
    );
    if (clash) {
      problems.set(h.applicationId, {
        code: 'overlap',
        reason: `同一时间已安排在场次「${clash.sitting.name}」（${span(clash.sitting.startsAt, clash.sitting.endsAt)}）`,
      });
      continue;
    }
    const sameApplication = others.filter((o) => o.applicationId === h.applicationId).map((o) => o.sitting);
    const order = orderViolation(policy.order, target, sameApplication);
    if (order) problems.set(h.applicationId, { code: 'order', reason: order });
  }
  return problems;
}

export function seatedProblems(
  policy: SchedulingPolicy,
  target: TimedSitting,
  holders: readonly SeatHolder[],
  elsewhere: Parameters<typeof seatedProblemsByApplication>[3],
): string[] {
  const numbers = new Map(holders.map((h) => [h.applicationId, h.application.number]));
  return [...seatedProblemsByApplication(policy, target, holders, elsewhere)].map(
    ([applicationId, problem]) => `考生 ${numbers.get(applicationId)}：${problem.reason}`,
  );
}
