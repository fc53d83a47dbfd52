import { at, runTable, type Row } from './table.test-support.js';

/** Seed 001 (新乡 2024): every rule at and around its boundaries. Years count through 2024-12-31. */
const rows: Row[] = [
  // baselines: one eligible person per level
  ['L5 baseline', at('L5'), { 'offered-level': true, 'application-type': true }, true],
  ['L4 baseline', at('L4'), {}, true],
  ['L3 baseline', at('L3'), {}, true],
  ['L2 baseline', at('L2'), {}, true],
  ['L1 baseline', at('L1'), {}, true],
  [
    '破格 is not a type of this policy',
    at('L4').exceptional('model_worker'),
    { 'application-type': [false, '不受理破格申报'] },
    false,
  ],
  // 一（三）: retired or at retirement age on the notice date 2024-03-15
  [
    'man turning 60 on the notice date',
    at('L5').person('M', '1964-03-15'),
    { 'not-retired': [false, '已达到男性退休年龄60周岁'] },
  ],
  ['man turning 60 the day after', at('L5').person('M', '1964-03-16'), { 'not-retired': [true, '59周岁'] }],
  [
    'woman worker turning 50 on the notice date',
    at('L5').person('F', '1974-03-15'),
    { 'not-retired': false },
  ],
  ['woman worker turning 50 the day after', at('L5').person('F', '1974-03-16'), { 'not-retired': true }],
  [
    'retired the day before the notice',
    at('L4').retired('2024-03-14'),
    { 'not-retired': [false, '已于2024-03-14办理退休手续'] },
  ],
  ['retiring after the notice', at('L4').retired('2024-03-16'), { 'not-retired': true }],
  // 六（四）: a fraud ban of 2 years, judged on 2024-03-21
  [
    'ban from 2022-03-21 ended the day before',
    at('L4').sanction('fraud_ban', '2022-03-21', null),
    { 'no-fraud-ban': true },
  ],
  [
    'ban from 2022-03-22 still active',
    at('L4').sanction('fraud_ban', '2022-03-22', null),
    { 'no-fraud-ban': [false, '弄虚作假禁考期'] },
    false,
  ],
  [
    'ban ending on 2024-03-21 is active',
    at('L4').sanction('fraud_ban', '2023-01-01', '2024-03-21'),
    { 'no-fraud-ban': false },
  ],
  // 二（二）1: 转正定级 by 2024-09-30
  ['regularized on the cut-off', at('L5').regularized('2024-09-30'), { 'l5-regularized': true }],
  [
    'regularized the day after',
    at('L5').regularized('2024-10-01'),
    { 'l5-regularized': [false, '晚于2024-09-30'] },
  ],
  ['not regularized', at('L5').regularized(null), { 'l5-regularized': [false, '未转正定级'] }],
  // 二（二）2: L5 by 2019-09-30 + 5 years in grade, or work start ≤ 2015-12-31
  [
    'L5 certified on 2019-09-30',
    at('L4').work('2016-01-01').grade('L5', '2019-09-30'),
    { 'l4-grade-or-work-start': [true, '满足第1项'] },
  ],
  [
    'L5 certified on 2019-10-01',
    at('L4').work('2016-01-01').grade('L5', '2019-10-01'),
    { 'l4-grade-or-work-start': [false, '晚于2019-09-30'] },
    false,
  ],
  [
    'L5 of another occupation',
    at('L4').work('2016-01-01').grade('L5', '2018-01-01', { occupation: '汽车驾驶员' }),
    { 'l4-grade-or-work-start': [false, '需为本工种'] },
  ],
  [
    'work start 2015-12-31, no grade',
    at('L4').work('2015-12-31').grade(null),
    { 'l4-grade-or-work-start': [true, '满足第2项'] },
  ],
  [
    'work start 2016-01-01, no grade',
    at('L4').work('2016-01-01').grade(null),
    { 'l4-grade-or-work-start': [false, '均不满足'] },
  ],
  // 二（二）3: L4 by 2019-09-30 + 5 years, or work start ≤ 2007-12-31
  [
    'L4 certified on 2019-09-30',
    at('L3').work('2008-01-01').grade('L4', '2019-09-30'),
    { 'l3-grade-or-work-start': true },
  ],
  [
    'L4 certified on 2019-10-01',
    at('L3').work('2008-01-01').grade('L4', '2019-10-01'),
    { 'l3-grade-or-work-start': false },
  ],
  ['work start 2007-12-31', at('L3').work('2007-12-31').grade(null), { 'l3-grade-or-work-start': true }],
  [
    'work start 2008-01-01',
    at('L3').work('2008-01-01').grade(null),
    { 'l3-grade-or-work-start': [false, '未取得四级（中级工）'] },
  ],
  // 二（二）〔技师〕3: L3 of the occupation for 5 years
  ['L3 for exactly 5 years', at('L2').grade('L3', '2020-01-01'), { 'l2-grade': [true, '5年'] }],
  [
    'L3 for 5 years minus a day',
    at('L2').grade('L3', '2020-01-02'),
    { 'l2-grade': [false, '4年11个月，需满5年'] },
    false,
  ],
  [
    'L3 of another occupation',
    at('L2').grade('L3', '2010-01-01', { occupation: '烹饪' }),
    { 'l2-grade': false },
  ],
  [
    'holding L4 instead of L3',
    at('L2').grade('L4'),
    { 'l2-grade': [false, '现等级为四级（中级工），需为三级（高级工）'] },
  ],
  // 二（二）〔技师〕4: 高中/技校, or 初中 for men ≥ 50 and women ≥ 45 (age at 2024-12-31)
  ['技工学校', at('L2').edu('technical_school'), { 'l2-education': true }],
  [
    '初中, man 50 on 2024-12-31',
    at('L2').edu('junior_high').person('M', '1974-12-31'),
    { 'l2-education': [true, '可放宽到初中以上'] },
  ],
  [
    '初中, man 49',
    at('L2').edu('junior_high').person('M', '1975-01-01'),
    { 'l2-education': [false, '未满50周岁'] },
  ],
  [
    '初中, woman 45 on 2024-12-31',
    at('L2').edu('junior_high').person('F', '1979-12-31'),
    { 'l2-education': true },
  ],
  ['初中, woman 44', at('L2').edu('junior_high').person('F', '1980-01-01'), { 'l2-education': false }],
  [
    '小学, man 55',
    at('L2').edu('primary').person('M', '1969-06-01'),
    { 'l2-education': [false, '放宽后仍需初中以上'] },
  ],
  // 二（四）2: 25 work years through 2024-12-31
  [
    'work start 2000-01-01: 25 years',
    at('L1').work('2000-01-01'),
    { 'l1-work-years': [true, '截至2024-12-31为25年'] },
  ],
  [
    'work start 2000-01-02: 24年11个月',
    at('L1').work('2000-01-02'),
    { 'l1-work-years': [false, '24年11个月，需满25年'] },
  ],
  // 二（四）2: L2 for 5 years and appointed
  ['L2 certified 2020-01-01, appointed', at('L1').grade('L2', '2020-01-01'), { 'l1-grade': true }],
  ['L2 certified 2020-01-02', at('L1').grade('L2', '2020-01-02'), { 'l1-grade': false }],
  [
    'L2 not appointed',
    at('L1').grade('L2', '2010-01-01', { appointedOn: null }),
    { 'l1-grade': [false, '尚未聘任'] },
  ],
  // 二（四）3
  ['L1 with 高中', at('L1').edu('senior_high'), { 'l1-education': true }],
  [
    'L1 with 初中, no honour',
    at('L1').edu('junior_high'),
    { 'l1-education': false, 'l1-honour-waiver': [true, '不适用豁免'] },
    false,
  ],
  // 二（四）4 and 附件1 第五条
  ['two 优秀 years', at('L1'), { 'l1-assessments': [true, '（2021、2022），需至少2年'] }],
  [
    'one 优秀 year',
    at('L1').assessments({ 2019: 'C', 2020: 'C', 2021: 'E', 2022: 'C', 2023: 'C' }),
    { 'l1-assessments': [false, '1年（2021），需至少2年'] },
  ],
  [
    '优秀 and 优秀党员 the same year count once',
    at('L1').assessments({ 2019: 'C', 2020: 'C', 2021: 'P', 2022: 'C', 2023: 'C' }),
    { 'l1-assessments': [false, '1年（2021）'] },
  ],
  [
    '优秀 one year, 优秀党员 another',
    at('L1').assessments({ 2019: 'C', 2020: 'C', 2021: 'P', 2022: 'p', 2023: 'C' }),
    { 'l1-assessments': [true, '2年（2021、2022）'] },
  ],
  [
    'a 基本合格 year',
    at('L1').assessments({ 2019: 'B', 2020: 'C', 2021: 'E', 2022: 'E', 2023: 'C' }),
    { 'l1-assessments': [false, '2019年为基本合格'] },
  ],
  [
    '2023 not filed yet: 容缺后补',
    at('L1').assessments({ 2019: 'C', 2020: 'E', 2021: 'E', 2022: 'C' }),
    { 'l1-assessments': [true, '容缺后补'] },
  ],
  [
    '2020 missing',
    at('L1').assessments({ 2019: 'C', 2021: 'E', 2022: 'E', 2023: 'C' }),
    { 'l1-assessments': [false, '缺2020年度'] },
  ],
  // 二（四）6: an honour after the L2 certificate waives 3 and 4
  [
    'honour after the L2 certificate waives education and assessments',
    at('L1').edu('junior_high').competent(2019, 2023).honour('labour_medal', '2021-05-01'),
    {
      'l1-honour-waiver': [true, '可不受文化程度（第3条）和年度考核（第4条）条件限制'],
      'l1-education': [true, '已依表彰奖励豁免'],
      'l1-assessments': true,
    },
    true,
  ],
  [
    'honour on the certificate day counts',
    at('L1').grade('L2', '2020-01-01').edu('junior_high').honour('technical_expert', '2020-01-01'),
    { 'l1-education': true },
  ],
  [
    'honour the day before the certificate does not',
    at('L1').grade('L2', '2020-01-01').edu('junior_high').honour('technical_expert', '2019-12-31'),
    { 'l1-honour-waiver': [true, '不予认可'], 'l1-education': false },
    false,
  ],
  [
    'an unlisted honour does not waive',
    at('L1').edu('junior_high').honour('sports_day', '2021-05-01'),
    { 'l1-education': false },
  ],
  // 附件1 第十二条, judged on 2024-03-21
  [
    'open investigation',
    at('L1').sanction('under_investigation', '2024-01-10', null),
    { 'l1-exclusions': [false, '被立案审查尚未结案'] },
    false,
  ],
  [
    'party discipline ended the day before',
    at('L1').sanction('party_discipline', '2023-03-21', '2024-03-20'),
    { 'l1-exclusions': true },
  ],
  [
    'party discipline ending on the day',
    at('L1').sanction('party_discipline', '2023-03-21', '2024-03-21'),
    { 'l1-exclusions': false },
  ],
  [
    'government discipline starting the day after',
    at('L1').sanction('government_discipline', '2024-03-22', '2025-03-21'),
    { 'l1-exclusions': true },
  ],
];

runTable('xinxiang-2024', rows);
