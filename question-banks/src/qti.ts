import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { SaxesParser } from 'saxes';
import { LEVELS, OPTION_LETTERS, type Level } from '@exam/contracts';
import { ImageChecker } from './images.js';
import type { LoadedBank } from './model.js';
import { entry, map, Problems, scalar, seq, type Loc, type MapEntry, type TreeNode } from './tree.js';
import { checkItem, type CheckedItem } from './validate-item.js';
import { noteDuplicate } from './yaml-bank.js';

/**
 * A folder of IMS QTI 2.x item files (one assessmentItem per .xml file): choiceInteraction (maxChoices 1 →
 * single, or true_false when its two choices read 正确/错误; otherwise multiple) and textEntryInteraction
 * (fill_blank). Keys come from responseDeclaration/correctResponse (or the mapping's positive entries),
 * points from the mapping when there is one, else the MAXSCORE outcome's default, else SCORE's
 * normalMaximum, else 1. QTI says nothing of levels, topic, difficulty or source: those take `QtiDefaults`.
 */
export interface QtiDefaults {
  levels: Level[];
  difficulty: number;
  /** Used when the item has no `title`. */
  topic: string;
  subject: string | null;
}

export const QTI_DEFAULTS: QtiDefaults = {
  levels: [...LEVELS],
  difficulty: 3,
  topic: '未分类',
  subject: null,
};

/** A minimal DOM with the line each element starts on; names without their namespace prefix. */
interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlChild[];
  line: number;
}
type XmlChild = XmlElement | string;

export function parseXml(text: string, file: string, problems: Problems): XmlElement | null {
  const parser = new SaxesParser({ position: true });
  const stack: XmlElement[] = [];
  let root: XmlElement | null = null;
  let failed = false;
  let startLine = 1;
  parser.on('error', (error) => {
    if (!failed) {
      const m = /^(?:[^:]*:)?(\d+):(\d+): (.*)$/s.exec(error.message);
      problems.add(
        { file, line: m ? Number(m[1]) : parser.line },
        `XML 格式错误：${m ? m[3] : error.message}`,
      );
    }
    failed = true;
  });
  parser.on('opentagstart', () => {
    startLine = parser.line;
  });
  parser.on('opentag', (tag) => {
    const element: XmlElement = {
      name: tag.name.replace(/^.*:/, ''),
      attrs: Object.fromEntries(
        Object.entries(tag.attributes).map(([k, v]) => [k.replace(/^.*:/, ''), String(v)]),
      ),
      children: [],
      line: startLine,
    };
    const parent = stack[stack.length - 1];
    if (parent) parent.children.push(element);
    else root ??= element;
    stack.push(element);
  });
  parser.on('closetag', () => {
    stack.pop();
  });
  const addText = (t: string) => stack[stack.length - 1]?.children.push(t);
  parser.on('text', addText);
  parser.on('cdata', addText);
  try {
    parser.write(text.replace(/^\uFEFF/, '')).close();
  } catch (error) {
    if (!failed) problems.add({ file, line: parser.line }, `XML 格式错误：${(error as Error).message}`);
    failed = true;
  }
  return failed ? null : root;
}

const elements = (e: XmlElement) => e.children.filter((c): c is XmlElement => typeof c !== 'string');
const child = (e: XmlElement, name: string) => elements(e).find((c) => c.name === name);
const childrenNamed = (e: XmlElement, name: string) => elements(e).filter((c) => c.name === name);

function descendants(e: XmlElement, name: string, out: XmlElement[] = []): XmlElement[] {
  for (const c of elements(e)) {
    if (c.name === name) out.push(c);
    descendants(c, name, out);
  }
  return out;
}

function textContent(e: XmlElement): string {
  return e.children.map((c) => (typeof c === 'string' ? c : textContent(c))).join('');
}

const BLOCKS = new Set([
  'p',
  'div',
  'br',
  'li',
  'ul',
  'ol',
  'table',
  'tr',
  'blockquote',
  'prompt',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
]);
const INTERACTIONS = new Set([
  'choiceInteraction',
  'textEntryInteraction',
  'extendedTextInteraction',
  'orderInteraction',
  'associateInteraction',
  'matchInteraction',
  'gapMatchInteraction',
  'inlineChoiceInteraction',
  'hottextInteraction',
  'hotspotInteraction',
  'selectPointInteraction',
  'graphicOrderInteraction',
  'graphicAssociateInteraction',
  'graphicGapMatchInteraction',
  'positionObjectInteraction',
  'sliderInteraction',
  'drawingInteraction',
  'uploadInteraction',
  'customInteraction',
  'mediaInteraction',
]);

const BREAK = '\u0000';
const CJK = '[\u3000-\u9fff\uff00-\uffef]';
const SPACE_BETWEEN_CJK = new RegExp(`(?<=${CJK}) (?=${CJK})`, 'g');

/** XML text as a reader sees it: runs of white space are one space (none between Chinese characters). */
function tidy(text: string): string {
  return text
    .replace(/[ \t\r\n]+/g, ' ')
    .replace(SPACE_BETWEEN_CJK, '')
    .trim();
}

/** The item body as plain text: blocks on their own lines, each text entry as `____`, choices left out. */
function stemText(body: XmlElement, images: XmlElement[]): string {
  const parts: string[] = [];
  const walk = (e: XmlElement) => {
    for (const c of e.children) {
      if (typeof c === 'string') {
        parts.push(c);
        continue;
      }
      if (c.name === 'textEntryInteraction') parts.push(' ____ ');
      else if (c.name === 'choiceInteraction') {
        const prompt = child(c, 'prompt');
        if (prompt) parts.push(BREAK, textContent(prompt), BREAK);
      } else if (c.name === 'img') images.push(c);
      else if (c.name === 'br') parts.push(BREAK);
      else if (!INTERACTIONS.has(c.name)) {
        const block = BLOCKS.has(c.name);
        if (block) parts.push(BREAK);
        walk(c);
        if (block) parts.push(BREAK);
      }
    }
  };
  walk(body);
  return parts.join('').split(BREAK).map(tidy).filter(Boolean).join('\n');
}

interface Declaration {
  element: XmlElement;
  correct: { value: string; line: number }[];
  mapping: { entries: { key: string; value: number }[]; upperBound: number | null; line: number } | null;
}

function declarations(item: XmlElement): Map<string, Declaration> {
  const out = new Map<string, Declaration>();
  for (const d of childrenNamed(item, 'responseDeclaration')) {
    const correct = child(d, 'correctResponse');
    const mapping = child(d, 'mapping');
    out.set(d.attrs.identifier ?? '', {
      element: d,
      correct: correct
        ? childrenNamed(correct, 'value').map((v) => ({ value: textContent(v).trim(), line: v.line }))
        : [],
      mapping: mapping
        ? {
            entries: childrenNamed(mapping, 'mapEntry').map((m) => ({
              key: (m.attrs.mapKey ?? '').trim(),
              value: Number(m.attrs.mappedValue),
            })),
            upperBound: mapping.attrs.upperBound !== undefined ? Number(mapping.attrs.upperBound) : null,
            line: mapping.line,
          }
        : null,
    });
  }
  return out;
}

/** Points from a mapping: the best single entry (one answer) or the positive entries' sum, capped. */
function mappedPoints(mapping: NonNullable<Declaration['mapping']>, many: boolean): number {
  const positive = mapping.entries.map((e) => e.value).filter((v) => Number.isFinite(v) && v > 0);
  const raw = many ? positive.reduce((s, v) => s + v, 0) : Math.max(0, ...positive);
  return mapping.upperBound !== null && Number.isFinite(mapping.upperBound)
    ? Math.min(raw, mapping.upperBound)
    : raw;
}

function outcomePoints(item: XmlElement): { value: number; line: number } | null {
  const outcomes = childrenNamed(item, 'outcomeDeclaration');
  const max = outcomes.find((o) => o.attrs.identifier === 'MAXSCORE');
  const maxValue = max && child(max, 'defaultValue') && child(child(max, 'defaultValue')!, 'value');
  if (maxValue) return { value: Number(textContent(maxValue).trim()), line: maxValue.line };
  const score = outcomes.find((o) => o.attrs.identifier === 'SCORE');
  if (score?.attrs.normalMaximum !== undefined)
    return { value: Number(score.attrs.normalMaximum), line: score.line };
  return null;
}

const TRUE_TEXTS = new Set(['正确', '对', '是', 'true', 'True', 'TRUE']);
const FALSE_TEXTS = new Set(['错误', '错', '否', 'false', 'False', 'FALSE']);

/** One assessmentItem turned into the bank format's tree, or problems. */
function itemTree(
  root: XmlElement,
  file: string,
  problems: Problems,
  defaults: QtiDefaults,
): TreeNode | null {
  const at = (line: number): Loc => ({ file, line });
  const id = root.attrs.identifier?.trim();
  const report = (line: number, message: string) => problems.add(at(line), message, id);
  if (!id) {
    report(root.line, 'assessmentItem 缺少 identifier 属性');
    return null;
  }
  const body = child(root, 'itemBody');
  if (!body) {
    report(root.line, 'assessmentItem 缺少 itemBody');
    return null;
  }
  const choices = descendants(body, 'choiceInteraction');
  const entries = descendants(body, 'textEntryInteraction');
  const unsupported = [...INTERACTIONS]
    .filter((n) => n !== 'choiceInteraction' && n !== 'textEntryInteraction')
    .flatMap((n) => descendants(body, n));
  for (const u of unsupported)
    report(
      u.line,
      `不支持 ${u.name}，只支持 choiceInteraction（单选、多选、判断）和 textEntryInteraction（填空）`,
    );
  if (choices.length > 1) report(choices[1]!.line, '一个题目只能有一个 choiceInteraction');
  if (choices.length && entries.length)
    report(entries[0]!.line, '一个题目不能同时有 choiceInteraction 和 textEntryInteraction');
  if (!choices.length && !entries.length && !unsupported.length)
    report(body.line, '题目中没有 choiceInteraction 或 textEntryInteraction');
  if (
    unsupported.length ||
    choices.length > 1 ||
    (choices.length && entries.length) ||
    (!choices.length && !entries.length)
  )
    return null;

  const decls = declarations(root);
  const images: XmlElement[] = [];
  const stem = stemText(body, images);
  const fields: MapEntry[] = [entry('id', scalar(id, at(root.line)))];
  fields.push(entry('stem', scalar(stem, at(body.line))));
  fields.push(
    entry(
      'levels',
      seq(
        defaults.levels.map((l) => scalar(l, at(root.line))),
        at(root.line),
      ),
    ),
  );
  fields.push(entry('topic', scalar(root.attrs.title?.trim() || defaults.topic, at(root.line))));
  fields.push(entry('difficulty', scalar(defaults.difficulty, at(root.line))));
  fields.push(entry('source', scalar(`IMS QTI 导入：${basename(file)}`, at(root.line))));
  if (images.length > 1) report(images[1]!.line, '每题最多一张图片');
  if (images[0]) {
    const src = images[0].attrs.src;
    if (!src) report(images[0].line, 'img 缺少 src 属性');
    else fields.push(entry('image', scalar(src, at(images[0].line))));
  }

  let points: { value: number; line: number } | null = null;
  if (choices.length) {
    const interaction = choices[0]!;
    const responseId = interaction.attrs.responseIdentifier ?? '';
    const decl = decls.get(responseId);
    const simple = descendants(interaction, 'simpleChoice');
    const maxChoices = Number(interaction.attrs.maxChoices ?? '1');
    const texts = simple.map((s) => tidy(textContent(s)));
    const letterOf = new Map<string, string>();
    simple.forEach((s, i) => {
      if (OPTION_LETTERS[i] && s.attrs.identifier) letterOf.set(s.attrs.identifier, OPTION_LETTERS[i]);
    });
    for (const s of simple) if (descendants(s, 'img').length) report(s.line, '选项中不支持图片');
    if (!decl) {
      report(interaction.line, `找不到 responseIdentifier 为 ${responseId} 的 responseDeclaration`);
      return null;
    }
    let correct = decl.correct;
    if (!correct.length && decl.mapping) {
      const positive = decl.mapping.entries.filter((e) => e.value > 0).sort((a, b) => b.value - a.value);
      correct = (maxChoices === 1 ? positive.slice(0, 1) : positive).map((e) => ({
        value: e.key,
        line: decl.mapping!.line,
      }));
    }
    if (!correct.length) {
      report(decl.element.line, 'responseDeclaration 缺少 correctResponse（正确答案）');
      return null;
    }
    const bad = correct.filter((c) => !letterOf.has(c.value));
    for (const b of bad) report(b.line, `正确答案 ${b.value} 不是本题任何 simpleChoice 的 identifier`);
    if (bad.length) return null;
    const isTrueFalse =
      maxChoices === 1 &&
      texts.length === 2 &&
      texts.some((t) => TRUE_TEXTS.has(t)) &&
      texts.some((t) => FALSE_TEXTS.has(t));
    if (isTrueFalse) {
      const chosen = simple.findIndex((s) => s.attrs.identifier === correct[0]!.value);
      fields.push(entry('type', scalar('true_false', at(interaction.line))));
      fields.push(entry('key', scalar(TRUE_TEXTS.has(texts[chosen]!), at(correct[0]!.line))));
    } else {
      const type = maxChoices === 1 ? 'single' : 'multiple';
      fields.push(entry('type', scalar(type, at(interaction.line))));
      fields.push(
        entry(
          'options',
          map(
            simple.map((s, i) =>
              entry(OPTION_LETTERS[i] ?? `#${i + 1}`, scalar(texts[i]!, at(s.line)), at(s.line)),
            ),
            at(interaction.line),
          ),
        ),
      );
      const letters = correct.map((c) => scalar(letterOf.get(c.value)!, at(c.line)));
      fields.push(
        entry(
          'key',
          type === 'single' && letters.length === 1 ? letters[0]! : seq(letters, at(correct[0]!.line)),
        ),
      );
    }
    if (decl.mapping)
      points = { value: mappedPoints(decl.mapping, maxChoices !== 1), line: decl.mapping.line };
  } else {
    fields.push(entry('type', scalar('fill_blank', at(entries[0]!.line))));
    const key: TreeNode[] = [];
    let mappedSum = 0;
    let anyMapping = false;
    for (const e of entries) {
      const responseId = e.attrs.responseIdentifier ?? '';
      const decl = decls.get(responseId);
      if (!decl) {
        report(e.line, `找不到 responseIdentifier 为 ${responseId} 的 responseDeclaration`);
        return null;
      }
      const accepted = [...decl.correct.map((c) => c.value)];
      for (const m of decl.mapping?.entries ?? [])
        if (m.value > 0 && !accepted.includes(m.key)) accepted.push(m.key);
      if (!accepted.length) {
        report(decl.element.line, `填空 ${responseId} 缺少 correctResponse（正确答案）`);
        return null;
      }
      const line = decl.correct[0]?.line ?? decl.mapping?.line ?? decl.element.line;
      key.push(
        accepted.length === 1
          ? scalar(accepted[0]!, at(line))
          : seq(
              accepted.map((a) => scalar(a, at(line))),
              at(line),
            ),
      );
      if (decl.mapping) {
        anyMapping = true;
        mappedSum += mappedPoints(decl.mapping, false);
      }
    }
    fields.push(entry('key', seq(key, at(entries[0]!.line))));
    if (anyMapping)
      points = {
        value: mappedSum,
        line: decls.get(entries[0]!.attrs.responseIdentifier ?? '')!.element.line,
      };
  }
  points ??= outcomePoints(root) ?? { value: 1, line: root.line };
  fields.push(entry('points', scalar(points.value, at(points.line))));
  return map(fields, at(root.line));
}

/** Reads a folder of QTI 2.x item files (or one file); imsmanifest.xml is skipped. */
export function readQtiFolder(
  path: string,
  display = path,
  defaults: QtiDefaults = QTI_DEFAULTS,
): LoadedBank {
  const problems = new Problems();
  const bank: LoadedBank = {
    kind: 'qti',
    path: display,
    occupation: null,
    name: null,
    subjects: [],
    items: [],
    problems: problems.list,
  };
  const isDir = statSync(path).isDirectory();
  const files = isDir
    ? readdirSync(path)
        .filter((f) => extname(f).toLowerCase() === '.xml' && f.toLowerCase() !== 'imsmanifest.xml')
        .sort()
    : [basename(path)];
  const folder = isDir ? path : dirname(path);
  const shownFolder = isDir ? display : dirname(display);
  const images = new ImageChecker(resolve(folder));
  const seen = new Map<string, CheckedItem>();
  if (!files.length) problems.add({ file: display }, '文件夹中没有 QTI 题目文件（.xml）');
  for (const name of files) {
    const file = join(shownFolder, name);
    let text: string;
    try {
      text = readFileSync(join(folder, name), 'utf8');
    } catch (error) {
      problems.add({ file }, `无法读取（${(error as NodeJS.ErrnoException).code ?? String(error)}）`);
      continue;
    }
    const root = parseXml(text, file, problems);
    if (!root) continue;
    if (root.name !== 'assessmentItem') {
      problems.add(
        { file, line: root.line },
        `不是 QTI 题目文件：根元素为 ${root.name}，应为 assessmentItem`,
      );
      continue;
    }
    const before = problems.count;
    const tree = itemTree(root, file, problems, defaults);
    if (!tree) {
      const id = root.attrs.identifier?.trim();
      const at = { file, line: root.line };
      if (id) noteDuplicate({ id, at, idAt: at, item: null }, seen, problems);
      continue;
    }
    const readerProblems = problems.count > before;
    const checked = checkItem(tree, {
      problems,
      occupation: null,
      subject: defaults.subject,
      ids: 'free',
      images,
    });
    const duplicate = noteDuplicate(checked, seen, problems);
    if (checked.item && !readerProblems && !duplicate)
      bank.items.push({ item: checked.item, at: checked.at });
  }
  if (defaults.subject) bank.subjects = [{ code: defaults.subject, name: null, file: display }];
  return bank;
}
