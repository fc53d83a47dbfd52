import { createHash } from 'node:crypto';
import { policyDocumentSchema, type PolicyDocument, type PolicyDocumentInput } from '@exam/contracts';
import type { Prisma, PrismaClient } from '../generated/prisma/client.js';
import { SHIPPED_POLICIES } from '../policies/index.js';

type Db = PrismaClient | Prisma.TransactionClient;

const REGION_NAMES: Record<string, string> = {
  xinjiang: '新疆维吾尔自治区',
  xinxiang: '新乡市',
  'inner-mongolia': '内蒙古自治区',
  luoyang: '洛阳市',
  nantong: '南通市',
};

/** JSON with keys sorted, so that equal documents have equal checksums. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

export function policyChecksum(document: PolicyDocument): string {
  return createHash('sha256').update(canonicalJson(document)).digest('hex');
}

/** Parses a shipped document; a shipped policy that does not parse is a bug of ours, so it throws. */
export function parseShippedPolicy(input: PolicyDocumentInput): PolicyDocument {
  const parsed = policyDocumentSchema.safeParse(input);
  if (!parsed.success)
    throw new Error(
      `shipped policy ${String((input as { id?: unknown }).id)} is invalid: ${parsed.error.issues
        .slice(0, 5)
        .map((i) => `${i.path.join('.')}: ${i.message}`)
        .join('; ')}`,
    );
  return parsed.data;
}

export interface InstalledPolicy {
  id: string;
  /** the version that holds the shipped document */
  version: number;
  versionId: string;
  /** `published`: installed as the first version; `draft`: a changed shipped document awaits the office */
  created: 'published' | 'draft' | null;
}

/**
 * Makes sure every shipped policy (the five seeds) is in the database. Idempotent and safe to run at every
 * start, by several processes at once:
 * - a policy with no version gets the shipped document as published version 1;
 * - a version that already holds the shipped document (by checksum) means nothing to do;
 * - otherwise the shipped document changed since it was installed: it becomes a **draft** for the office
 *   to review and publish — it never retires what the office has published, and never stacks a second draft.
 */
export async function installShippedPolicies(db: Db, now: Date = new Date()): Promise<InstalledPolicy[]> {
  const installed: InstalledPolicy[] = [];
  for (const input of SHIPPED_POLICIES) {
    const document = parseShippedPolicy(input);
    const checksum = policyChecksum(document);
    const run = async (tx: Prisma.TransactionClient) => {
      await tx.region.upsert({
        where: { id: document.regionId },
        update: {},
        create: { id: document.regionId, name: REGION_NAMES[document.regionId] ?? document.regionName },
      });
      await tx.policy.upsert({
        where: { id: document.id },
        update: {},
        create: {
          id: document.id,
          regionId: document.regionId,
          year: document.year,
          title: document.title,
          documentNo: document.documentNo,
          issuedOn: new Date(`${document.issuedOn}T00:00:00.000Z`),
        },
      });
      const versions = await tx.policyVersion.findMany({
        where: { policyId: document.id },
        orderBy: { version: 'desc' },
      });
      const same = versions.find((v) => v.checksum === checksum);
      if (same) return { id: document.id, version: same.version, versionId: same.id, created: null };
      const draft = versions.find((v) => v.status === 'draft');
      if (draft) return { id: document.id, version: draft.version, versionId: draft.id, created: null };
      const first = versions.length === 0;
      const row = await tx.policyVersion.create({
        data: {
          policyId: document.id,
          version: (versions[0]?.version ?? 0) + 1,
          status: first ? 'published' : 'draft',
          document: JSON.parse(JSON.stringify(document)) as Prisma.InputJsonValue,
          checksum,
          publishedAt: first ? now : null,
        },
      });
      return {
        id: document.id,
        version: row.version,
        versionId: row.id,
        created: first ? ('published' as const) : ('draft' as const),
      };
    };
    try {
      installed.push('$transaction' in db ? await db.$transaction(run) : await run(db));
    } catch (error) {
      // another process installed it at the same moment: read what it wrote
      if ((error as { code?: string }).code !== 'P2002') throw error;
      const row = await db.policyVersion.findFirstOrThrow({ where: { policyId: document.id, checksum } });
      installed.push({ id: document.id, version: row.version, versionId: row.id, created: null });
    }
  }
  return installed;
}
