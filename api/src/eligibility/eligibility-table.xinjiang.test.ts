import { at, runTable, type Row } from './table.test-support.js';

/** Seed 000 (新疆 2022): years count through 2022-12-31; exclusions judged on 2022-04-10. */
const rows: Row[] = [
  ['L5 baseline', at('L5'), { 'offered-level': true, 'application-type': true }, true],
  ['L4 baseline', at('L4'), {}, true],
  ['L3 baseline', at('L3'), {}, true],
  ['L2 baseline', at('L2'), {}, true],
  ['L1 baseline', at('L1'), {}, true],
  [
    'veterans only up to 高级工',
    at('L2').type('veteran').transferIn('veteran', 20),
    { 'application-type': [false, '技师不受理退役军人申报'] },
    false,
  ],
  ['man 60 on 2022-04-10', at('L3').person('M', '1962-04-10'), { 'not-retired': false }],
  ['man 60 on 2022-04-11', at('L3').person('M', '1962-04-11'), { 'not-retired': true }],
  [
    '3-year ban ended the day before',
    at('L3').sanction('fraud_ban', '2019-04-10', null),
    { 'no-fraud-ban': true },
  ],
  [
    '3-year ban still active',
    at('L3').sanction('fraud_ban', '2019-04-11', null),
    { 'no-fraud-ban': [false, '至2022-04-10'] },
    false,
  ],
  [
    'three years 合格',
    at('L5').competent(2019, 2021),
    { assessments: [true, '近3年（2019—2021）年度考核均为合格以上'] },
  ],
  [
    '2020 基本合格',
    at('L5').assessments({ 2019: 'C', 2020: 'B', 2021: 'C' }),
    { assessments: [false, '2020年为基本合格'] },
  ],
  ['2021 missing', at('L5').competent(2019, 2020), { assessments: [false, '缺2021年度结果'] }],
  ['one year of work', at('L5').work('2022-01-01').competent(2019, 2021), { 'l5-work-years': [true, '1年'] }],
  ['one year minus a day', at('L5').work('2022-01-02'), { 'l5-work-years': [false, '11个月，需满1年'] }],
  ['10 work years', at('L4').work('2013-01-01'), { 'l4-work-years': true }],
  [
    '10 work years minus a day',
    at('L4').work('2013-01-02'),
    { 'l4-work-years': [false, '9年11个月，需满10年'] },
  ],
  ['15 work years', at('L3').work('2008-01-01'), { 'l3-work-years': true }],
  ['15 years minus a day', at('L3').work('2008-01-02'), { 'l3-work-years': false }],
  ['18 work years', at('L2').work('2005-01-01'), { 'l2-work-years': true }],
  ['18 years minus a day', at('L2').work('2005-01-02'), { 'l2-work-years': false }],
  ['21 work years', at('L1').work('2002-01-01'), { 'l1-work-years': true }],
  ['21 years minus a day', at('L1').work('2002-01-02'), { 'l1-work-years': false }],
  [
    '初级工 appointed 5 years',
    at('L4').grade('L5', '2017-01-01', { appointedOn: '2018-01-01' }),
    { 'l4-appointed': [true, '2018-01-01聘任'] },
  ],
  [
    '初级工 appointed 5 years minus a day',
    at('L4').grade('L5', '2017-01-01', { appointedOn: '2018-01-02' }),
    { 'l4-appointed': [false, '4年11个月'] },
  ],
  [
    '初级工 certified long ago but never appointed',
    at('L4').grade('L5', '2005-01-01', { appointedOn: null }),
    { 'l4-appointed': [false, '尚未聘任'] },
  ],
  ['中级工 appointed 2018-01-01', at('L3').grade('L4', '2018-01-01'), { 'l3-appointed': true }],
  ['中级工 appointed 2018-01-02', at('L3').grade('L4', '2018-01-02'), { 'l3-appointed': false }],
  ['高级工 appointed 2018-01-01', at('L2').grade('L3', '2018-01-01'), { 'l2-appointed': true }],
  ['no grade for 技师', at('L2').grade(null), { 'l2-appointed': false }],
  ['技师 appointed 2018-01-01', at('L1').grade('L2', '2018-01-01'), { 'l1-appointed': true }],
  ['技师 appointed 2018-01-02', at('L1').grade('L2', '2018-01-02'), { 'l1-appointed': false }],
  // 三（三）: veterans and enterprise transfers
  [
    'veteran, 5 years → 初级工',
    at('L5').type('veteran').grade(null).transferIn('veteran', 5),
    { 'l5-veteran': true },
    true,
  ],
  [
    'veteran, 4.9 years',
    at('L5').type('veteran').transferIn('veteran', 4.9),
    { 'l5-veteran': [false, '需满5年'] },
  ],
  ['veteran, 10 years → 中级工', at('L4').type('veteran').transferIn('veteran', 10), { 'l4-veteran': true }],
  ['veteran, 9 years', at('L4').type('veteran').transferIn('veteran', 9), { 'l4-veteran': false }],
  ['veteran, 15 years → 高级工', at('L3').type('veteran').transferIn('veteran', 15), { 'l3-veteran': true }],
  [
    'veteran route, but from an enterprise',
    at('L3').type('veteran').transferIn('enterprise', 20),
    { 'l3-veteran': [false, '需为退役安置人员'] },
  ],
  ['enterprise, 5 years', at('L5').type('recheck').transferIn('enterprise', 5), { 'l5-enterprise': true }],
  ['enterprise, no transfer facts', at('L5').type('recheck'), { 'l5-enterprise': [false, '未填调入情况'] }],
  ['enterprise, 10 years', at('L4').type('recheck').transferIn('enterprise', 10), { 'l4-enterprise': true }],
  ['enterprise, 9 years', at('L4').type('recheck').transferIn('enterprise', 9), { 'l4-enterprise': false }],
  ['enterprise, 15 years', at('L3').type('recheck').transferIn('enterprise', 15), { 'l3-enterprise': true }],
  ['enterprise, 14 years', at('L3').type('recheck').transferIn('enterprise', 14), { 'l3-enterprise': false }],
];

runTable('xinjiang-2022', rows);
