import { describe, expect, it } from 'vitest';
import { groupLabel, groupShortages, isClosed, statusCounts } from './papers';

describe('组卷 refusals', () => {
  it('labels a candidate group', () => {
    expect(groupLabel('FW03', 'L3', 'ZD')).toBe('FW03 三级（高级工） 职业道德');
    expect(groupLabel('JT01', 'L1', 'LL')).toBe('JT01 一级（高级技师） 理论知识');
    expect(groupLabel('JT01', 'X9', '电工')).toBe('JT01 X9 电工');
  });

  it('lists the shortages per group, in the server’s order', () => {
    expect(
      groupShortages([
        { path: 'FW03.L3.ZD', message: '判断题缺 4 题' },
        { path: 'JD02.L4.ZD', message: '没有组卷方案' },
        { path: 'FW03.L3.ZD', message: '简答题难度 5 缺 1 题' },
        { path: '', message: '其他' },
      ]),
    ).toEqual([
      { label: 'FW03 三级（高级工） 职业道德', messages: ['判断题缺 4 题', '简答题难度 5 缺 1 题'] },
      { label: 'JD02 四级（中级工） 职业道德', messages: ['没有组卷方案'] },
      { label: '组卷', messages: ['其他'] },
    ]);
    expect(groupShortages(undefined)).toEqual([]);
  });
});

describe('作答情况', () => {
  it('counts the attempts per status in exam order', () => {
    expect(
      statusCounts([
        { status: 'submitted' },
        { status: 'in_progress' },
        { status: 'submitted' },
        { status: 'not_started' },
      ]),
    ).toEqual([
      ['not_started', 1],
      ['in_progress', 1],
      ['submitted', 2],
    ]);
    expect(statusCounts([])).toEqual([]);
  });

  it('knows which attempts are closed', () => {
    expect(isClosed('submitted')).toBe(true);
    expect(isClosed('voided')).toBe(true);
    expect(isClosed('paused')).toBe(false);
  });
});
