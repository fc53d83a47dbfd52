import { at, runTable, type Row } from './table.test-support.js';

/**
 * Seed 003 (洛阳 2023): Henan's provincial conditions as seed 001 states them, one year earlier. Years count
 * through 2023-12-31; the notice is dated 2023-03-09; registration opens 2023-03-10.
 */
const rows: Row[] = [
  ['L5 baseline', at('L5'), { 'offered-level': true, 'application-type': true }, true],
  ['L4 baseline', at('L4'), {}, true],
  ['L3 baseline', at('L3'), {}, true],
  ['L2 baseline', at('L2'), {}, true],
  ['L1 baseline', at('L1'), {}, true],
  [
    '平转 is not a type here',
    at('L3').type('lateral'),
    { 'application-type': [false, '可用的申报类型：正常申报'] },
    false,
  ],
  ['man 60 on the notice date', at('L4').person('M', '1963-03-09'), { 'not-retired': false }],
  ['man 60 the day after', at('L4').person('M', '1963-03-10'), { 'not-retired': true }],
  [
    'woman worker 50 on the notice date',
    at('L4').person('F', '1973-03-09'),
    { 'not-retired': [false, '女性退休年龄50周岁'] },
  ],
  ['retired before the notice', at('L4').retired('2023-01-31'), { 'not-retired': false }],
  [
    '2-year ban ended the day before registration',
    at('L3').sanction('fraud_ban', '2021-03-10', null),
    { 'no-fraud-ban': [true, '无弄虚作假禁考期情形'] },
  ],
  [
    '2-year ban ending on the first registration day',
    at('L3').sanction('fraud_ban', '2021-03-11', null),
    { 'no-fraud-ban': [false, '至2023-03-10'] },
  ],
  ['regularized 2023-09-30', at('L5').regularized('2023-09-30'), { 'l5-regularized': true }],
  ['regularized 2023-10-01', at('L5').regularized('2023-10-01'), { 'l5-regularized': false }],
  [
    'L5 certified 2018-09-30',
    at('L4').work('2015-01-01').grade('L5', '2018-09-30'),
    { 'l4-grade-or-work-start': true },
  ],
  [
    'L5 certified 2018-10-01',
    at('L4').work('2015-01-01').grade('L5', '2018-10-01'),
    { 'l4-grade-or-work-start': [false, '晚于2018-09-30'] },
  ],
  ['work start 2014-12-31', at('L4').work('2014-12-31').grade(null), { 'l4-grade-or-work-start': true }],
  [
    'work start 2015-01-01',
    at('L4').work('2015-01-01').grade(null),
    { 'l4-grade-or-work-start': [false, '晚于2014-12-31'] },
  ],
  [
    'L4 certified 2018-09-30',
    at('L3').work('2007-01-01').grade('L4', '2018-09-30'),
    { 'l3-grade-or-work-start': true },
  ],
  [
    'L4 certified 2018-10-01',
    at('L3').work('2007-01-01').grade('L4', '2018-10-01'),
    { 'l3-grade-or-work-start': false },
  ],
  ['work start 2006-12-31', at('L3').work('2006-12-31').grade(null), { 'l3-grade-or-work-start': true }],
  ['L3 exactly 5 years through 2023-12-31', at('L2').grade('L3', '2019-01-01'), { 'l2-grade': true }],
  ['L3 5 years minus a day', at('L2').grade('L3', '2019-01-02'), { 'l2-grade': [false, '4年11个月'] }],
  [
    '初中, man 50 on 2023-12-31',
    at('L2').edu('junior_high').person('M', '1973-12-31'),
    { 'l2-education': true },
  ],
  [
    '初中, man 49 on 2023-12-31',
    at('L2').edu('junior_high').person('M', '1974-01-01'),
    { 'l2-education': false },
  ],
  ['初中, woman 45', at('L2').edu('junior_high').person('F', '1978-12-31'), { 'l2-education': true }],
  ['初中, woman 44', at('L2').edu('junior_high').person('F', '1979-01-01'), { 'l2-education': false }],
  ['25 work years', at('L1').work('1999-01-01'), { 'l1-work-years': true }],
  ['25 years minus a day', at('L1').work('1999-01-02'), { 'l1-work-years': false }],
  ['L2 5 years, appointed', at('L1').grade('L2', '2019-01-01'), { 'l1-grade': true }],
  ['L2 5 years minus a day', at('L1').grade('L2', '2019-01-02'), { 'l1-grade': false }],
  ['L1 初中', at('L1').edu('junior_high'), { 'l1-education': false }],
  ['L1 大专', at('L1').edu('vocational_college'), { 'l1-education': true }],
  ['2018–2022 with 2 优秀', at('L1'), { 'l1-assessments': [true, '近5年（2018—2022）'] }],
  [
    '2018 基本合格',
    at('L1').assessments({ 2018: 'B', 2019: 'C', 2020: 'C', 2021: 'E', 2022: 'E' }),
    { 'l1-assessments': false },
  ],
  [
    '2022 not filed: 容缺后补, but only 1 优秀',
    at('L1').assessments({ 2018: 'C', 2019: 'C', 2020: 'C', 2021: 'E' }),
    { 'l1-assessments': [false, '容缺后补'] },
  ],
  [
    'competition award after L2 waives',
    at('L1').edu('junior_high').competent(2018, 2022).honour('competition_award', '2015-01-01'),
    { 'l1-honour-waiver': true, 'l1-education': true, 'l1-assessments': true },
    true,
  ],
  [
    'open investigation on 2023-03-10',
    at('L1').sanction('under_investigation', '2023-03-10', null),
    { 'l1-exclusions': false },
  ],
  [
    'investigation closed 2023-03-09',
    at('L1').sanction('under_investigation', '2022-01-01', '2023-03-09'),
    { 'l1-exclusions': true },
  ],
];

runTable('luoyang-2023', rows);
