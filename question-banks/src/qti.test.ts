import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { readQtiFolder } from './qti.js';
import { formatProblem } from './tree.js';

const fixtures = fileURLToPath(new URL('../fixtures/qti', import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'bank-qti-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

let n = 0;
function folder(files: Record<string, string>): string {
  const dir = join(tmp, String(++n));
  mkdirSync(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

const item = (body: string, declarations: string, id = 'Q1') => `<?xml version="1.0" encoding="UTF-8"?>
<assessmentItem xmlns="http://www.imsglobal.org/xsd/imsqti_v2p1" identifier="${id}" title="测试">
${declarations}
  <itemBody>
${body}
  </itemBody>
</assessmentItem>
`;
const CHOICE = `    <choiceInteraction responseIdentifier="RESPONSE" maxChoices="1">
      <prompt>题干（\u3000）。</prompt>
      <simpleChoice identifier="a">甲</simpleChoice>
      <simpleChoice identifier="b">乙</simpleChoice>
      <simpleChoice identifier="c">丙</simpleChoice>
    </choiceInteraction>`;
const decl = (
  value: string,
) => `  <responseDeclaration identifier="RESPONSE" cardinality="single" baseType="identifier">
    <correctResponse><value>${value}</value></correctResponse>
  </responseDeclaration>`; // declaration on line 3, value on line 4

describe('QTI 2.x folders', () => {
  it('the fixtures parse to the expected items', () => {
    const bank = readQtiFolder(fixtures, 'qti');
    expect(bank.problems.map(formatProblem)).toEqual([]);
    const items = Object.fromEntries(bank.items.map((i) => [i.item.id, i.item]));
    expect(Object.keys(items)).toEqual(['QTI-FILL-1', 'QTI-MULTIPLE-1', 'QTI-SINGLE-1', 'QTI-TF-1']);
    expect(items['QTI-SINGLE-1']).toMatchObject({
      type: 'single',
      topic: '低压配电系统',
      stem: '在 TN-S 系统中，保护导体（PE 线）与中性导体（N 线）的关系是（　）。',
      options: [
        { letter: 'A', text: '全系统合用一根导体' },
        { letter: 'B', text: '全系统分开设置' },
        { letter: 'C', text: '前段合用、后段分开' },
        { letter: 'D', text: '不设保护导体' },
      ],
      key: 'B',
      pointsTenths: 20, // MAXSCORE's default value
      source: 'IMS QTI 导入：single.xml',
      subject: null,
      levels: ['L5', 'L4', 'L3', 'L2', 'L1'],
    });
    expect(items['QTI-MULTIPLE-1']).toMatchObject({
      type: 'multiple',
      stem: '下列属于基本安全用具的有（　）。',
      options: [
        { letter: 'A', text: '绝缘棒' },
        { letter: 'B', text: '绝缘夹钳' },
        { letter: 'C', text: '验电器' },
        { letter: 'D', text: '绝缘手套' },
        { letter: 'E', text: '安全帽' },
      ],
      key: ['A', 'B', 'C'], // identifiers H, K, C mapped to their letters
      pointsTenths: 30, // the mapping's positive entries, capped by upperBound
    });
    expect(items['QTI-FILL-1']).toMatchObject({
      type: 'fill_blank',
      stem: '我国工频交流电的频率为 ____ Hz，单相民用电压为 ____ V。',
      key: [['50'], ['220', '二百二十']],
      pointsTenths: 25, // 1 + 1.5 from the two mappings
    });
    expect(items['QTI-TF-1']).toMatchObject({ type: 'true_false', key: false, pointsTenths: 10 });
    expect(bank.items.find((i) => i.item.id === 'QTI-SINGLE-1')!.at).toEqual({
      file: join('qti', 'single.xml'),
      line: 2,
    });
  });

  it('a single file works too, and with no points anywhere an item is worth 1', () => {
    const dir = folder({ 'one.xml': item(CHOICE, decl('b')) });
    const bank = readQtiFolder(join(dir, 'one.xml'));
    expect(bank.problems).toEqual([]);
    expect(bank.items[0]!.item).toMatchObject({
      type: 'single',
      key: 'B',
      pointsTenths: 10,
      stem: '题干（　）。',
    });
  });

  it('problems carry file and line', () => {
    const dir = folder({
      'a-key.xml': item(CHOICE, decl('z'), 'Q1'),
      'b-syntax.xml':
        '<?xml version="1.0"?>\n<assessmentItem identifier="Q2">\n  <itemBody>\n  </itemBodyy>\n</assessmentItem>\n',
      'c-unsupported.xml': item(
        '    <extendedTextInteraction responseIdentifier="RESPONSE"/>',
        decl('a'),
        'Q3',
      ),
      'd-two-options.xml': item(
        CHOICE.replace(/ {6}<simpleChoice identifier="c">丙<\/simpleChoice>\n/, ''),
        decl('a'),
        'Q4',
      ),
      'e-duplicate.xml': item(CHOICE, decl('a'), 'Q1'),
      'f-manifest.xml': '<manifest identifier="m"/>\n',
      'imsmanifest.xml': '<manifest identifier="m"/>\n',
    });
    const bank = readQtiFolder(dir, 'd');
    expect(bank.problems.map(formatProblem)).toEqual([
      'd/a-key.xml:4  Q1  正确答案 z 不是本题任何 simpleChoice 的 identifier',
      expect.stringMatching(/^d\/b-syntax\.xml:4 {2}- {2}XML 格式错误：/),
      'd/c-unsupported.xml:7  Q3  不支持 extendedTextInteraction，只支持 choiceInteraction（单选、多选、判断）和 textEntryInteraction（填空）',
      'd/d-two-options.xml:7  Q4  单项选择题应有 3–6 个选项，实有 2 个',
      'd/e-duplicate.xml:2  Q1  题号 Q1 重复：d/a-key.xml:2 已有同一题号',
      'd/f-manifest.xml:1  -  不是 QTI 题目文件：根元素为 manifest，应为 assessmentItem',
    ]);
    expect(bank.items).toEqual([]);
  });
});
