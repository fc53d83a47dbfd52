import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, extname, isAbsolute, join, normalize, resolve } from 'node:path';
import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type YAMLError } from 'yaml';
import { BANK_FORMAT_VERSION } from '@exam/contracts';
import { ImageChecker } from './images.js';
import type { BankSubject, LoadedBank, LoadedItem } from './model.js';
import { entry, map, Problems, scalar, seq, type Loc, type MapNode, type TreeNode } from './tree.js';
import { checkItem, type CheckedItem } from './validate-item.js';

export const BANK_FILE = 'bank.yaml';

const OCCUPATION_PATTERN = /^[A-Z]{2}\d{2}$/;
const SUBJECT_PATTERN = /^[A-Z]{2,4}$/;

/** A YAML text parsed into the located tree; syntax problems are reported and give `null`. */
export function parseYamlTree(text: string, file: string, problems: Problems): TreeNode | null {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text.replace(/^\uFEFF/, ''), {
    lineCounter,
    prettyErrors: false,
    uniqueKeys: true,
  });
  const lineAt = (offset: number | undefined) =>
    offset === undefined ? 1 : lineCounter.linePos(offset).line;
  let fatal = false;
  for (const error of doc.errors) {
    problems.add({ file, line: lineAt(error.pos[0]) }, yamlErrorMessage(error));
    if (error.code !== 'DUPLICATE_KEY') fatal = true;
  }
  if (fatal) return null;

  const source = text.replace(/^\uFEFF/, '');
  const convert = (node: unknown, fallback: Loc): TreeNode => {
    if (node === null || node === undefined) return scalar(null, fallback);
    if (isAlias(node)) {
      const at = { file, line: lineAt(node.range?.[0]) };
      problems.add(at, `不支持 YAML 别名（*${node.source}），请直接写出内容`);
      return scalar(null, at);
    }
    const range = (node as { range?: [number, number, number] | null }).range;
    const at: Loc = { file, line: lineAt(range?.[0]) };
    if (isScalar(node)) {
      const value = node.value;
      if (value === null || typeof value === 'string' || typeof value === 'boolean') return scalar(value, at);
      if (typeof value === 'number') {
        const written = node.source ?? (range ? source.slice(range[0], range[1]) : String(value));
        return scalar(value, at, String(written));
      }
      return scalar(String(value as unknown), at);
    }
    if (isSeq(node))
      return seq(
        node.items.map((item) => convert(item, at)),
        at,
      );
    if (isMap(node)) {
      const entries = node.items.map((pair) => {
        const key = isPair(pair) ? pair.key : null;
        const keyRange = (key as { range?: [number, number, number] | null } | null)?.range;
        const keyAt: Loc = { file, line: keyRange ? lineAt(keyRange[0]) : at.line };
        const keyText = isScalar(key) ? String(key.value) : String(key);
        const value = convert(pair.value, keyAt);
        // A block list or map under a key starts on the next line; problems with it as a whole point at the key.
        if (value.kind !== 'scalar' && (value.at.line ?? 0) > (keyAt.line ?? 0)) value.at = keyAt;
        return entry(keyText, value, keyAt);
      });
      return map(entries, at);
    }
    return scalar(null, at);
  };
  return convert(doc.contents, { file, line: 1 });
}

function yamlErrorMessage(error: YAMLError): string {
  switch (error.code) {
    case 'DUPLICATE_KEY':
      return '字段重复：同一层级的键必须唯一';
    case 'TAB_AS_INDENT':
      return 'YAML 语法错误：缩进不能用制表符（Tab），请用空格';
    case 'BLOCK_AS_IMPLICIT_KEY':
    case 'MULTILINE_IMPLICIT_KEY':
      return `YAML 语法错误：文字中含英文冒号加空格（": "）时请给整段文字加引号（${error.message}）`;
    case 'BAD_INDENT':
      return `YAML 语法错误：缩进不对（${error.message}）`;
    default:
      return `YAML 语法错误（${error.code}）：${error.message}`;
  }
}

function readText(path: string, display: string, problems: Problems): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    problems.add(
      { file: display },
      code === 'ENOENT' ? '文件不存在' : `无法读取（${code ?? String(error)}）`,
    );
    return null;
  }
}

/** Checks a map's keys against the allowed ones; returns the fields by name. */
function fieldsOf(
  node: MapNode,
  allowed: readonly string[],
  where: string,
  problems: Problems,
): Map<string, TreeNode> {
  const fields = new Map<string, TreeNode>();
  for (const e of node.entries) {
    if (!allowed.includes(e.key))
      problems.add(e.keyAt, `${where}有未知字段 ${e.key}（可用：${allowed.join('、')}）`);
    else fields.set(e.key, e.value);
  }
  return fields;
}

function textField(
  fields: Map<string, TreeNode>,
  key: string,
  label: string,
  at: Loc,
  problems: Problems,
): string | null {
  const node = fields.get(key);
  if (!node) {
    problems.add(at, `缺少字段 ${key}（${label}）`);
    return null;
  }
  if (node.kind !== 'scalar' || node.value === null || typeof node.value === 'boolean' || !node.text.trim()) {
    problems.add(node.at, `${key}（${label}）应为非空文本`);
    return null;
  }
  return node.text.trim();
}

/**
 * Loads a bank folder (bank.yaml + one YAML file per subject) and checks everything FORMAT.md lists.
 * `display` is how paths are shown in problems (the path as the user gave it).
 */
export function loadYamlBank(folder: string, display = folder): LoadedBank {
  const problems = new Problems();
  const root = resolve(folder);
  const bankFile = join(display, BANK_FILE);
  const bank: LoadedBank = {
    kind: 'yaml',
    path: display,
    occupation: null,
    name: null,
    subjects: [],
    items: [],
    problems: problems.list,
  };

  const text = readText(join(root, BANK_FILE), bankFile, problems);
  const tree = text === null ? null : parseYamlTree(text, bankFile, problems);
  if (tree && tree.kind !== 'map')
    problems.add(tree.at, 'bank.yaml 应为键值表（format、occupation、name、subjects）');
  if (tree?.kind === 'map') {
    const fields = fieldsOf(tree, ['format', 'occupation', 'name', 'subjects'], 'bank.yaml ', problems);
    const format = fields.get('format');
    if (!format) problems.add(tree.at, `缺少字段 format（格式版本），应为 ${BANK_FORMAT_VERSION}`);
    else if (format.kind !== 'scalar' || format.value !== BANK_FORMAT_VERSION)
      problems.add(
        format.at,
        `format（格式版本）应为 ${BANK_FORMAT_VERSION}，实为 ${format.kind === 'scalar' ? format.text : '非数字'}`,
      );
    const occupation = textField(fields, 'occupation', '工种代码', tree.at, problems);
    if (occupation !== null) {
      if (!OCCUPATION_PATTERN.test(occupation))
        problems.add(
          fields.get('occupation')!.at,
          `工种代码 ${occupation} 格式不对，应为两个大写字母加两位数字（如 JD02）`,
        );
      else {
        bank.occupation = occupation;
        if (basename(root) !== occupation)
          problems.add(
            fields.get('occupation')!.at,
            `题库文件夹应以工种代码命名：文件夹为 ${basename(root)}，工种代码为 ${occupation}`,
          );
      }
    }
    bank.name = textField(fields, 'name', '工种名称', tree.at, problems);
    bank.subjects = readSubjects(fields.get('subjects'), tree.at, root, display, problems);
  }

  // Stray YAML files would silently not be imported.
  try {
    const listed = new Set(bank.subjects.map((s) => normalize(s.file)));
    for (const name of readdirSync(root).sort()) {
      const ext = extname(name).toLowerCase();
      if ((ext === '.yaml' || ext === '.yml') && name !== BANK_FILE && !listed.has(normalize(name)))
        problems.add({ file: join(display, name) }, '此文件未在 bank.yaml 的 subjects 中列出，不会被导入');
    }
  } catch {
    // the folder itself was reported unreadable above
  }

  const images = new ImageChecker(root);
  const seen = new Map<string, CheckedItem>();
  for (const subject of bank.subjects) {
    const file = join(display, subject.file);
    const subjectText = readText(join(root, subject.file), file, problems);
    if (subjectText === null) continue;
    const subjectTree = parseYamlTree(subjectText, file, problems);
    if (!subjectTree) continue;
    if (subjectTree.kind !== 'map') {
      problems.add(subjectTree.at, '科目文件应为键值表（subject、items）');
      continue;
    }
    const fields = fieldsOf(subjectTree, ['subject', 'items'], '科目文件', problems);
    const code = textField(fields, 'subject', '科目代码', subjectTree.at, problems);
    if (code !== null && code !== subject.code) {
      const known = bank.subjects.some((s) => s.code === code);
      problems.add(
        fields.get('subject')!.at,
        known
          ? `subject 为 ${code}，但 bank.yaml 把此文件列为科目 ${subject.code}`
          : `subject ${code} 不是 bank.yaml 中的科目代码（${bank.subjects.map((s) => s.code).join('、')}）`,
      );
    }
    const items = fields.get('items');
    if (!items) {
      problems.add(subjectTree.at, '缺少字段 items（题目列表）');
      continue;
    }
    if (items.kind !== 'seq') {
      if (!(items.kind === 'scalar' && items.value === null))
        problems.add(items.at, 'items 应为题目列表（每题以 "- id: …" 开始）');
      continue;
    }
    for (const node of items.items) {
      const checked = checkItem(node, {
        problems,
        occupation: bank.occupation,
        subject: subject.code,
        ids: 'bank',
        images,
      });
      const duplicate = noteDuplicate(checked, seen, problems);
      if (checked.item && !duplicate)
        bank.items.push({ item: checked.item, at: checked.at } satisfies LoadedItem);
    }
  }
  return bank;
}

/** Ids are unique in the whole input: the later one is reported, naming where the first is. */
export function noteDuplicate(
  checked: CheckedItem,
  seen: Map<string, CheckedItem>,
  problems: Problems,
): boolean {
  if (checked.id === null) return false;
  const first = seen.get(checked.id);
  if (!first) {
    seen.set(checked.id, checked);
    return false;
  }
  const where =
    first.idAt.line !== undefined
      ? `${first.idAt.file}:${first.idAt.line}`
      : first.idAt.row !== undefined
        ? `第 ${first.idAt.row} 行`
        : first.idAt.file;
  problems.add(checked.idAt, `题号 ${checked.id} 重复：${where} 已有同一题号`, checked.id);
  return true;
}

function readSubjects(
  node: TreeNode | undefined,
  at: Loc,
  root: string,
  display: string,
  problems: Problems,
): BankSubject[] {
  if (!node) {
    problems.add(at, '缺少字段 subjects（科目列表）');
    return [];
  }
  if (node.kind !== 'seq' || node.items.length === 0) {
    problems.add(node.at, 'subjects 应为非空列表，每项 { code, name, file }');
    return [];
  }
  const subjects: BankSubject[] = [];
  for (const s of node.items) {
    if (s.kind !== 'map') {
      problems.add(s.at, '每个科目应为 { code: 科目代码, name: 科目名称, file: 文件名 }');
      continue;
    }
    const fields = fieldsOf(s, ['code', 'name', 'file'], '科目', problems);
    const code = textField(fields, 'code', '科目代码', s.at, problems);
    const name = textField(fields, 'name', '科目名称', s.at, problems);
    const file = textField(fields, 'file', '科目文件', s.at, problems);
    let ok = code !== null && name !== null && file !== null;
    if (code !== null && !SUBJECT_PATTERN.test(code)) {
      problems.add(fields.get('code')!.at, `科目代码 ${code} 应为 2–4 个大写字母（如 ZD、NL、JN）`);
      ok = false;
    }
    if (code !== null && subjects.some((x) => x.code === code)) {
      problems.add(fields.get('code')!.at, `科目代码 ${code} 重复`);
      ok = false;
    }
    if (file !== null) {
      const fileAt = fields.get('file')!.at;
      if (isAbsolute(file) || normalize(file).startsWith('..') || /[\\/]/.test(file)) {
        problems.add(fileAt, `科目文件 ${file} 应为题库文件夹中的文件名（如 ZD.yaml）`);
        ok = false;
      } else if (!/\.ya?ml$/i.test(file)) {
        problems.add(fileAt, `科目文件 ${file} 应为 .yaml 文件`);
        ok = false;
      } else if (subjects.some((x) => x.file === file)) {
        problems.add(fileAt, `科目文件 ${file} 被多个科目重复使用`);
        ok = false;
      } else if (!isFile(join(root, file))) {
        problems.add(fileAt, `科目文件 ${join(display, file)} 不存在`);
        ok = false;
      }
    }
    if (ok) subjects.push({ code: code!, name: name!, file: file! });
  }
  return subjects;
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
