import { createHash, randomUUID } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import type {
  BankItem,
  BankProblem,
  BankSourceKind,
  BankSummary,
  BankValidationReport,
} from '@exam/contracts';
import type { Prisma } from '@exam/db';
import { detectBankInput, loadBank, sortProblems, summarize, type LoadedBank } from '@exam/question-banks';
import type { Actor, RequestOrigin } from '../access/actor.js';
import { AuditService } from '../audit/audit.service.js';
import { Clock } from '../common/clock.js';
import { ValidationFailed } from '../common/domain-errors.js';
import {
  BankImportRepository,
  type ItemUpdate,
  type StoredItem,
  type VersionMetadata,
} from './bank-import.repository.js';

/** What the import may be told besides the path. */
export interface BankImportCommand {
  /** A bank folder, an .xlsx template or a folder of QTI 2.x items (as `exam bank validate` takes). */
  path: string;
  /** Why (at least 2 characters); kept on the import and in the audit log. */
  reason: string;
  /**
   * The occupation code. Required for QTI, which does not say; for a bank folder or spreadsheet it must
   * agree with the code the input carries.
   */
  occupation?: string | null;
  /** Who imports: a username, or 'cli' (the default). */
  importedBy?: string;
  actor?: Actor | null;
  origin?: RequestOrigin;
  /** When nothing would change, write nothing at all (no import record, no audit entry): the demo seed. */
  skipWhenUnchanged?: boolean;
}

export interface BankImportCounts {
  /** items in the input */
  itemsTotal: number;
  /** new items (version 1) */
  created: number;
  /** existing items whose content changed (a new version each) */
  newVersions: number;
  /** existing items whose content is the same as their latest version */
  unchanged: number;
  /** of the unchanged: metadata (levels, topic, difficulty, source, explanation) updated in place */
  metadataUpdated: number;
  /** items of the bank missing from the input, retired by this import */
  retired: number;
  /** retired items that reappeared in the input (counted in newVersions or unchanged as well) */
  restored: number;
}

export interface BankImportResult extends BankImportCounts {
  /** the BankImport row; null when nothing changed and `skipWhenUnchanged` asked for no record */
  importId: string | null;
  kind: BankSourceKind;
  source: string;
  bank: { id: string; occupationCode: string; occupationName: string; name: string; created: boolean };
  /** items of the bank that are not retired after the import */
  activeItems: number;
  summary: BankSummary;
}

export type BankImportOutcome =
  { imported: true; result: BankImportResult } | { imported: false; report: BankValidationReport };

/** The import was refused before anything was written; `field` names what to fix (occupation, reason). */
export class BankImportRefused extends ValidationFailed {
  constructor(
    readonly field: 'occupation' | 'reason',
    message: string,
  ) {
    super(message, [{ path: field, message }]);
  }
}

/** The occupation code is in no region's catalogue (Occupation table). */
export class UnknownOccupation extends BankImportRefused {
  constructor(readonly occupationCode: string) {
    super(
      'occupation',
      `工种代码 ${occupationCode} 不在任何地区的工种目录中，不能导入（请先在工种目录中添加该工种，或核对代码）`,
    );
  }
}

const EXTERNAL_ID_MAX = 64;

/** The part of an item stored as a version's content and metadata. */
function versionContent(item: BankItem) {
  return {
    type: item.type,
    stem: item.stem,
    options: 'options' in item ? (item.options as unknown as Prisma.InputJsonValue) : undefined,
    key: item.key as Prisma.InputJsonValue,
    rubric: item.type === 'short_answer' ? (item.rubric as unknown as Prisma.InputJsonValue) : undefined,
    pointsTenths: item.pointsTenths,
    contentHash: item.contentHash,
    imageSha256: item.image?.sha256 ?? null,
  };
}

function metadataOf(item: BankItem) {
  return {
    levels: [...item.levels],
    topic: item.topic,
    difficulty: item.difficulty,
    source: item.source,
    explanation: item.explanation,
  };
}

function sameMetadata(stored: StoredItem, item: BankItem): boolean {
  return (
    stored.topic === item.topic &&
    stored.difficulty === item.difficulty &&
    stored.source === item.source &&
    (stored.explanation ?? null) === (item.explanation ?? null) &&
    stored.levels.length === item.levels.length &&
    stored.levels.every((l, i) => l === item.levels[i])
  );
}

/** The folder an input's image paths are relative to. */
function imageRoot(kind: BankSourceKind, path: string): string {
  if (kind === 'yaml') return resolve(detectBankInput(path).path);
  if (kind === 'xlsx') return resolve(dirname(path));
  return resolve(statSync(path).isDirectory() ? path : dirname(path));
}

/**
 * `exam bank import`: a bank input, validated first, written in one transaction — new items get version 1,
 * items whose content hash changed get a new version, metadata-only changes update the latest version in
 * place, items missing from the input are retired (never deleted), reappearing ones come back. Records a
 * BankImport row and an audit entry (data_change, bank.import). See question-banks/FORMAT.md 「Versions」.
 */
@Injectable()
export class BankImportService {
  constructor(
    private readonly repository: BankImportRepository,
    private readonly audit: AuditService,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async import(command: BankImportCommand): Promise<BankImportOutcome> {
    const reason = command.reason?.trim() ?? '';
    if (reason.length < 2) throw new BankImportRefused('reason', '请填写导入理由（至少 2 个字）');

    // 1. Read and check everything; any problem means nothing is written.
    const bank = await loadBank(command.path);
    const problems: BankProblem[] = [...bank.problems];
    for (const { item, at } of bank.items)
      if (item.id.length > EXTERNAL_ID_MAX)
        problems.push({ ...at, itemId: item.id, message: `题号超过 ${EXTERNAL_ID_MAX} 个字符，无法导入` });
    if (problems.length)
      return {
        imported: false,
        report: {
          valid: false,
          path: command.path,
          summary: summarize(bank),
          problems: sortProblems(problems),
        },
      };

    const occupationCode = this.occupationCode(bank, command.occupation);
    const occupationName = await this.repository.occupationName(occupationCode);
    if (occupationName === null) throw new UnknownOccupation(occupationCode);
    const images = this.readImages(bank);
    const now = this.clock.now();
    const importedBy = command.importedBy ?? command.actor?.username ?? 'cli';

    // 2. One transaction.
    const result = await this.repository.transaction(async (tx) => {
      await this.repository.lockBank(tx, occupationCode);
      const found = await this.repository.findBank(tx, occupationCode);
      const bankId = found?.id ?? randomUUID();
      const bankName = bank.name ?? occupationName;
      const bankChanged = !found || found.name !== bankName || found.occupationName !== occupationName;
      const storedItems = new Map(
        (found ? await this.repository.storedItems(tx, bankId) : []).map((s) => [s.externalId, s]),
      );

      const importId = randomUUID();
      const newItems: Prisma.BankItemCreateManyInput[] = [];
      const newVersions: Prisma.BankItemVersionCreateManyInput[] = [];
      const itemUpdates: ItemUpdate[] = [];
      const metadataUpdates: VersionMetadata[] = [];
      const counts: BankImportCounts = {
        itemsTotal: bank.items.length,
        created: 0,
        newVersions: 0,
        unchanged: 0,
        metadataUpdated: 0,
        retired: 0,
        restored: 0,
      };
      const seen = new Set<string>();
      for (const { item } of bank.items) {
        seen.add(item.id);
        const existing = storedItems.get(item.id);
        if (!existing) {
          const id = randomUUID();
          newItems.push({
            id,
            bankId,
            externalId: item.id,
            subject: item.subject,
            latestVersion: 1,
            createdAt: now,
          });
          newVersions.push({
            itemId: id,
            version: 1,
            importId,
            createdAt: now,
            ...versionContent(item),
            ...metadataOf(item),
          });
          counts.created++;
          continue;
        }
        const restored = existing.retiredAt !== null;
        if (restored) counts.restored++;
        if (existing.contentHash !== item.contentHash) {
          const version = existing.latestVersion + 1;
          newVersions.push({
            itemId: existing.id,
            version,
            importId,
            createdAt: now,
            ...versionContent(item),
            ...metadataOf(item),
          });
          itemUpdates.push({ id: existing.id, latestVersion: version, subject: item.subject });
          counts.newVersions++;
          continue;
        }
        counts.unchanged++;
        if (restored || existing.subject !== item.subject)
          itemUpdates.push({ id: existing.id, latestVersion: existing.latestVersion, subject: item.subject });
        if (!sameMetadata(existing, item)) {
          metadataUpdates.push({ versionId: existing.versionId, ...metadataOf(item) });
          counts.metadataUpdated++;
        }
      }
      const retire = [...storedItems.values()]
        .filter((s) => !seen.has(s.externalId) && s.retiredAt === null)
        .map((s) => s.id);
      counts.retired = retire.length;
      const bankInfo = { id: bankId, occupationCode, occupationName, name: bankName, created: !found };

      const nothingChanged =
        !bankChanged &&
        !newItems.length &&
        !newVersions.length &&
        !itemUpdates.length &&
        !metadataUpdates.length &&
        !retire.length;
      if (nothingChanged && command.skipWhenUnchanged)
        return {
          ...counts,
          importId: null,
          kind: bank.kind,
          source: command.path,
          bank: bankInfo,
          activeItems: counts.itemsTotal,
          summary: summarize(bank),
        } satisfies BankImportResult;

      if (bankChanged)
        await this.repository.saveBank(tx, { id: bankId, occupationCode, occupationName, name: bankName });

      const known = await this.repository.storedImages(tx, [...images.keys()]);
      await this.repository.insertImages(
        tx,
        [...images.entries()]
          .filter(([sha256]) => !known.has(sha256))
          .map(([sha256, image]) => ({
            sha256,
            mediaType: image.mediaType,
            bytes: image.bytes,
            createdAt: now,
          })),
      );
      await this.repository.createImport(tx, {
        id: importId,
        bankId,
        kind: bank.kind,
        source: command.path,
        itemsTotal: counts.itemsTotal,
        created: counts.created,
        newVersions: counts.newVersions,
        unchanged: counts.unchanged,
        retired: counts.retired,
        importedBy,
        reason,
        createdAt: now,
      });
      await this.repository.insertItems(tx, newItems);
      await this.repository.updateItems(tx, itemUpdates);
      await this.repository.insertVersions(tx, newVersions);
      await this.repository.updateVersionMetadata(tx, metadataUpdates);
      await this.repository.retireItems(tx, retire, now);

      await this.audit.record(
        command.actor ?? null,
        command.origin ?? { ip: 'cli', userAgent: 'exam-cli' },
        {
          category: 'data_change',
          action: 'bank.import',
          entityType: 'QuestionBank',
          entityId: bankId,
          reason,
          details: { importId, occupationCode, kind: bank.kind, source: command.path, importedBy, ...counts },
        },
        tx,
      );
      const activeItems = await this.repository.activeItemCount(tx, bankId);
      return {
        ...counts,
        importId,
        kind: bank.kind,
        source: command.path,
        bank: bankInfo,
        activeItems,
        summary: summarize(bank),
      } satisfies BankImportResult;
    });
    return { imported: true, result };
  }

  /** The code the input carries, checked against the one given; QTI carries none, so it must be given. */
  private occupationCode(bank: LoadedBank, given: string | null | undefined): string {
    const option = given?.trim().toUpperCase() || null;
    if (option !== null && !/^[A-Z]{2}\d{2}$/.test(option))
      throw new BankImportRefused(
        'occupation',
        `工种代码 ${option} 格式不对，应为两个大写字母加两位数字（如 JD02）`,
      );
    if (bank.occupation && option && bank.occupation !== option)
      throw new BankImportRefused(
        'occupation',
        `指定的工种代码 ${option} 与题库中的工种代码 ${bank.occupation} 不一致`,
      );
    const code = bank.occupation ?? option;
    if (!code)
      throw new BankImportRefused(
        'occupation',
        '该输入（如 QTI 文件夹）未注明工种，请用 --occupation 指定工种代码',
      );
    return code;
  }

  /** The bytes of every picture the items use, by sha256 (checked against what validation saw). */
  private readImages(bank: LoadedBank): Map<string, { mediaType: string; bytes: Uint8Array<ArrayBuffer> }> {
    const images = new Map<string, { mediaType: string; bytes: Uint8Array<ArrayBuffer> }>();
    const root = imageRoot(bank.kind, bank.path);
    for (const { item } of bank.items) {
      const image = item.image;
      if (!image || images.has(image.sha256)) continue;
      const bytes = readFileSync(resolve(root, image.path));
      if (createHash('sha256').update(bytes).digest('hex') !== image.sha256)
        throw new Error(`图片 ${image.path} 在导入过程中被修改，请重新导入`);
      images.set(image.sha256, { mediaType: image.mediaType, bytes: new Uint8Array(bytes) });
    }
    return images;
  }
}
