import {
  formatShanghai,
  policyDocumentSchema,
  SITTING_COMPONENT_LABELS,
  type Level,
  type SittingComponent,
} from '@exam/contracts';

/** The policy's stages of components: a component's stage is its index; unlisted components are free. */
export interface ComponentOrder {
  stages: SittingComponent[][];
  cite: string;
}

/** Which components (and subjects) the policy sets for each level: a sitting seats only those candidates. */
export type LevelComponents = Map<Level, { kind: SittingComponent; subject: string | null }[]>;

export interface SchedulingPolicy {
  ref: string;
  order: ComponentOrder;
  components: LevelComponents;
}

/** A sitting as the order rule sees it. */
export interface TimedSitting {
  id: string;
  name: string;
  component: SittingComponent;
  startsAt: Date;
  endsAt: Date;
}

const orderSchema = policyDocumentSchema.shape.componentOrder;
const componentsSchema = policyDocumentSchema.shape.components;

/** Reads the parts of a stored policy document that scheduling needs; null when they cannot be read. */
export function schedulingPolicy(ref: string, document: unknown): SchedulingPolicy | null {
  const doc = (document ?? {}) as { componentOrder?: unknown; components?: unknown };
  const order = orderSchema.safeParse(doc.componentOrder);
  const components = componentsSchema.safeParse(doc.components);
  if (!order.success || !components.success) return null;
  const byLevel: LevelComponents = new Map();
  for (const c of components.data) {
    const list = byLevel.get(c.level) ?? [];
    list.push({ kind: c.kind, subject: c.subject });
    byLevel.set(c.level, list);
  }
  return { ref, order: order.data, components: byLevel };
}

/**
 * The levels whose candidates take this component; a sitting that names a subject seats only the levels
 * examined in that subject (a level with one unnamed theory paper sits a sitting without a subject).
 */
export function levelsTaking(
  policy: SchedulingPolicy,
  component: SittingComponent,
  subject: string | null,
): Level[] {
  const levels: Level[] = [];
  for (const [level, list] of policy.components) {
    if (list.some((c) => c.kind === component && (subject === null || c.subject === subject)))
      levels.push(level);
  }
  return levels;
}

function stageOf(order: ComponentOrder, component: SittingComponent): number | null {
  const i = order.stages.findIndex((stage) => stage.includes(component));
  return i < 0 ? null : i;
}

const at = (d: Date) => formatShanghai(d).slice(0, 16);

/**
 * Why `target` breaks the order against one of the candidate's other sittings, or null. Earlier stages must
 * have ended when a later stage starts; two sittings of one stage only need not overlap (checked elsewhere).
 */
export function orderViolation(
  order: ComponentOrder,
  target: TimedSitting,
  others: readonly TimedSitting[],
): string | null {
  const mine = stageOf(order, target.component);
  if (mine === null) return null;
  for (const other of others) {
    if (other.id === target.id) continue;
    const theirs = stageOf(order, other.component);
    if (theirs === null || theirs === mine) continue;
    const label = (c: SittingComponent) => SITTING_COMPONENT_LABELS[c];
    if (theirs < mine && other.endsAt > target.startsAt)
      return `${label(target.component)}须在${label(other.component)}之后：场次「${target.name}」（${at(target.startsAt)} 开始）早于场次「${other.name}」结束（${at(other.endsAt)}）`;
    if (theirs > mine && target.endsAt > other.startsAt)
      return `${label(target.component)}须在${label(other.component)}之前：场次「${target.name}」（${at(target.endsAt)} 结束）晚于场次「${other.name}」开始（${at(other.startsAt)}）`;
  }
  return null;
}
