import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { BankProblem } from '@exam/contracts';
import { loadYamlBank } from './yaml-bank.js';
import { sortProblems, validateBank } from './load.js';

const fixtures = fileURLToPath(new URL('../fixtures/', import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'bank-yaml-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00]);

let n = 0;
/** A bank folder JD01 with one subject ZD whose file is `items` (lines 3 onwards), plus extra files. */
function bank(items: string, files: Record<string, string | Buffer> = {}): string {
  const folder = join(tmp, String(++n), 'JD01');
  mkdirSync(join(folder, 'images'), { recursive: true });
  writeFileSync(
    join(folder, 'bank.yaml'),
    'format: 1\noccupation: JD01\nname: 测试\nsubjects:\n  - { code: ZD, name: 职业道德, file: ZD.yaml }\n',
  );
  writeFileSync(join(folder, 'ZD.yaml'), `subject: ZD\nitems:\n${items}`);
  for (const [name, content] of Object.entries(files)) writeFileSync(join(folder, name), content);
  return folder;
}

// Line numbers in the comments: the item starts on line 3 of ZD.yaml.
const SINGLE = `  - id: JD01-ZD-0001
    type: single
    levels: [L5, L4]
    topic: 职业守则
    difficulty: 2
    points: 1
    source: 测试
    stem: 题干（\u3000）。
    options:
      A: 甲
      B: 乙
      C: 丙
    key: A
`; // id 3, type 4, levels 5, topic 6, difficulty 7, points 8, source 9, stem 10, options 11, A 12, B 13, C 14, key 15

const MULTIPLE = SINGLE.replace('type: single', 'type: multiple')
  .replace('      C: 丙\n', '      C: 丙\n      D: 丁\n')
  .replace('key: A', 'key: [A, C]'); // key on 16

const TRUE_FALSE = `  - id: JD01-ZD-0001
    type: true_false
    levels: [L5]
    topic: 职业守则
    difficulty: 1
    points: 1
    source: 测试
    stem: 判断题。
    key: false
`; // key 11

const FILL = `  - id: JD01-ZD-0001
    type: fill_blank
    levels: [L5]
    topic: 电工基础
    difficulty: 1
    points: 2
    source: 测试
    stem: 频率为 ____ Hz，电压为 ______ V。
    key: [50, [220, 二百二十]]
`; // stem 10, key 11

const SHORT = `  - id: JD01-ZD-0001
    type: short_answer
    levels: [L3]
    topic: 电气安全
    difficulty: 3
    points: 3
    source: 测试
    stem: 简述。
    key: 参考答案。
    rubric:
      - { point: 要点一, points: 1 }
      - { point: 要点二, points: 2 }
`; // rubric 12, entries 13, 14

function problems(folder: string): BankProblem[] {
  return sortProblems(loadYamlBank(folder).problems);
}

/** `ZD.yaml:line  id  message` without the folder, for compact expectations. */
function short(p: BankProblem): string {
  return `${basename(p.file)}:${p.line ?? ''}  ${p.itemId ?? '-'}  ${p.message}`;
}

describe('good items pass', () => {
  it.each([
    ['single', SINGLE],
    ['multiple', MULTIPLE],
    ['true_false', TRUE_FALSE],
    ['fill_blank', FILL],
    ['short_answer', SHORT],
  ])('%s', (type, text) => {
    const loaded = loadYamlBank(bank(text));
    expect(loaded.problems.map(short)).toEqual([]);
    expect(loaded.items).toHaveLength(1);
    expect(loaded.items[0]!.item.type).toBe(type);
    expect(loaded.items[0]!.at.line).toBe(3);
  });

  it('builds the typed item: points in tenths, keys normalised', () => {
    const items = loadYamlBank(bank(FILL + SHORT.replace('JD01-ZD-0001', 'JD01-ZD-0002'))).items.map(
      (i) => i.item,
    );
    expect(items[0]).toMatchObject({
      id: 'JD01-ZD-0001',
      subject: 'ZD',
      type: 'fill_blank',
      levels: ['L5'],
      pointsTenths: 20,
      key: [['50'], ['220', '二百二十']],
      explanation: null,
      image: null,
    });
    expect(items[1]).toMatchObject({
      type: 'short_answer',
      key: '参考答案。',
      rubric: [
        { point: '要点一', pointsTenths: 10 },
        { point: '要点二', pointsTenths: 20 },
      ],
    });
    expect(items[0]!.contentHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('the valid fixture bank has no problems and six items', async () => {
    const report = await validateBank(join(fixtures, 'valid/JD99'));
    expect(report.problems).toEqual([]);
    expect(report.valid).toBe(true);
    expect(report.summary.items).toBe(6);
    const jn = report.summary.subjects.find((s) => s.code === 'JN')!;
    expect(jn).toMatchObject({ name: '岗位技能', file: 'JN.yaml', items: 4 });
    expect(jn.byType).toMatchObject({
      single: 1,
      multiple: 1,
      fill_blank: 1,
      short_answer: 1,
      true_false: 0,
    });
    expect(jn.byTypeAndLevel.short_answer).toEqual({ L5: 0, L4: 0, L3: 1, L2: 1, L1: 0 });
    const image = (await import('./yaml-bank.js'))
      .loadYamlBank(join(fixtures, 'valid/JD99'))
      .items.find((i) => i.item.id === 'JD99-JN-0004')!.item.image;
    expect(image).toMatchObject({ path: 'images/jd99-jn-0004.png', mediaType: 'image/png', bytes: 70 });
  });
});

describe('each rule fails on a crafted item, at the right line', () => {
  const cases: [string, string, string][] = [
    [
      'unknown field',
      SINGLE.replace('    key: A\n', '    key: A\n    answer: A\n'),
      'ZD.yaml:16  JD01-ZD-0001  未知字段 answer（是否应为 key？）',
    ],
    [
      'missing field',
      SINGLE.replace('    topic: 职业守则\n', ''),
      'ZD.yaml:3  JD01-ZD-0001  缺少字段 topic（知识点）',
    ],
    [
      'empty field',
      SINGLE.replace('stem: 题干（　）。', 'stem:'),
      'ZD.yaml:10  JD01-ZD-0001  stem（题干）不能为空',
    ],
    [
      'text where a number belongs',
      SINGLE.replace('difficulty: 2', 'difficulty: 中'),
      'ZD.yaml:7  JD01-ZD-0001  difficulty（难度）应为数字，实为文本 中',
    ],
    [
      'id pattern',
      SINGLE.replace('JD01-ZD-0001', 'JD01-ZD-01'),
      'ZD.yaml:3  JD01-ZD-01  题号 JD01-ZD-01 格式不对，应为 JD01-ZD-四位数字（如 JD01-ZD-0001）',
    ],
    [
      'id of another subject',
      SINGLE.replace('JD01-ZD-0001', 'JD01-JN-0001'),
      'ZD.yaml:3  JD01-JN-0001  题号 JD01-JN-0001 的科目代码应为 ZD（JD01-ZD-四位数字）',
    ],
    [
      'unknown type',
      SINGLE.replace('type: single', 'type: choice'),
      'ZD.yaml:4  JD01-ZD-0001  题型 choice 不认识',
    ],
    [
      'unknown level',
      SINGLE.replace('[L5, L4]', '[L5, L6]'),
      'ZD.yaml:5  JD01-ZD-0001  等级 L6 不认识，应为 L5、L4、L3、L2、L1 之一',
    ],
    ['no level', SINGLE.replace('[L5, L4]', '[]'), 'ZD.yaml:5  JD01-ZD-0001  levels（等级）至少要有一个等级'],
    ['repeated level', SINGLE.replace('[L5, L4]', '[L5, L5]'), 'ZD.yaml:5  JD01-ZD-0001  等级 L5 重复'],
    [
      'difficulty range',
      SINGLE.replace('difficulty: 2', 'difficulty: 6'),
      'ZD.yaml:7  JD01-ZD-0001  难度应为 1–5 的整数，实为 6',
    ],
    [
      'points too small',
      SINGLE.replace('points: 1', 'points: 0.4'),
      'ZD.yaml:8  JD01-ZD-0001  points（分值）应在 0.5–50 之间，实为 0.4',
    ],
    [
      'points too large',
      SINGLE.replace('points: 1', 'points: 51'),
      'ZD.yaml:8  JD01-ZD-0001  points（分值）应在 0.5–50 之间，实为 51',
    ],
    [
      'points with two decimals',
      SINGLE.replace('points: 1', 'points: 1.25'),
      'ZD.yaml:8  JD01-ZD-0001  points（分值）最多一位小数，实为 1.25',
    ],
    [
      'too few options',
      SINGLE.replace('      C: 丙\n', ''),
      'ZD.yaml:11  JD01-ZD-0001  单项选择题应有 3–6 个选项，实有 2 个',
    ],
    [
      'multiple needs four options',
      MULTIPLE.replace('      D: 丁\n', ''),
      'ZD.yaml:11  JD01-ZD-0001  多项选择题应有 4–6 个选项，实有 3 个',
    ],
    [
      'options out of order',
      SINGLE.replace('      C: 丙', '      D: 丙'),
      'ZD.yaml:14  JD01-ZD-0001  选项字母应按 A、B、C… 的顺序，第 3 个选项应为 C，实为 D',
    ],
    [
      'empty option',
      SINGLE.replace('      B: 乙', '      B: ""'),
      'ZD.yaml:13  JD01-ZD-0001  选项 B 不能为空',
    ],
    [
      'duplicate option text',
      SINGLE.replace('      C: 丙', '      C: 甲'),
      'ZD.yaml:14  JD01-ZD-0001  选项 C 与选项 A 内容相同',
    ],
    [
      'key not an option',
      SINGLE.replace('key: A', 'key: D'),
      'ZD.yaml:15  JD01-ZD-0001  答案 D 不是本题的选项（选项为 A、B、C）',
    ],
    [
      'single key as a list',
      SINGLE.replace('key: A', 'key: [A]'),
      'ZD.yaml:15  JD01-ZD-0001  单项选择题的答案应为一个字母，不是列表',
    ],
    [
      'multiple key as text',
      MULTIPLE.replace('key: [A, C]', 'key: AC'),
      'ZD.yaml:16  JD01-ZD-0001  多项选择题的答案应为字母列表，应写成列表 [A, C]',
    ],
    [
      'multiple key of one letter',
      MULTIPLE.replace('key: [A, C]', 'key: [A]'),
      'ZD.yaml:16  JD01-ZD-0001  多项选择题的答案至少要有 2 个字母，实有 1 个',
    ],
    [
      'multiple key repeats',
      MULTIPLE.replace('key: [A, C]', 'key: [A, A]'),
      'ZD.yaml:16  JD01-ZD-0001  答案字母 A 重复',
    ],
    [
      'multiple key not an option',
      MULTIPLE.replace('key: [A, C]', 'key: [A, E]'),
      'ZD.yaml:16  JD01-ZD-0001  答案 E 不是本题的选项（选项为 A、B、C、D）',
    ],
    [
      'choice without options',
      SINGLE.replace(/ {4}options:\n( {6}.*\n)+/, ''),
      'ZD.yaml:3  JD01-ZD-0001  缺少字段 options（选项）',
    ],
    [
      'true_false key in words',
      TRUE_FALSE.replace('key: false', 'key: 错误'),
      'ZD.yaml:11  JD01-ZD-0001  判断题的答案应为 true（正确）或 false（错误），实为 错误',
    ],
    [
      'options on true_false',
      TRUE_FALSE + '    options: { A: 对, B: 错 }\n',
      'ZD.yaml:12  JD01-ZD-0001  判断题不应有 options（选项）',
    ],
    [
      'blank count mismatch',
      FILL.replace('key: [50, [220, 二百二十]]', 'key: [50]'),
      'ZD.yaml:11  JD01-ZD-0001  题干有 2 个空，答案有 1 项，应一一对应',
    ],
    [
      'no blank in the stem',
      FILL.replace(/____/g, '——'),
      'ZD.yaml:10  JD01-ZD-0001  填空题的题干中没有空（每个空写作 ____，至少四个下划线）',
    ],
    [
      'three underscores are not a blank',
      FILL.replace('______', '___'),
      'ZD.yaml:11  JD01-ZD-0001  题干有 1 个空，答案有 2 项，应一一对应',
    ],
    [
      'empty blank answer',
      FILL.replace('[50, [220, 二百二十]]', '[50, []]'),
      'ZD.yaml:11  JD01-ZD-0001  第 2 空的答案不能为空列表',
    ],
    [
      'rubric sum',
      SHORT.replace('points: 2 }', 'points: 1 }'),
      'ZD.yaml:12  JD01-ZD-0001  评分要点分值之和为 2，与本题分值 3 不符',
    ],
    [
      'rubric missing',
      SHORT.replace(/ {4}rubric:\n( {6}.*\n)+/, ''),
      'ZD.yaml:3  JD01-ZD-0001  简答题缺少 rubric（评分要点）',
    ],
    [
      'rubric entry without points',
      SHORT.replace('{ point: 要点一, points: 1 }', '{ point: 要点一 }'),
      'ZD.yaml:13  JD01-ZD-0001  第 1 条评分要点缺少 points（分值）',
    ],
    [
      'rubric on another type',
      SINGLE + '    rubric: [{ point: 要点, points: 1 }]\n',
      'ZD.yaml:16  JD01-ZD-0001  只有简答题有 rubric（评分要点），单项选择题不应有',
    ],
    [
      'item not a map',
      '  - 只写了题干\n',
      'ZD.yaml:3  -  每道题应是一个键值表（id: …、type: … 等），实为文本',
    ],
  ];
  it.each(cases)('%s', (_name, text, expected) => {
    const found = problems(bank(text)).map(short);
    expect(
      found.some((p) => p.startsWith(expected)),
      `expected «${expected}» in:\n${found.join('\n')}`,
    ).toBe(true);
  });

  it('a good item after a bad one is still read, and every problem is reported', () => {
    const two =
      SINGLE.replace('key: A', 'key: D').replace('difficulty: 2', 'difficulty: 9') +
      MULTIPLE.replace('JD01-ZD-0001', 'JD01-ZD-0002');
    const loaded = loadYamlBank(bank(two));
    expect(loaded.problems.map(short)).toEqual([
      'ZD.yaml:7  JD01-ZD-0001  难度应为 1–5 的整数，实为 9',
      'ZD.yaml:15  JD01-ZD-0001  答案 D 不是本题的选项（选项为 A、B、C）',
    ]);
    expect(loaded.items.map((i) => i.item.id)).toEqual(['JD01-ZD-0002']);
    expect(loaded.items[0]!.at.line).toBe(16);
  });

  it('duplicate ids across the bank name both places', () => {
    const folder = bank(SINGLE);
    writeFileSync(
      join(folder, 'bank.yaml'),
      'format: 1\noccupation: JD01\nname: 测试\nsubjects:\n  - { code: ZD, name: 职业道德, file: ZD.yaml }\n  - { code: JN, name: 岗位技能, file: JN.yaml }\n',
    );
    writeFileSync(
      join(folder, 'JN.yaml'),
      `subject: JN\nitems:\n${MULTIPLE.replace('JD01-ZD-0001', 'JD01-JN-0001')}${SINGLE}`,
    );
    const found = problems(folder).map(short);
    expect(found, found.join('\n')).toContain(
      `JN.yaml:17  JD01-ZD-0001  题号 JD01-ZD-0001 重复：${join(folder, 'ZD.yaml')}:3 已有同一题号`,
    );
  });

  it('YAML syntax errors carry their line', () => {
    const broken = SINGLE.replace('stem: 题干（　）。', 'stem: 注意: 这里有冒号');
    expect(problems(bank(broken)).map(short)).toEqual([
      expect.stringMatching(/^ZD\.yaml:10 {2}- {2}YAML 语法错误：文字中含英文冒号加空格/),
    ]);
    const tab = SINGLE.replace('    topic:', '\ttopic:');
    expect(problems(bank(tab)).map(short)[0]).toMatch(/^ZD\.yaml:6 {2}- {2}YAML 语法错误/);
  });

  it('a repeated field is reported', () => {
    const found = problems(bank(SINGLE.replace('    key: A\n', '    key: A\n    key: B\n'))).map(short);
    expect(found).toContain('ZD.yaml:16  -  字段重复：同一层级的键必须唯一');
  });
});

describe('bank.yaml and subject files', () => {
  it('bank.yaml fields, subject list and files are checked', () => {
    const folder = bank(SINGLE);
    writeFileSync(
      join(folder, 'bank.yaml'),
      [
        'format: 2',
        'occupation: JD01',
        'title: 测试',
        'subjects:',
        '  - { code: ZD, name: 职业道德, file: ZD.yaml }',
        '  - { code: ZD, name: 重复, file: NL.yaml }',
        '  - { code: JN, name: 岗位技能, file: ../JN.yaml }',
        '',
      ].join('\n'),
    );
    expect(problems(folder).map(short)).toEqual([
      'bank.yaml:1  -  format（格式版本）应为 1，实为 2',
      'bank.yaml:1  -  缺少字段 name（工种名称）',
      'bank.yaml:3  -  bank.yaml 有未知字段 title（可用：format、occupation、name、subjects）',
      'bank.yaml:6  -  科目代码 ZD 重复',
      `bank.yaml:6  -  科目文件 ${join(folder, 'NL.yaml')} 不存在`,
      'bank.yaml:7  -  科目文件 ../JN.yaml 应为题库文件夹中的文件名（如 ZD.yaml）',
    ]);
  });

  it('the folder is named by the occupation; the subject file names its subject; stray files are reported', () => {
    const folder = join(tmp, 'XX01');
    mkdirSync(folder);
    writeFileSync(
      join(folder, 'bank.yaml'),
      'format: 1\noccupation: JD01\nname: 测试\nsubjects:\n  - { code: ZD, name: 职业道德, file: ZD.yaml }\n',
    );
    writeFileSync(join(folder, 'ZD.yaml'), `subject: NL\nitems:\n${SINGLE}`);
    writeFileSync(join(folder, 'old.yaml'), 'subject: ZD\nitems: []\n');
    expect(problems(folder).map(short)).toEqual([
      'bank.yaml:2  -  题库文件夹应以工种代码命名：文件夹为 XX01，工种代码为 JD01',
      'old.yaml:  -  此文件未在 bank.yaml 的 subjects 中列出，不会被导入',
      'ZD.yaml:1  -  subject NL 不是 bank.yaml 中的科目代码（ZD）',
    ]);
  });
});

describe('images', () => {
  const withImage = (path: string) => SINGLE + `    image: ${path}\n`; // image on line 16
  it('a PNG or JPEG inside the bank passes and is hashed', () => {
    const loaded = loadYamlBank(
      bank(withImage('images/a.png') + withImage('images/b.jpg').replace('JD01-ZD-0001', 'JD01-ZD-0002'), {
        'images/a.png': PNG,
        'images/b.jpg': JPEG,
      }),
    );
    expect(loaded.problems).toEqual([]);
    expect(loaded.items.map((i) => i.item.image?.mediaType)).toEqual(['image/png', 'image/jpeg']);
    expect(loaded.items[0]!.item.image!.sha256).toMatch(/^[0-9a-f]{64}$/);
  });
  it.each([
    ['missing', withImage('images/none.png'), {}, '图片 images/none.png 不存在'],
    [
      'not an image',
      withImage('images/a.png'),
      { 'images/a.png': 'GIF89a…' },
      '图片 images/a.png 不是 PNG 或 JPEG 文件（按文件头判断）',
    ],
    [
      'a JPEG named .png',
      withImage('images/a.png'),
      { 'images/a.png': JPEG },
      '图片 images/a.png 实为 JPEG，扩展名应为 .jpg 或 .jpeg',
    ],
    [
      'too large',
      withImage('images/a.png'),
      { 'images/a.png': Buffer.concat([PNG, Buffer.alloc(512 * 1024)]) },
      '图片 images/a.png 大小 513 KB，超过 512 KB 上限',
    ],
    ['outside the bank', withImage('../escape.png'), {}, '图片路径 ../escape.png 指向题库文件夹之外'],
    [
      'absolute',
      withImage('/etc/passwd'),
      {},
      '图片路径 /etc/passwd 应为相对题库文件夹的路径（如 images/xxx.png）',
    ],
  ])('%s', (_name, text, files, message) => {
    expect(problems(bank(text, files as Record<string, string | Buffer>)).map(short)).toEqual([
      `ZD.yaml:16  JD01-ZD-0001  ${message}`,
    ]);
  });
});

describe('the broken fixture bank', () => {
  it('reports every deliberate error, sorted by file and line', async () => {
    const report = await validateBank(join(fixtures, 'broken'));
    expect(report.valid).toBe(false);
    expect(report.problems.map(short)).toEqual([
      'bank.yaml:2  -  题库文件夹应以工种代码命名：文件夹为 broken，工种代码为 JD98',
      'bank.yaml:4  -  bank.yaml 有未知字段 version（可用：format、occupation、name、subjects）',
      `bank.yaml:8  -  科目文件 ${join(fixtures, 'broken', 'NL.yaml')} 不存在`,
      'extra.yaml:  -  此文件未在 bank.yaml 的 subjects 中列出，不会被导入',
      'ZD.yaml:5  JD98-ZD-0001  等级 L6 不认识，应为 L5、L4、L3、L2、L1 之一',
      'ZD.yaml:7  JD98-ZD-0001  难度应为 1–5 的整数，实为 7',
      'ZD.yaml:8  JD98-ZD-0001  points（分值）应在 0.5–50 之间，实为 60',
      'ZD.yaml:15  JD98-ZD-0001  答案 D 不是本题的选项（选项为 A、B、C）',
      'ZD.yaml:26  JD98-ZD-0002  选项字母应按 A、B、C… 的顺序，第 2 个选项应为 B，实为 C',
      'ZD.yaml:27  JD98-ZD-0002  选项字母应按 A、B、C… 的顺序，第 3 个选项应为 C，实为 B',
      'ZD.yaml:27  JD98-ZD-0002  选项 B 与选项 C 内容相同',
      'ZD.yaml:29  JD98-ZD-0002  多项选择题的答案应为字母列表，应写成列表 [A, B, D]',
      'ZD.yaml:30  JD98-ZD-0003  缺少字段 source（来源）',
      'ZD.yaml:37  JD98-ZD-0003  判断题不应有 options（选项）',
      'ZD.yaml:40  JD98-ZD-0003  判断题的答案应为 true（正确）或 false（错误），实为 正确',
      'ZD.yaml:41  JD98-ZD-0003  未知字段 answer（是否应为 key？）',
      `ZD.yaml:42  JD98-ZD-0001  题号 JD98-ZD-0001 重复：${join(fixtures, 'broken', 'ZD.yaml')}:3 已有同一题号`,
      'ZD.yaml:50  JD98-ZD-0001  题干有 2 个空，答案有 1 项，应一一对应',
      'JN.yaml:1  -  subject 为 ZD，但 bank.yaml 把此文件列为科目 JN',
      'JN.yaml:12  JD98-JN-0001  评分要点分值之和为 4，与本题分值 5 不符',
      'JN.yaml:15  JD98-ZD-0001  题号 JD98-ZD-0001 的科目代码应为 JN（JD98-JN-四位数字）',
      `JN.yaml:15  JD98-ZD-0001  题号 JD98-ZD-0001 重复：${join(fixtures, 'broken', 'ZD.yaml')}:3 已有同一题号`,
      'JN.yaml:28  JD98-ZD-0001  图片 images/missing.png 不存在',
      'JN.yaml:29  JN-0003  题号 JN-0003 格式不对，应为 JD98-JN-四位数字（如 JD98-JN-0001）',
      'JN.yaml:42  JN-0003  图片 images/not-a-picture.png 不是 PNG 或 JPEG 文件（按文件头判断）',
    ]);
  });
});
