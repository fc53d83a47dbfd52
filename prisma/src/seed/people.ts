import { idNumberCheckChar } from '@exam/contracts';
import type { Prng } from './prng.js';

const SURNAMES =
  '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文';
const MALE_GIVEN =
  '伟强磊军洋勇杰涛明超刚平辉鹏华飞鑫波斌宇浩凯健俊帆帅旭宁龙林建国立新志国庆春海东亮德福永胜文';
const FEMALE_GIVEN = '芳娜敏静丽艳娟霞秀英玲桂兰红梅琳燕萍雪慧颖倩晶婷莉云洁丹蕾璐瑶晓月华红霞淑珍凤琴';

export type Education =
  'primary' | 'junior_high' | 'senior_high' | 'technical_school' | 'vocational_college' | 'bachelor';

export interface DemoPerson {
  idNumber: string;
  name: string;
  sex: 'M' | 'F';
  birthDate: string;
  education: Education;
  ethnicity: string;
  politicalStatus: string;
  phone: string;
  workStartDate: string;
  regularizedOn: string;
  unitIndex: number;
  occupationIndex: number;
  /** levels held, ascending, with the year certified */
  grades: { level: 'L5' | 'L4' | 'L3' | 'L2'; certifiedOn: string; appointedOn: string }[];
  assessments: {
    year: number;
    grade: 'excellent' | 'competent' | 'basically_competent' | 'incompetent';
    excellentPartyMember: boolean;
  }[];
  honour: { kind: string; title: string; grantedBy: string; awardedOn: string } | null;
  sanction: {
    kind: 'under_investigation' | 'party_discipline' | 'government_discipline';
    startsOn: string;
    endsOn: string | null;
    reason: string;
  } | null;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
const day = (y: number, m: number, d: number) => `${y}-${pad(m)}-${pad(d)}`;

function name(prng: Prng, sex: 'M' | 'F'): string {
  const pool = sex === 'M' ? MALE_GIVEN : FEMALE_GIVEN;
  const given = prng.chance(0.7) ? prng.pick([...pool]) + prng.pick([...pool]) : prng.pick([...pool]);
  return prng.pick([...SURNAMES]) + given;
}

/** A valid 18-character ID number for a person born on `birth` in `area`. */
export function makeIdNumber(area: string, birth: string, sequence: number, sex: 'M' | 'F'): string {
  // the 17th digit is odd for men, even for women
  const seq = sequence % 100;
  const genderDigit = sex === 'M' ? 2 * (sequence % 5) + 1 : 2 * (sequence % 5);
  const first17 = `${area}${birth.replace(/-/g, '')}${pad(seq)}${genderDigit}`;
  return first17 + idNumberCheckChar(first17);
}

/**
 * People with the histories the seed notices ask about: work years, 转正定级, grades held and when, five
 * years of 年度考核 (2019–2023), a few honours, and a few exclusions.
 */
export function demoPeople(
  prng: Prng,
  count: number,
  units: { area: string; occupationIndices: number[] }[],
): DemoPerson[] {
  const people: DemoPerson[] = [];
  const used = new Set<string>();
  for (let i = 0; people.length < count; i++) {
    const sex: 'M' | 'F' = prng.chance(0.6) ? 'M' : 'F';
    const birthYear = prng.int(1966, 2000);
    const birth = day(birthYear, prng.int(1, 12), prng.int(1, 28));
    const unitIndex = prng.int(0, units.length - 1);
    const idNumber = makeIdNumber(units[unitIndex]!.area, birth, i, sex);
    if (used.has(idNumber)) continue;
    used.add(idNumber);
    const education = prng.weighted<Education>([
      ['junior_high', 18],
      ['senior_high', 30],
      ['technical_school', 22],
      ['vocational_college', 20],
      ['bachelor', 8],
      ['primary', 2],
    ]);
    const workYear = Math.min(2023, birthYear + prng.int(18, 24));
    const workStart = day(workYear, prng.int(1, 12), 1);
    const regularized = day(workYear + 1, prng.int(1, 12), 1);
    const grades: DemoPerson['grades'] = [];
    let year = workYear + prng.int(2, 4);
    for (const level of ['L5', 'L4', 'L3', 'L2'] as const) {
      if (year > 2023) break;
      const certifiedOn = day(year, prng.int(6, 11), prng.int(1, 28));
      grades.push({ level, certifiedOn, appointedOn: day(year + 1, 1, 1) });
      year += prng.int(5, 9);
      if (level === 'L3' && prng.chance(0.7)) break;
    }
    const assessments: DemoPerson['assessments'] = [];
    for (let y = Math.max(2019, workYear + 1); y <= 2023; y++) {
      assessments.push({
        year: y,
        grade: prng.weighted([
          ['competent', 78],
          ['excellent', 17],
          ['basically_competent', 4],
          ['incompetent', 1],
        ] as const),
        excellentPartyMember: prng.chance(0.03),
      });
    }
    const honour = prng.chance(0.06)
      ? prng.pick([
          {
            kind: 'technical_expert',
            title: '新乡市技术能手',
            grantedBy: '新乡市人力资源和社会保障局',
            awardedOn: day(prng.int(2019, 2023), 5, 1),
          },
          {
            kind: 'competition_award',
            title: '新乡市职业技能竞赛个人二等奖',
            grantedBy: '新乡市人力资源和社会保障局',
            awardedOn: day(prng.int(2019, 2023), 10, 20),
          },
          {
            kind: 'municipal_commendation',
            title: '新乡市先进工作者',
            grantedBy: '中共新乡市委、新乡市人民政府',
            awardedOn: day(prng.int(2019, 2023), 4, 28),
          },
          {
            kind: 'labour_medal',
            title: '河南省五一劳动奖章',
            grantedBy: '河南省总工会',
            awardedOn: day(prng.int(2019, 2023), 4, 30),
          },
        ])
      : null;
    people.push({
      idNumber,
      name: name(prng, sex),
      sex,
      birthDate: birth,
      education,
      ethnicity: prng.chance(0.95) ? '汉族' : prng.pick(['回族', '满族', '蒙古族']),
      politicalStatus: prng.weighted([
        ['群众', 55],
        ['中共党员', 35],
        ['共青团员', 10],
      ]),
      phone: `13${prng.int(0, 9)}${pad(prng.int(0, 9999), 4)}${pad(prng.int(0, 9999), 4)}`,
      workStartDate: workStart,
      regularizedOn: regularized,
      unitIndex,
      occupationIndex: prng.pick(units[unitIndex]!.occupationIndices),
      grades,
      assessments,
      honour,
      sanction: null,
    });
  }
  // exclusions that the seed notices name (seed 001 附件1 第十二条)
  const p0 = people[7];
  if (p0)
    p0.sanction = {
      kind: 'under_investigation',
      startsOn: '2024-01-10',
      endsOn: null,
      reason: '被立案审查尚未结案',
    };
  const p1 = people[19];
  if (p1)
    p1.sanction = {
      kind: 'government_discipline',
      startsOn: '2023-06-01',
      endsOn: '2025-05-31',
      reason: '政务处分期间',
    };
  // names with rare characters: CJK Ext-A (䶮) and Ext-B (𠮷), which documents must render
  if (people[3]) people[3].name = '王䶮';
  if (people[11]) people[11].name = '𠮷祥';
  return people;
}
