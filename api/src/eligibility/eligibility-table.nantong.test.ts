import { at, runTable, type Row } from './table.test-support.js';

/** Seed 004 (南通 2024): years count through 2024-12-31; in service on 2024-08-31. */
const rows: Row[] = [
  ['L5 baseline', at('L5'), { 'offered-level': true, 'application-type': true }, true],
  ['L4 baseline', at('L4'), {}, true],
  ['L3 baseline', at('L3'), {}, true],
  ['技师 is not offered', at('L2'), { 'offered-level': [false, '本次考核不开考技师'] }, false],
  ['破格 is not for 初级工', at('L5').exceptional('model_worker'), { 'application-type': false }, false],
  [
    'man 60 on 2024-08-31',
    at('L4').person('M', '1964-08-31'),
    { 'not-retired': [false, '截至2024-08-31年满60周岁'] },
  ],
  ['man 60 on 2024-09-01', at('L4').person('M', '1964-09-01'), { 'not-retired': true }],
  // 三（一）3、4 (新进人员按实际工作年度)
  ['2019–2023 all 合格', at('L4').competent(2019, 2023), { assessments: true }],
  [
    '2019 基本合格',
    at('L4').assessments({ 2019: 'B', 2020: 'C', 2021: 'C', 2022: 'C', 2023: 'C' }),
    { assessments: false },
  ],
  [
    'newcomer since 2022: only 2023 required',
    at('L5').work('2022-03-01').competent(2023, 2023).ce([2023]),
    { assessments: [true, '按实际工作年度'], 'continuing-education': true },
    true,
  ],
  [
    'newcomer since 2022 without 2023',
    at('L5').work('2022-03-01').competent(2022, 2022),
    { assessments: [false, '缺2023年度'] },
  ],
  [
    'continuing education 2020 missing',
    at('L4').ce([2019, 2021, 2022, 2023]),
    { 'continuing-education': [false, '缺2020年度'] },
  ],
  ['probation over on 2024-04-10', at('L5').regularized('2024-04-10'), { 'l5-probation-completed': true }],
  ['probation over on 2024-04-11', at('L5').regularized('2024-04-11'), { 'l5-probation-completed': false }],
  // 中级工
  ['初级工 for 5 years', at('L4').grade('L5', '2020-01-01'), { 'l4-grade': true }],
  [
    '初级工 for 5 years minus a day',
    at('L4').grade('L5', '2020-01-02'),
    { 'l4-grade': [false, '4年11个月，需满5年'] },
  ],
  [
    '破格: 初级工 for 3 years',
    at('L4').grade('L5', '2022-01-01').exceptional('model_worker'),
    { 'l4-grade': [true, '破格放宽2年后需满3年'], 'exceptional-category': true },
    true,
  ],
  [
    '破格: 初级工 for 3 years minus a day',
    at('L4').grade('L5', '2022-01-02').exceptional('model_worker'),
    { 'l4-grade': false },
  ],
  [
    '专技转聘 with a 技术员 title, no grade',
    at('L4').grade(null).title('technician', '工程', true),
    { 'l4-grade': [true, '满足第2项'] },
  ],
  [
    'a title without 专技转聘',
    at('L4').grade(null).title('technician', '工程', false),
    { 'l4-grade': [false, '并非由专业技术岗位转聘'] },
  ],
  ['初中', at('L4').edu('junior_high'), { 'l4-education': true }],
  ['小学', at('L4').edu('primary'), { 'l4-education': [false, '需初中以上'] }],
  ['10 work years', at('L4').work('2015-01-01'), { 'l4-work-years': true }],
  [
    '10 work years minus a day',
    at('L4').work('2015-01-02'),
    { 'l4-work-years': [false, '9年11个月，需满10年'] },
  ],
  [
    '破格: 7 work years',
    at('L4').work('2018-01-01').exceptional('consecutive_excellent'),
    { 'l4-work-years': [true, '破格放宽3年后需满7年'] },
  ],
  [
    '破格: 7 work years minus a day',
    at('L4').work('2018-01-02').exceptional('consecutive_excellent'),
    { 'l4-work-years': false },
  ],
  [
    '转聘 with a title and 5 work years',
    at('L4').work('2020-01-01').title('technician', '工程', true),
    { 'l4-work-years': [true, '满足第2项'] },
  ],
  [
    '转聘 with a title and 5 years minus a day',
    at('L4').work('2020-01-02').title('technician', '工程', true),
    { 'l4-work-years': false },
  ],
  // 破格: each category once per career
  [
    'a category used before is refused',
    at('L4')
      .work('2018-01-01')
      .exceptional('model_worker', [{ category: 'model_worker', year: 2019 }]),
    { 'exceptional-category': [false, '已于2019年使用过'], 'l4-work-years': [false, '需满10年'] },
    false,
  ],
  [
    'another category used before is fine',
    at('L4').exceptional('model_worker', [{ category: 'consecutive_excellent', year: 2019 }]),
    { 'exceptional-category': true },
    true,
  ],
  [
    'an unknown category',
    at('L3').exceptional('lottery'),
    { 'exceptional-category': [false, '不是本政策的破格条件'] },
  ],
  ['no category', at('L3').type('exceptional'), { 'exceptional-category': [false, '须填写破格类别'] }],
  // 高级工
  ['中级工 for 5 years', at('L3').grade('L4', '2020-01-01'), { 'l3-grade': true }],
  ['中级工 for 5 years minus a day', at('L3').grade('L4', '2020-01-02'), { 'l3-grade': false }],
  ['高中', at('L3').edu('senior_high'), { 'l3-education': true }],
  ['初中 for 高级工', at('L3').edu('junior_high'), { 'l3-education': false }],
  ['20 work years', at('L3').work('2005-01-01'), { 'l3-work-years': true }],
  ['20 years minus a day', at('L3').work('2005-01-02'), { 'l3-work-years': false }],
  [
    '破格: 17 work years',
    at('L3').work('2008-01-01').exceptional('higher_education'),
    { 'l3-work-years': true },
  ],
  [
    '助理工程师 转聘 with 10 work years',
    at('L3').work('2015-01-01').grade(null).title('assistant', '工程', true),
    { 'l3-work-years': true, 'l3-grade': true },
    true,
  ],
  [
    '技术员 title is not enough for 高级工',
    at('L3').work('2015-01-01').grade(null).title('technician', '工程', true),
    { 'l3-work-years': false, 'l3-grade': false },
  ],
  // 转岗 and 复核
  [
    '转岗 to the same level',
    at('L4').type('transfer').grade('L4', '2015-01-01', { occupation: '水暖' }),
    { 'transfer-same-level': true },
    true,
  ],
  ['转岗 from a lower level', at('L4').type('transfer').grade('L5'), { 'transfer-same-level': false }],
  ['复核: veteran', at('L4').type('recheck').transferIn('veteran', 8), { 'recheck-transfer-in': true }],
  [
    '复核: from another province',
    at('L3').type('recheck').transferIn('other_province', 12, 'L3'),
    { 'recheck-transfer-in': true },
  ],
  [
    '复核: enterprise transfers are not 复核 here',
    at('L3').type('recheck').transferIn('enterprise', 12),
    { 'recheck-transfer-in': [false, '需为退役安置或外省调入人员'] },
  ],
];

runTable('nantong-2024', rows);
