import { randomUUID } from 'node:crypto';
import bcrypt from 'bcrypt';
import type { PrismaClient } from '../generated/prisma/client.js';
import { occupationRows } from './catalogue.js';
import { demoOrganisations, ROOT_CODE } from './organisations.js';
import { demoPeople, makeIdNumber } from './people.js';
import { installShippedPolicies } from './install-policies.js';
import { Prng } from './prng.js';

export const DEMO_REGION = 'xinxiang';
export const DEMO_PASSWORD = 'exam2026';
export const DEMO_PERSON_COUNT = 320;
/** the open demo batch, whose windows are relative to the day the demo was seeded */
export const DEMO_BATCH_CODE = 'demo';

/** One account per role; `scope` names the organisation (by code) a scoped role acts on. */
export const DEMO_ACCOUNTS = [
  { username: 'admin', displayName: '系统管理员', role: 'admin', scope: null },
  { username: 'office', displayName: '市工考办 李考务', role: 'exam_office', scope: ROOT_CODE },
  { username: 'reviewer', displayName: '市卫健委 张审核', role: 'reviewer', scope: 'XX-SWJW' },
  { username: 'unithr', displayName: '市中心医院 王经办', role: 'unit_hr', scope: 'XX-SWJW-ZXYY' },
  { username: 'invigilator', displayName: '监考员 赵监考', role: 'invigilator', scope: null },
  { username: 'panel', displayName: '考评员 孙考评', role: 'panel_member', scope: null },
  { username: 'candidate', displayName: '', role: 'candidate', scope: null },
] as const;

const day = (s: string) => new Date(`${s}T00:00:00.000Z`);
/** a Beijing wall-clock time to UTC */
const beijing = (s: string) => new Date(`${s}+08:00`);

export interface DemoSeedResult {
  created: { organisations: number; occupations: number; persons: number; users: number };
  accounts: { username: string; role: string }[];
}

/**
 * Creates the demo region from seed 001 (新乡市 2024) with seed 004's 工种 catalogue, a few hundred people
 * with realistic histories, and one account per role. Idempotent: a second run finds everything and adds
 * nothing; it never overwrites a changed password.
 */
export async function seedDemo(
  prisma: PrismaClient,
  options: { bcryptCost?: number; now?: Date } = {},
): Promise<DemoSeedResult> {
  const now = options.now ?? new Date();
  const cost = options.bcryptCost ?? 10;
  const passwordHash = await bcrypt.hash(DEMO_PASSWORD, cost);
  const prng = new Prng(20240315);
  const orgs = demoOrganisations();
  const occupations = occupationRows();

  return prisma.$transaction(
    async (tx) => {
      const created = { organisations: 0, occupations: 0, persons: 0, users: 0 };
      await tx.region.upsert({
        where: { id: DEMO_REGION },
        update: {},
        create: { id: DEMO_REGION, name: '新乡市' },
      });

      const existingOrgs = new Map(
        (
          await tx.organisation.findMany({
            where: { regionId: DEMO_REGION },
            select: { id: true, code: true, ancestorIds: true },
          })
        ).map((o) => [o.code, o]),
      );
      for (const org of orgs) {
        if (existingOrgs.has(org.code)) continue;
        const parent = org.parent ? existingOrgs.get(org.parent) : null;
        const id = randomUUID();
        const ancestorIds = [...(parent?.ancestorIds ?? []), id];
        await tx.organisation.create({
          data: {
            id,
            regionId: DEMO_REGION,
            parentId: parent?.id ?? null,
            kind: org.kind,
            code: org.code,
            name: org.name,
            ancestorIds,
          },
        });
        existingOrgs.set(org.code, { id, code: org.code, ancestorIds });
        created.organisations++;
      }
      const orgId = (code: string) => existingOrgs.get(code)!.id;

      const occ = await tx.occupation.createMany({
        data: occupations.map((o) => ({ ...o, regionId: DEMO_REGION })),
        skipDuplicates: true,
      });
      created.occupations = occ.count;
      const occupationIds = new Map(
        (
          await tx.occupation.findMany({ where: { regionId: DEMO_REGION }, select: { id: true, code: true } })
        ).map((o) => [o.code, o.id]),
      );
      const occupationList = occupations.map((o) => occupationIds.get(o.code)!);

      // the five seeds' policies, and the demo region's batches under xinxiang-2024
      await installShippedPolicies(tx, now);
      const policyVersion = await tx.policyVersion.findFirstOrThrow({
        where: { policyId: 'xinxiang-2024', status: 'published' },
        orderBy: { version: 'desc' },
        select: { id: true },
      });
      const batch = await tx.batch.upsert({
        where: { regionId_code: { regionId: DEMO_REGION, code: '2024' } },
        update: {},
        create: {
          regionId: DEMO_REGION,
          policyVersionId: policyVersion.id,
          code: '2024',
          name: '2024年度新乡市机关事业单位工勤技能岗位等级考核',
          year: 2024,
          status: 'closed',
          windows: {
            create: [
              // 五（二）网上注册报名 3月21日—4月5日24时；五（三）资格审查 3月21日—4月15日
              {
                kind: 'registration',
                opensAt: beijing('2024-03-21T00:00:00'),
                closesAt: beijing('2024-04-06T00:00:00'),
              },
              {
                kind: 'review',
                opensAt: beijing('2024-03-21T00:00:00'),
                closesAt: beijing('2024-04-16T00:00:00'),
              },
            ],
          },
        },
      });

      // an open batch for trying the application workflow now: the windows are relative to the seed's `now`
      const daysFrom = (days: number) => new Date(now.getTime() + days * 86_400_000);
      await tx.batch.upsert({
        where: { regionId_code: { regionId: DEMO_REGION, code: DEMO_BATCH_CODE } },
        update: {},
        create: {
          regionId: DEMO_REGION,
          policyVersionId: policyVersion.id,
          code: DEMO_BATCH_CODE,
          name: '新乡市工勤技能岗位等级考核演示批次（依新人社办〔2024〕22号）',
          year: 2024,
          status: 'open',
          windows: {
            create: [
              { kind: 'registration', opensAt: daysFrom(-30), closesAt: daysFrom(60) },
              { kind: 'review', opensAt: daysFrom(-30), closesAt: daysFrom(90) },
              { kind: 'payment', opensAt: daysFrom(-30), closesAt: daysFrom(100) },
            ],
          },
        },
      });

      // venue and rooms for the 人机对话 exam
      const venue =
        (await tx.venue.findFirst({ where: { regionId: DEMO_REGION, name: '新乡市工考办人机对话考点' } })) ??
        (await tx.venue.create({
          data: {
            regionId: DEMO_REGION,
            organisationId: orgId(ROOT_CODE),
            name: '新乡市工考办人机对话考点',
            address: '新乡市红旗区人民东路',
          },
        }));
      for (let r = 1; r <= 4; r++) {
        await tx.room.upsert({
          where: { venueId_name: { venueId: venue.id, name: `第${r}考场` } },
          update: {},
          create: { venueId: venue.id, name: `第${r}考场`, kind: 'computer', capacity: 30 },
        });
      }
      const firstRoom = await tx.room.findFirstOrThrow({ where: { venueId: venue.id, name: '第1考场' } });

      // people
      const units = orgs.filter((o) => o.kind === 'unit');
      const indexOf = (name: string) => {
        const index = occupations.findIndex((o) => o.name === name);
        if (index < 0) throw new Error(`demo unit occupation ${name} is not in the catalogue`);
        return index;
      };
      const people = demoPeople(
        prng,
        DEMO_PERSON_COUNT,
        units.map((u) => ({
          area: u.area ?? '410702',
          occupationIndices: (u.occupations ?? []).map(indexOf),
        })),
      );
      // the demo candidate: a 电工 of 新乡市中心医院 whose record makes them eligible for 二级（技师）
      const candidateUnit = units.findIndex((u) => u.code === 'XX-SWJW-ZXYY');
      const demoCandidate = people[0]!;
      Object.assign(demoCandidate, {
        unitIndex: candidateUnit,
        birthDate: '1978-05-16',
        idNumber: makeIdNumber('410702', '1978-05-16', 0, demoCandidate.sex),
        occupationIndex: indexOf('电工'),
        education: 'technical_school',
        workStartDate: '1998-07-01',
        regularizedOn: '1999-07-01',
        grades: [
          { level: 'L5', certifiedOn: '2003-06-20', appointedOn: '2004-01-01' },
          { level: 'L4', certifiedOn: '2009-06-20', appointedOn: '2010-01-01' },
          { level: 'L3', certifiedOn: '2016-06-20', appointedOn: '2017-01-01' },
        ],
        assessments: [2019, 2020, 2021, 2022, 2023].map((year) => ({
          year,
          grade: year === 2022 ? 'excellent' : 'competent',
          excellentPartyMember: false,
        })),
        honour: null,
        sanction: null,
      } satisfies Partial<typeof demoCandidate>);
      // and a 技师 of the same unit eligible for 一级（高级技师）, whose application goes through the unit's 公示
      const seniorTechnician = people[1]!;
      Object.assign(seniorTechnician, {
        unitIndex: candidateUnit,
        birthDate: '1972-03-10',
        idNumber: makeIdNumber('410702', '1972-03-10', 1, seniorTechnician.sex),
        occupationIndex: indexOf('电工'),
        education: 'senior_high',
        workStartDate: '1992-07-01',
        regularizedOn: '1993-07-01',
        grades: [
          { level: 'L5', certifiedOn: '1996-06-20', appointedOn: '1997-01-01' },
          { level: 'L4', certifiedOn: '2002-06-20', appointedOn: '2003-01-01' },
          { level: 'L3', certifiedOn: '2008-06-20', appointedOn: '2009-01-01' },
          { level: 'L2', certifiedOn: '2016-06-20', appointedOn: '2017-01-01' },
        ],
        assessments: [2019, 2020, 2021, 2022, 2023].map((year) => ({
          year,
          grade: year === 2020 || year === 2022 ? 'excellent' : 'competent',
          excellentPartyMember: false,
        })),
        honour: null,
        sanction: null,
      } satisfies Partial<typeof seniorTechnician>);
      const known = new Set(
        (
          await tx.person.findMany({
            where: { idNumber: { in: people.map((x) => x.idNumber) } },
            select: { idNumber: true },
          })
        ).map((x) => x.idNumber),
      );
      const fresh = people.filter((x) => !known.has(x.idNumber));
      const ids = new Map(fresh.map((x) => [x.idNumber, randomUUID()]));
      await tx.person.createMany({
        data: fresh.map((x) => ({
          id: ids.get(x.idNumber)!,
          idNumber: x.idNumber,
          name: x.name,
          sex: x.sex,
          birthDate: day(x.birthDate),
          ethnicity: x.ethnicity,
          education: x.education,
          politicalStatus: x.politicalStatus,
          phone: x.phone,
          organisationId: orgId(units[x.unitIndex]!.code),
          occupationId: occupationList[x.occupationIndex]!,
          workStartDate: day(x.workStartDate),
          regularizedOn: day(x.regularizedOn),
        })),
      });
      created.persons = fresh.length;
      await tx.annualAssessment.createMany({
        data: fresh.flatMap((x) => x.assessments.map((a) => ({ ...a, personId: ids.get(x.idNumber)! }))),
      });
      await tx.personGrade.createMany({
        data: fresh.flatMap((x) =>
          x.grades.map((g, i) => ({
            personId: ids.get(x.idNumber)!,
            level: g.level,
            occupationId: occupationList[x.occupationIndex]!,
            certifiedOn: day(g.certifiedOn),
            appointedOn: day(g.appointedOn),
            certificateNo: `XX${g.certifiedOn.slice(0, 4)}${x.idNumber.slice(-6)}${i}`,
          })),
        ),
      });
      await tx.honour.createMany({
        data: fresh.flatMap((x) =>
          x.honour
            ? [{ ...x.honour, awardedOn: day(x.honour.awardedOn), personId: ids.get(x.idNumber)! }]
            : [],
        ),
      });
      await tx.sanction.createMany({
        data: fresh.flatMap((x) =>
          x.sanction
            ? [
                {
                  ...x.sanction,
                  startsOn: day(x.sanction.startsOn),
                  endsOn: x.sanction.endsOn ? day(x.sanction.endsOn) : null,
                  personId: ids.get(x.idNumber)!,
                },
              ]
            : [],
        ),
      });

      // the demo candidate: an experienced member of the unit HR account's unit
      const unitHrUnit = orgId('XX-SWJW-ZXYY');
      const candidatePerson =
        (await tx.person.findUnique({ where: { idNumber: demoCandidate.idNumber } })) ??
        (await tx.person.findFirstOrThrow({
          where: { organisationId: unitHrUnit },
          orderBy: { idNumber: 'asc' },
        }));

      const accounts: DemoSeedResult['accounts'] = [];
      for (const account of DEMO_ACCOUNTS) {
        const exists = await tx.user.findUnique({ where: { username: account.username } });
        if (!exists) {
          const user = await tx.user.create({
            data: {
              username: account.username,
              displayName: account.role === 'candidate' ? candidatePerson.name : account.displayName,
              passwordHash,
              personId: account.role === 'candidate' ? candidatePerson.id : null,
              roles: {
                create: [{ role: account.role, organisationId: account.scope ? orgId(account.scope) : null }],
              },
            },
          });
          if (account.role === 'invigilator')
            await tx.invigilatorAssignment.create({ data: { userId: user.id, roomId: firstRoom.id } });
          if (account.role === 'panel_member') {
            await tx.panelAssignment.create({
              data: {
                userId: user.id,
                batchId: batch.id,
                occupationId: occupationIds.get('JD02')!,
                level: 'L3',
              },
            });
          }
          created.users++;
        }
        accounts.push({ username: account.username, role: account.role });
      }

      await tx.auditLog.create({
        data: {
          at: now,
          category: 'data_change',
          action: 'seed.demo',
          entityType: 'Region',
          entityId: DEMO_REGION,
          actorRoles: [],
          details: created,
        },
      });
      return { created, accounts };
    },
    { timeout: 180_000, maxWait: 30_000 },
  );
}
