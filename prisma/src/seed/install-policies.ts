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
  version: number;
  versionId: string;
  created: boolean;
}

/**
 * Makes sure every shipped policy (the five seeds) is in the database as a published version. Idempotent:
 * a document whose checksum matches the newest published version adds nothing; a changed shipped document
 * becomes a new published version (published versions are never edited).
 */
export async function installShippedPolicies(db: Db, now: Date = new Date()): Promise<InstalledPolicy[]> {
  const installed: InstalledPolicy[] = [];
  for (const input of SHIPPED_POLICIES) {
    const document = parseShippedPolicy(input);
    const checksum = policyChecksum(document);
    await db.region.upsert({
      where: { id: document.regionId },
      update: {},
      create: { id: document.regionId, name: REGION_NAMES[document.regionId] ?? document.regionName },
    });
    await db.policy.upsert({
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
    const latest = await db.policyVersion.findFirst({
      where: { policyId: document.id },
      orderBy: { version: 'desc' },
    });
    const published = await db.policyVersion.findFirst({
      where: { policyId: document.id, status: 'published' },
      orderBy: { version: 'desc' },
    });
    if (published && published.checksum === checksum) {
      installed.push({
        id: document.id,
        version: published.version,
        versionId: published.id,
        created: false,
      });
      continue;
    }
    const version = (latest?.version ?? 0) + 1;
    if (published)
      await db.policyVersion.update({ where: { id: published.id }, data: { status: 'retired' } });
    const row = await db.policyVersion.create({
      data: {
        policyId: document.id,
        version,
        status: 'published',
        document: JSON.parse(JSON.stringify(document)) as Prisma.InputJsonValue,
        checksum,
        publishedAt: now,
      },
    });
    installed.push({ id: document.id, version, versionId: row.id, created: true });
  }
  return installed;
}
