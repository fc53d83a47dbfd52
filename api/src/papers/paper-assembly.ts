import {
  ITEM_TYPE_LABELS,
  type Blueprint,
  type BlueprintSection,
  type BlueprintShortage,
  type ItemType,
  type Level,
} from '@exam/contracts';
import { SeededRandom } from './seeded-random.js';

/**
 * 组卷 (paper assembly), pure. A blueprint is filled from a pool of item versions in two steps:
 *
 * 1. `selectItems` picks the items of a paper: per section, items of its type for the blueprint's level,
 *    meeting its topic and difficulty counts, never one item twice. It is deterministic from the seed and
 *    refuses, with what is short, a blueprint the pool cannot fill.
 * 2. `orderPaper` gives one candidate their order: items shuffled within each section (sections keep the
 *    blueprint's order, as printed papers do) and options of choice items shuffled. `orderRoom` makes sure
 *    that no two candidates of one room get the same order.
 */

export interface PoolItem {
  /** the item version a paper pins */
  versionId: string;
  /** the item across its versions: a paper holds each at most once */
  itemId: string;
  type: ItemType;
  topic: string;
  difficulty: number;
  levels: readonly Level[];
  /** number of options of a choice item; 0 for other types */
  options: number;
}

export interface SelectedSection {
  section: number;
  type: ItemType;
  pointsTenths: number;
  items: PoolItem[];
}

export type Selection =
  { ok: true; sections: SelectedSection[] } | { ok: false; shortages: BlueprintShortage[] };

const ATTEMPTS = 40;

export function selectItems(blueprint: Blueprint, pool: readonly PoolItem[], seed: string): Selection {
  const shortages = blueprintShortages(blueprint, pool);
  if (shortages.length > 0) return { ok: false, shortages };
  const random = new SeededRandom(`select:${seed}`);
  const used = new Set<string>();
  const sections: SelectedSection[] = [];
  for (const [index, section] of blueprint.sections.entries()) {
    const eligible = pool.filter(
      (item) => item.type === section.type && item.levels.includes(blueprint.level) && !used.has(item.itemId),
    );
    let picked: PoolItem[] | null = null;
    for (let attempt = 0; attempt < ATTEMPTS && !picked; attempt++)
      picked = fillSection(section, eligible, random);
    if (!picked)
      return {
        ok: false,
        shortages: [
          {
            section: index,
            type: section.type,
            what: 'combination',
            needed: section.count,
            available: eligible.length,
            message: `${ITEM_TYPE_LABELS[section.type]}：题库中的试题不能同时满足知识点和难度的分配，请调整组卷方案或补充试题`,
          },
        ],
      };
    for (const item of picked) used.add(item.itemId);
    sections.push({ section: index, type: section.type, pointsTenths: section.pointsTenths, items: picked });
  }
  return { ok: true, sections };
}

/** What the pool lacks for the blueprint, counted per section (type), topic and difficulty. */
export function blueprintShortages(blueprint: Blueprint, pool: readonly PoolItem[]): BlueprintShortage[] {
  const shortages: BlueprintShortage[] = [];
  const neededPerType = new Map<ItemType, number>();
  for (const s of blueprint.sections) neededPerType.set(s.type, (neededPerType.get(s.type) ?? 0) + s.count);
  for (const [index, section] of blueprint.sections.entries()) {
    const label = ITEM_TYPE_LABELS[section.type];
    const eligible = pool.filter((i) => i.type === section.type && i.levels.includes(blueprint.level));
    const distinct = new Set(eligible.map((i) => i.itemId)).size;
    const needed = neededPerType.get(section.type)!;
    if (distinct < needed && !shortages.some((s) => s.what === 'type' && s.type === section.type))
      shortages.push({
        section: index,
        type: section.type,
        what: 'type',
        needed,
        available: distinct,
        message: `${label}需要 ${needed} 题，题库中适用于该等级的只有 ${distinct} 题`,
      });
    for (const [topic, count] of Object.entries(section.topics ?? {})) {
      const available = eligible.filter((i) => i.topic === topic).length;
      if (available < count)
        shortages.push({
          section: index,
          type: section.type,
          what: topic,
          needed: count,
          available,
          message: `${label}「${topic}」需要 ${count} 题，题库只有 ${available} 题`,
        });
    }
    for (const [difficulty, count] of Object.entries(section.difficulty ?? {})) {
      const available = eligible.filter((i) => String(i.difficulty) === difficulty).length;
      if (available < count)
        shortages.push({
          section: index,
          type: section.type,
          what: `难度${difficulty}`,
          needed: count,
          available,
          message: `${label}难度 ${difficulty} 需要 ${count} 题，题库只有 ${available} 题`,
        });
    }
  }
  return shortages;
}

/**
 * One randomized greedy fill in three passes over a shuffled list: first items that fill an open named topic
 * and an open named difficulty, then items that fill one named slot (the other from the free slots), then
 * items for the free slots only. Items never take a free slot while they could fill a named one later.
 */
function fillSection(
  section: BlueprintSection,
  eligible: readonly PoolItem[],
  random: SeededRandom,
): PoolItem[] | null {
  const topicLeft = new Map(Object.entries(section.topics ?? {}));
  const difficultyLeft = new Map(Object.entries(section.difficulty ?? {}));
  let freeTopic = section.count - sum(topicLeft);
  let freeDifficulty = section.count - sum(difficultyLeft);
  const shuffled = random.shuffle(eligible);
  const picked: PoolItem[] = [];
  const taken = new Set<PoolItem>();
  for (const pass of [2, 1, 0]) {
    for (const item of shuffled) {
      if (picked.length === section.count) break;
      if (taken.has(item)) continue;
      const t = (topicLeft.get(item.topic) ?? 0) > 0;
      const d = (difficultyLeft.get(String(item.difficulty)) ?? 0) > 0;
      if (Number(t) + Number(d) !== pass) continue;
      if ((!t && freeTopic === 0) || (!d && freeDifficulty === 0)) continue;
      if (t) topicLeft.set(item.topic, topicLeft.get(item.topic)! - 1);
      else freeTopic--;
      if (d) difficultyLeft.set(String(item.difficulty), difficultyLeft.get(String(item.difficulty))! - 1);
      else freeDifficulty--;
      picked.push(item);
      taken.add(item);
    }
  }
  return picked.length === section.count && sum(topicLeft) === 0 && sum(difficultyLeft) === 0 ? picked : null;
}

const sum = (map: Map<string, number>) => [...map.values()].reduce((a, b) => a + b, 0);

/** One candidate's paper: item versions in order, each with its options' order (original indexes). */
export interface PaperLayoutItem {
  position: number;
  section: number;
  versionId: string;
  pointsTenths: number;
  /** optionOrder[k] is the original index of the option shown k-th; null for non-choice items */
  optionOrder: number[] | null;
}

export function orderPaper(
  blueprint: Pick<Blueprint, 'shuffleItems' | 'shuffleOptions'>,
  sections: readonly SelectedSection[],
  seed: string,
): PaperLayoutItem[] {
  const random = new SeededRandom(`order:${seed}`);
  const out: PaperLayoutItem[] = [];
  for (const section of sections) {
    const items = blueprint.shuffleItems ? random.shuffle(section.items) : section.items;
    for (const item of items) {
      const choice = item.type === 'single' || item.type === 'multiple';
      out.push({
        position: out.length + 1,
        section: section.section,
        versionId: item.versionId,
        pointsTenths: section.pointsTenths,
        optionOrder: choice
          ? blueprint.shuffleOptions
            ? random.permutation(item.options)
            : Array.from({ length: item.options }, (_, i) => i)
          : null,
      });
    }
  }
  return out;
}

const signature = (layout: readonly PaperLayoutItem[]) =>
  layout.map((i) => `${i.versionId}:${i.optionOrder?.join('') ?? ''}`).join('|');

/**
 * Orders the papers of one room's candidates (in seat order) so that no two are the same, as far as the
 * paper allows (a paper of one true/false item has only one order). Deterministic from the seed.
 */
export function orderRoom(
  blueprint: Pick<Blueprint, 'shuffleItems' | 'shuffleOptions'>,
  sections: readonly SelectedSection[],
  seed: string,
  candidates: readonly string[],
): Map<string, PaperLayoutItem[]> {
  const seen = new Set<string>();
  const papers = new Map<string, PaperLayoutItem[]>();
  for (const candidate of candidates) {
    let layout = orderPaper(blueprint, sections, `${seed}:${candidate}`);
    for (let salt = 1; seen.has(signature(layout)) && salt <= 20; salt++)
      layout = orderPaper(blueprint, sections, `${seed}:${candidate}:${salt}`);
    seen.add(signature(layout));
    papers.set(candidate, layout);
  }
  return papers;
}
