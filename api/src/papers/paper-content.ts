import {
  ITEM_TYPE_LABELS,
  type Blueprint,
  type DeliveredItem,
  type DeliveredSection,
  type ItemType,
  type OptionLetter,
  type PaperContent,
} from '@exam/contracts';

/**
 * The paper as the candidate sees it (PaperContent), built from the paper's items in order. Pure. It
 * carries stems, options (in the candidate's order, each with its original letter as `id`, which answers
 * name), blank counts, points and pictures — never a key, a rubric or an explanation.
 */

export interface ContentItem {
  position: number;
  section: number;
  pointsTenths: number;
  /** optionOrder[k] is the original index of the option shown k-th; [] for items without options */
  optionOrder: readonly number[];
  type: ItemType;
  stem: string;
  /** the version's options: [{ letter, text }] */
  options: unknown;
  /** the version's key: only the number of blanks of a fill-in item is read from it */
  key: unknown;
  image: { mediaType: string; bytes: Uint8Array } | null;
}

const BLANK = /_{3,}/g;

export function blankCount(stem: string, key: unknown): number {
  const marked = stem.match(BLANK)?.length ?? 0;
  if (marked > 0) return marked;
  return Array.isArray(key) ? key.length : 1;
}

function storedOptions(options: unknown): { letter: OptionLetter; text: string }[] {
  if (!Array.isArray(options)) return [];
  return options.filter(
    (o): o is { letter: OptionLetter; text: string } =>
      !!o && typeof o === 'object' && typeof o.letter === 'string' && typeof o.text === 'string',
  );
}

export function deliveredItem(item: ContentItem): DeliveredItem {
  const choice = item.type === 'single' || item.type === 'multiple';
  let options: DeliveredItem['options'] = null;
  if (choice) {
    const stored = storedOptions(item.options);
    const order = item.optionOrder.length === stored.length ? item.optionOrder : stored.map((_, i) => i);
    options = order.map((index) => ({ id: stored[index]!.letter, text: stored[index]!.text }));
  }
  return {
    position: item.position,
    section: item.section,
    type: item.type,
    stem: item.stem,
    options,
    blanks: item.type === 'fill_blank' ? blankCount(item.stem, item.key) : null,
    pointsTenths: item.pointsTenths,
    image: item.image
      ? `data:${item.image.mediaType};base64,${Buffer.from(item.image.bytes).toString('base64')}`
      : null,
  };
}

export function buildPaperContent(
  attemptId: string,
  blueprint: Pick<Blueprint, 'name' | 'sections'>,
  items: readonly ContentItem[],
): PaperContent {
  const ordered = [...items].sort((a, b) => a.position - b.position);
  const sections: DeliveredSection[] = [];
  for (const item of ordered) {
    const last = sections.at(-1);
    if (last && last.index === item.section) {
      last.to = item.position;
      continue;
    }
    const spec = blueprint.sections[item.section];
    sections.push({
      index: item.section,
      title: spec?.title ?? `${ITEM_TYPE_LABELS[item.type]}题`,
      type: item.type,
      pointsTenths: item.pointsTenths,
      partialCredit: spec?.partialCredit ?? 'none',
      from: item.position,
      to: item.position,
    });
  }
  return { attemptId, title: blueprint.name, sections, items: ordered.map(deliveredItem) };
}
