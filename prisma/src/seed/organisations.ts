/**
 * The demo region's organisation tree (新乡市, seed 001): the 工考办 at the root, the counties' 工考管理机构,
 * 主管部门 and their units. Codes are stable so that re-seeding finds the same rows.
 */
export interface DemoOrg {
  code: string;
  name: string;
  kind: 'region_office' | 'county' | 'department' | 'unit';
  parent: string | null;
  /** area code (身份证号前6位) for people of this organisation */
  area?: string;
  /** the 工种 its staff hold (names from the catalogue) */
  occupations?: string[];
}

/** What the staff of a unit do, by the kind of unit its name says it is. */
const OCCUPATIONS_BY_KIND: [RegExp, string[]][] = [
  [/医院|血站|疾病/, ['护理保健', '医学检查', '药剂', '卫生防疫', '电工', '烹饪', '汽车驾驶与管理']],
  [/中学|小学|学院|高级中学/, ['教学科研实验', '图书档案管理', '保育', '电工', '水暖', '烹饪']],
  [/公路/, ['公路养护', '汽车驾驶与管理', '汽车修理', '机械操作']],
  [/运输/, ['汽车驾驶与管理', '汽车修理', '行政事务']],
  [/渠|水利|文岩渠/, ['闸门运行', '泵站运行', '堤灌维护', '防汛抢险']],
  [/水文/, ['水文勘测', '测绘员', '计算机信息处理']],
  [/园林/, ['花卉园艺', '农艺', '机械操作']],
  [/市政/, ['市政维护', '水处理工', '电工', '机械操作']],
  [/食堂/, ['烹饪', '收银审核']],
  [/机关事务/, ['汽车驾驶与管理', '行政事务', '电工', '水暖', '制冷', '烹饪']],
  [/博物馆/, ['文物修复工', '讲解员', '行政事务']],
  [/图书馆/, ['图书档案管理', '计算机信息处理', '讲解员']],
  [/殡仪馆/, ['殡葬服务', '汽车驾驶与管理']],
];

export function occupationsOfUnit(name: string): string[] {
  return (
    OCCUPATIONS_BY_KIND.find(([pattern]) => pattern.test(name))?.[1] ?? ['行政事务', '电工', '汽车驾驶与管理']
  );
}

const counties: [string, string, string][] = [
  ['HQ', '红旗区', '410702'],
  ['WB', '卫滨区', '410703'],
  ['FQ', '凤泉区', '410704'],
  ['MY', '牧野区', '410711'],
  ['XX', '新乡县', '410721'],
  ['HJ', '获嘉县', '410724'],
  ['YY', '原阳县', '410725'],
  ['YJ', '延津县', '410726'],
  ['FQX', '封丘县', '410727'],
  ['WH', '卫辉市', '410781'],
  ['HX', '辉县市', '410782'],
  ['CY', '长垣市', '410783'],
];

const cityDepartments: { code: string; name: string; units: [string, string][] }[] = [
  {
    code: 'SWJW',
    name: '新乡市卫生健康委员会',
    units: [
      ['ZXYY', '新乡市中心医院'],
      ['DYRMYY', '新乡市第一人民医院'],
      ['JKZX', '新乡市疾病预防控制中心'],
    ],
  },
  {
    code: 'SJYJ',
    name: '新乡市教育局',
    units: [
      ['DYZX', '新乡市第一中学'],
      ['SYXX', '新乡市实验小学'],
      ['ZYJSXY', '新乡职业技术学院'],
    ],
  },
  {
    code: 'SJTJ',
    name: '新乡市交通运输局',
    units: [
      ['GLZX', '新乡市公路事业发展中心'],
      ['YZGLC', '新乡市运输管理服务中心'],
    ],
  },
  {
    code: 'SSLJ',
    name: '新乡市水利局',
    units: [
      ['RMSLQ', '新乡市人民胜利渠管理中心'],
      ['SWJ', '新乡市水文水资源勘测局'],
    ],
  },
  {
    code: 'SCGJ',
    name: '新乡市城市管理局',
    units: [
      ['YLZX', '新乡市园林绿化中心'],
      ['SZWH', '新乡市市政设施维护中心'],
    ],
  },
  {
    code: 'SJGSW',
    name: '新乡市机关事务管理局',
    units: [
      ['JGFW', '新乡市机关事务服务中心'],
      ['SWCT', '新乡市委机关食堂'],
    ],
  },
  {
    code: 'SWLJ',
    name: '新乡市文化广电和旅游局',
    units: [
      ['BWG', '新乡市博物馆'],
      ['TSG', '新乡市图书馆'],
    ],
  },
  { code: 'SMZJ', name: '新乡市民政局', units: [['BYG', '新乡市殡仪馆']] },
];

const countyDepartments: Record<string, { code: string; name: string; units: [string, string][] }[]> = {
  HX: [
    {
      code: 'WJW',
      name: '辉县市卫生健康委员会',
      units: [
        ['RMYY', '辉县市人民医院'],
        ['ZYY', '辉县市中医院'],
      ],
    },
    { code: 'JYJ', name: '辉县市教育局', units: [['YG', '辉县市第一高级中学']] },
  ],
  WH: [{ code: 'JTJ', name: '卫辉市交通运输局', units: [['GLD', '卫辉市公路管理段']] }],
  CY: [{ code: 'SLJ', name: '长垣市水利局', units: [['TGZ', '长垣市天然文岩渠管理站']] }],
  HQ: [{ code: 'JGSW', name: '红旗区机关事务中心', units: [['CT', '红旗区机关食堂']] }],
};

export const ROOT_CODE = 'XX-GKB';

export function demoOrganisations(): DemoOrg[] {
  const orgs: DemoOrg[] = [
    {
      code: ROOT_CODE,
      name: '新乡市机关事业单位工勤技能岗位等级考核办公室',
      kind: 'region_office',
      parent: null,
    },
  ];
  for (const d of cityDepartments) {
    orgs.push({ code: `XX-${d.code}`, name: d.name, kind: 'department', parent: ROOT_CODE });
    for (const [code, name] of d.units)
      orgs.push({
        code: `XX-${d.code}-${code}`,
        name,
        kind: 'unit',
        parent: `XX-${d.code}`,
        area: '410702',
        occupations: occupationsOfUnit(name),
      });
  }
  for (const [code, name, area] of counties) {
    const countyCode = `XX-${code}`;
    orgs.push({
      code: countyCode,
      name: `${name}人力资源和社会保障局工考管理机构`,
      kind: 'county',
      parent: ROOT_CODE,
    });
    for (const d of countyDepartments[code] ?? []) {
      orgs.push({ code: `${countyCode}-${d.code}`, name: d.name, kind: 'department', parent: countyCode });
      for (const [u, uname] of d.units)
        orgs.push({
          code: `${countyCode}-${d.code}-${u}`,
          name: uname,
          kind: 'unit',
          parent: `${countyCode}-${d.code}`,
          area,
          occupations: occupationsOfUnit(uname),
        });
    }
  }
  return orgs;
}
