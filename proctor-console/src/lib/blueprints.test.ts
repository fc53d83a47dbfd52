import type { Blueprint } from '@exam/contracts';
import { describe, expect, it } from 'vitest';
import {
  blueprintTotalTenths,
  emptySection,
  formToSpec,
  formTotalTenths,
  fromServerIssues,
  generalMessages,
  quotaText,
  sectionMessages,
  sectionSummary,
  subjectLabel,
  toForm,
} from './blueprints';

const spec: Blueprint = {
  occupation: 'FW03',
  level: 'L3',
  subject: 'ZD',
  name: '烹饪三级职业道德',
  durationMinutes: 90,
  shuffleItems: true,
  shuffleOptions: true,
  sections: [
    { type: 'single', count: 20, pointsTenths: 20, difficulty: { '4': 2 }, partialCredit: 'none' },
    {
      type: 'multiple',
      title: '二、多项选择题',
      count: 8,
      pointsTenths: 25,
      topics: { 食品安全: 3 },
      partialCredit: 'half_for_subset',
    },
    { type: 'short_answer', count: 4, pointsTenths: 100, partialCredit: 'none' },
  ],
};

describe('blueprint totals and summaries', () => {
  it('adds the sections up to 100 points', () => {
    expect(blueprintTotalTenths(spec.sections)).toBe(1000);
    expect(sectionSummary(spec.sections[1]!)).toBe('多项选择 8 题 × 2.5 分 = 20 分');
  });

  it('describes the quotas', () => {
    expect(quotaText(spec.sections[0]!)).toBe('难度 4：2 题');
    expect(quotaText(spec.sections[1]!)).toBe('知识点「食品安全」：3 题');
    expect(quotaText(spec.sections[2]!)).toBe('');
  });

  it('names the subjects', () => {
    expect(subjectLabel('ZD')).toBe('职业道德（ZD）');
    expect(subjectLabel('LL')).toBe('理论知识（LL）');
    expect(subjectLabel('电工基础')).toBe('电工基础');
  });
});

describe('the new-version form', () => {
  it('round-trips a spec unchanged', () => {
    const parsed = formToSpec(spec, toForm(spec));
    expect(parsed).toEqual({ ok: true, spec });
  });

  it('totals the form while it is edited', () => {
    const form = toForm(spec);
    expect(formTotalTenths(form.sections)).toBe(1000);
    form.sections[0]!.count = '15';
    expect(formTotalTenths(form.sections)).toBe(900);
    form.sections[0]!.count = '';
    expect(formTotalTenths(form.sections)).toBeNull();
  });

  it('refuses a total other than 100 points, as the server would', () => {
    const form = toForm(spec);
    form.sections[0]!.count = '15';
    const parsed = formToSpec(spec, form);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(generalMessages(parsed.issues)).toEqual(['各题型分值合计应为 100 分，现为 90 分']);
  });

  it('names the field of each bad entry, in Chinese', () => {
    const form = toForm(spec);
    form.name = ' ';
    form.durationMinutes = '3';
    form.sections[0]!.points = '2.25';
    form.sections[1]!.topics.push({ topic: '', count: '2' });
    form.sections[2]!.count = '0';
    const parsed = formToSpec(spec, form);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(generalMessages(parsed.issues)).toEqual(['请填写方案名称', '时长应为 5 至 600 的整数分钟']);
    expect(sectionMessages(parsed.issues, 0)).toEqual(['每题分值：分数最多保留一位小数']);
    expect(sectionMessages(parsed.issues, 1)).toEqual(['请填写知识点名称']);
    expect(sectionMessages(parsed.issues, 2)).toEqual(['题数应为 1 至 500 的整数']);
  });

  it('refuses quotas above the count and 少选得分 outside 多项选择', () => {
    const form = toForm(spec);
    form.sections[0]!.difficulty['3'] = '19';
    form.sections[2]!.partialCredit = 'half_for_subset';
    form.sections[2]!.type = 'multiple';
    form.sections[2]!.type = 'short_answer';
    const parsed = formToSpec(spec, form);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(sectionMessages(parsed.issues, 0)).toEqual(['单项选择的难度分配共 21 题，超过该题型的 20 题']);
    // a rule left on a section that is no longer 多项选择 is dropped, not sent
    expect(sectionMessages(parsed.issues, 2)).toEqual([]);
  });

  it('leaves out empty quotas and titles, and refuses a duplicate topic', () => {
    const form = toForm(spec);
    form.sections.push({ ...emptySection('true_false'), count: '1', points: '0' });
    let parsed = formToSpec(spec, form);
    expect(parsed.ok).toBe(false);
    form.sections.pop();
    form.sections[1]!.title = '  ';
    form.sections[1]!.topics = [
      { topic: '食品安全', count: '3' },
      { topic: '', count: '' },
    ];
    parsed = formToSpec(spec, form);
    expect(parsed.ok && parsed.spec.sections[1]).toEqual({
      type: 'multiple',
      count: 8,
      pointsTenths: 25,
      topics: { 食品安全: 3 },
      partialCredit: 'half_for_subset',
    });
    form.sections[1]!.topics.push({ topic: '食品安全', count: '1' });
    parsed = formToSpec(spec, form);
    expect(!parsed.ok && sectionMessages(parsed.issues, 1)).toEqual(['知识点「食品安全」重复']);
  });

  it('places the server’s issues on the sections they name', () => {
    const issues = fromServerIssues([
      { path: 'spec.sections.1.count', message: '每个题型至少 1 题' },
      { path: 'sections.3', message: '判断题缺 4 题' },
      { path: 'sections.3', message: '判断题难度 5 缺 1 题' },
      { path: '', message: '题库不能满足' },
    ]);
    expect(sectionMessages(issues, 1)).toEqual(['每个题型至少 1 题']);
    expect(sectionMessages(issues, 3)).toEqual(['判断题缺 4 题', '判断题难度 5 缺 1 题']);
    expect(generalMessages(issues)).toEqual(['题库不能满足']);
  });
});
