import { at, runTable, type Row } from './table.test-support.js';

/** Seed 002 (内蒙古 2022): years count through 2022-07-20 (registration close); exclusions on 2022-06-21. */
const rows: Row[] = [
  ['L5 baseline', at('L5'), { 'offered-level': true, 'application-type': true }, true],
  ['L4 baseline', at('L4'), {}, true],
  ['L3 baseline', at('L3'), {}, true],
  ['L2 baseline', at('L2'), {}, true],
  ['L1 baseline', at('L1'), {}, true],
  [
    '平转 stops at 技师',
    at('L1').type('lateral'),
    { 'application-type': [false, '高级技师不受理平转申报'] },
    false,
  ],
  [
    '贯通 starts at 高级工',
    at('L4').type('title_bridge').title('deputy_senior'),
    { 'application-type': false },
    false,
  ],
  ['woman worker 50 on 2022-06-21', at('L4').person('F', '1972-06-21'), { 'not-retired': false }],
  ['woman worker 50 on 2022-06-22', at('L4').person('F', '1972-06-22'), { 'not-retired': true }],
  // 国家职业技能标准 years (the seed refers to the standard)
  [
    '1 year in the occupation',
    at('L5').work('2021-07-21'),
    { 'l5-work-years': [true, '截至2022-07-20为1年'] },
  ],
  ['1 year minus a day', at('L5').work('2021-07-22'), { 'l5-work-years': false }],
  [
    'L5 for 4 years',
    at('L4').work('2017-01-01').grade('L5', '2018-07-21'),
    { 'l4-grade-or-work-years': [true, '满足第1项'] },
  ],
  [
    'L5 for 4 years minus a day, 5 years of work',
    at('L4').work('2017-01-01').grade('L5', '2018-07-22'),
    { 'l4-grade-or-work-years': [false, '均不满足'] },
  ],
  [
    'L5 of another occupation',
    at('L4').work('2017-01-01').grade('L5', '2010-01-01', { occupation: '保育员' }),
    { 'l4-grade-or-work-years': false },
  ],
  [
    'no grade, 6 years of work',
    at('L4').work('2016-07-21').grade(null),
    { 'l4-grade-or-work-years': [true, '满足第2项'] },
  ],
  [
    'no grade, 6 years minus a day',
    at('L4').work('2016-07-22').grade(null),
    { 'l4-grade-or-work-years': false },
  ],
  ['L4 for 5 years', at('L3').grade('L4', '2017-07-21'), { 'l3-grade': true }],
  ['L4 for 5 years minus a day', at('L3').grade('L4', '2017-07-22'), { 'l3-grade': false }],
  ['L3 for 4 years', at('L2').grade('L3', '2018-07-21'), { 'l2-grade': true }],
  ['L3 for 4 years minus a day', at('L2').grade('L3', '2018-07-22'), { 'l2-grade': false }],
  ['L2 for 4 years', at('L1').grade('L2', '2018-07-21'), { 'l1-grade': true }],
  [
    'L2 for 4 years minus a day',
    at('L1').grade('L2', '2018-07-22'),
    { 'l1-grade': [false, '3年11个月，需满4年'] },
  ],
  // 平转: the same level in a related occupation
  [
    '平转 L4 → L4 of another occupation',
    at('L4').type('lateral').grade('L4', '2015-01-01', { occupation: '水暖工' }),
    { 'lateral-same-level': true },
    true,
  ],
  [
    '平转 from a lower level',
    at('L4').type('lateral').grade('L5'),
    { 'lateral-same-level': [false, '需为中级工'] },
  ],
  // 贯通: professional titles in the eight fields
  [
    '助理/初级 title → 高级工',
    at('L3').type('title_bridge').grade(null).title('technician', '工程'),
    { 'l3-title-bridge': true },
    true,
  ],
  [
    'title outside the eight fields',
    at('L3').type('title_bridge').title('assistant', '卫生'),
    { 'l3-title-bridge': [false, '不在工程、农业'] },
  ],
  ['no title', at('L3').type('title_bridge'), { 'l3-title-bridge': [false, '未填专业技术职称'] }],
  [
    '中级 title → 技师',
    at('L2').type('title_bridge').title('intermediate', '农业'),
    { 'l2-title-bridge': true },
  ],
  [
    '助理 title for 技师',
    at('L2').type('title_bridge').title('assistant', '农业'),
    { 'l2-title-bridge': [false, '需中级以上'] },
  ],
  [
    '副高 title → 高级技师',
    at('L1').type('title_bridge').title('deputy_senior', '体育'),
    { 'l1-title-bridge': true },
  ],
  [
    '中级 title for 高级技师',
    at('L1').type('title_bridge').title('intermediate', '体育'),
    { 'l1-title-bridge': false },
  ],
  // 退役军人: by the treatment level
  [
    '初级工 treatment → 初级工',
    at('L5').type('veteran').transferIn('veteran', 3, 'L5'),
    { 'veteran-junior': true },
    true,
  ],
  [
    '初级工 treatment → 中级工',
    at('L4').type('veteran').transferIn('veteran', 3, 'L5'),
    { 'veteran-junior': true },
  ],
  [
    '高级工 treatment cannot apply 中级工 here',
    at('L4').type('veteran').transferIn('veteran', 3, 'L3'),
    { 'veteran-junior': [false, '按高级工待遇兑现'] },
  ],
  [
    'no treatment level',
    at('L5').type('veteran').transferIn('veteran', 3),
    { 'veteran-junior': [false, '未填待遇等级'] },
  ],
  [
    '技师 treatment → 高级工',
    at('L3').type('veteran').transferIn('veteran', 3, 'L2'),
    { 'veteran-senior': true },
  ],
  [
    '中级工 treatment for 高级工',
    at('L3').type('veteran').transferIn('veteran', 3, 'L4'),
    { 'veteran-senior': false },
  ],
];

runTable('inner-mongolia-2022', rows);
