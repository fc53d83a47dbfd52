import { Inject, Injectable } from '@nestjs/common';
import {
  BATCH_STATUS_LABELS,
  BATCH_TRANSITIONS,
  WINDOW_KIND_LABELS,
  WINDOW_STATE_LABELS,
  formatShanghai,
  policyDocumentSchema,
  type BatchDetailView,
  type BatchHandbookSummary,
  type BatchStatus,
  type BatchWindowInput,
  type BatchWindowView,
  type ChangeBatchStatusRequest,
  type CreateBatchRequest,
  type PolicyWindowKind,
  type ReplaceBatchWindowsRequest,
  type WindowState,
} from '@exam/contracts';
import { AccessService } from '../access/access.service.js';
import type { Actor, RequestOrigin } from '../access/actor.js';
import { AuditService } from '../audit/audit.service.js';
import { Clock } from '../common/clock.js';
import { Conflict, NotFound, ValidationFailed } from '../common/domain-errors.js';
import { HandbookStatusService } from '../scheduling/handbook-status.service.js';
import { BatchesRepository, type BatchRow, type WindowData } from './batches.repository.js';

const policyWindowsSchema = policyDocumentSchema.shape.windows;
const minute = 60_000;
const shown = (d: Date) => formatShanghai(d).slice(0, 16);

/**
 * A policy's Beijing wall-clock time as a UTC instant. A closing time of 23:59 is the notice's 「24时」: the
 * window closes at the end of that day (00:00 of the next), so the last minute is still inside; any other
 * closing time is taken as written (nantong's 17:00 closes at 17:00).
 */
export function beijingInstant(wallClock: string, closing = false): Date {
  const at = new Date(`${wallClock}:00+08:00`);
  return closing && wallClock.endsWith('T23:59') ? new Date(at.getTime() + minute) : at;
}

/** A window's state at `now` (opens inclusive, closes exclusive, as assertInWindow decides). */
export function windowState(w: { opensAt: Date; closesAt: Date }, now: Date): WindowState {
  if (now < w.opensAt) return 'upcoming';
  return now < w.closesAt ? 'current' : 'ended';
}

/**
 * 考核批次: created under a published policy version with the windows of the notice (or given ones), moved
 * draft → open → closed → archived, windows replaced as a whole. The office of the batch's region (and
 * admins) change batches; each change runs in one transaction with its audit entry and reason.
 */
@Injectable()
export class BatchesService {
  constructor(
    private readonly repository: BatchesRepository,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    @Inject(Clock) private readonly clock: Clock,
    private readonly handbook: HandbookStatusService,
  ) {}

  async create(actor: Actor, origin: RequestOrigin, input: CreateBatchRequest): Promise<BatchDetailView> {
    if (!(await this.repository.region(input.regionId)))
      throw new ValidationFailed(`没有找到地区「${input.regionId}」`, [
        { path: 'regionId', message: '地区不存在' },
      ]);
    await this.access.assertRegion(actor, input.regionId, ['exam_office']);

    const policy = await this.repository.policy(input.policyId);
    if (!policy)
      throw new ValidationFailed(`没有找到政策「${input.policyId}」`, [
        { path: 'policyId', message: '政策不存在' },
      ]);
    if (policy.regionId !== input.regionId)
      throw new ValidationFailed(
        `政策「${policy.id}」属于其他地区（${policy.regionId}），不能用于本地区的批次`,
        [{ path: 'policyId', message: '政策不属于该地区' }],
      );
    const version = await this.repository.policyVersion(policy.id, input.policyVersion);
    if (!version) {
      if (input.policyVersion === undefined) throw new Conflict(`政策「${policy.id}」还没有已发布的版本`);
      throw new ValidationFailed(`没有找到政策版本 ${policy.id}@${input.policyVersion}`, [
        { path: 'policyVersion', message: '政策版本不存在' },
      ]);
    }
    const ref = `${version.policyId}@${version.version}`;
    if (version.status !== 'published')
      throw new Conflict(
        `政策版本 ${ref} ${version.status === 'draft' ? '尚未发布（草稿）' : '已停用'}，批次只能使用已发布的政策版本`,
      );

    const windows = input.windows
      ? toWindowData(input.windows)
      : this.policyWindows(version.document, ref, input.round);

    const code = input.code;
    if (await this.repository.codeTaken(input.regionId, code))
      throw new Conflict(`本地区已有编号为「${code}」的批次`);
    const created = await this.repository
      .transaction(async (tx) => {
        const batch = await this.repository.create(tx, {
          regionId: input.regionId,
          policyVersionId: version.id,
          code,
          name: input.name,
          year: policy.year,
          windows,
        });
        await this.audit.record(
          actor,
          origin,
          {
            category: 'data_change',
            action: 'batch.create',
            entityType: 'batch',
            entityId: batch.id,
            reason: input.reason,
            details: {
              regionId: input.regionId,
              policy: ref,
              code,
              name: input.name,
              round: input.round ?? null,
              windowsFrom: input.windows ? 'request' : 'policy',
              windows: windows.map(windowJson),
            },
          },
          tx,
        );
        return batch;
      })
      .catch((error: unknown) => {
        if ((error as { code?: unknown }).code === 'P2002')
          throw new Conflict(`本地区已有编号为「${code}」的批次`);
        throw error;
      });
    return this.get(created.id);
  }

  /** The batch with its timeline and its 考务手册 line (published? outdated? deadline and warning). */
  async get(id: string): Promise<BatchDetailView & { handbook: BatchHandbookSummary | null }> {
    const row = await this.repository.find(id);
    if (!row) throw new NotFound('没有找到该批次');
    return { ...toDetail(row, this.clock.now()), handbook: await this.handbook.summary(id) };
  }

  /**
   * Replaces all windows. Refused on an archived batch; an open batch keeps a registration window; the
   * registration window must still contain every submission already made (it may not open after the first
   * or close before the last), and the exam window every live sitting.
   */
  async replaceWindows(actor: Actor, origin: RequestOrigin, id: string, input: ReplaceBatchWindowsRequest) {
    const windows = toWindowData(input.windows);
    await this.loadForChange(actor, id);
    await this.repository.transaction(async (tx) => {
      await this.repository.lockBatch(tx, id);
      const batch = await this.repository.find(id, tx);
      if (!batch) throw new NotFound('没有找到该批次');
      if (batch.status === 'archived') throw new Conflict('批次已归档，不能再修改时间段');
      const registration = windows.find((w) => w.kind === 'registration');
      if (batch.status === 'open' && !registration) throw new Conflict('批次正在进行中，不能取消报名时间段');

      const submitted = await this.repository.submissionSpan(tx, id);
      if (submitted.first && submitted.last) {
        const span = `${shown(submitted.first)} 至 ${shown(submitted.last)}`;
        if (!registration)
          throw new Conflict(`本批次已有 ${submitted.count} 份申报已提交（${span}），不能取消报名时间段`);
        if (registration.opensAt > submitted.first || registration.closesAt <= submitted.last)
          throw new Conflict(
            `报名时间段须包含已提交申报的时间（${span}，共 ${submitted.count} 份），不能缩短到其之内`,
          );
      }
      const sittings = await this.repository.liveSittings(tx, id);
      if (sittings.length > 0) {
        const exam = windows.find((w) => w.kind === 'exam');
        const outside = sittings.filter(
          (s) => !exam || s.startsAt < exam.opensAt || s.endsAt > exam.closesAt,
        );
        if (outside.length > 0)
          throw new Conflict(
            '已安排的场次将不在考试时间段内：' +
              outside
                .map((s) => `「${s.name}」（${shown(s.startsAt)}—${shown(s.endsAt).slice(11)}）`)
                .join('、'),
          );
      }
      await this.repository.replaceWindows(tx, id, windows);
      await this.audit.record(
        actor,
        origin,
        {
          category: 'data_change',
          action: 'batch.windows',
          entityType: 'batch',
          entityId: id,
          reason: input.reason,
          details: { before: batch.windows.map(windowJson), after: windows.map(windowJson) },
        },
        tx,
      );
    });
    return this.get(id);
  }

  /** draft → open → closed → archived, one step at a time; opening needs a registration window. */
  async changeStatus(actor: Actor, origin: RequestOrigin, id: string, input: ChangeBatchStatusRequest) {
    await this.loadForChange(actor, id);
    await this.repository.transaction(async (tx) => {
      await this.repository.lockBatch(tx, id);
      const batch = await this.repository.find(id, tx);
      if (!batch) throw new NotFound('没有找到该批次');
      const from = batch.status as BatchStatus;
      const to = input.status;
      if (from === to) throw new Conflict(`批次已经是「${BATCH_STATUS_LABELS[to]}」状态`);
      if (BATCH_TRANSITIONS[from] !== to) {
        const next = BATCH_TRANSITIONS[from];
        throw new Conflict(
          `批次状态不能从「${BATCH_STATUS_LABELS[from]}」改为「${BATCH_STATUS_LABELS[to]}」` +
            (next ? `（只能改为「${BATCH_STATUS_LABELS[next]}」）` : '（已归档的批次不能再改变状态）'),
        );
      }
      if (to === 'open' && !batch.windows.some((w) => w.kind === 'registration'))
        throw new Conflict('批次还没有报名时间段，请先设置报名时间，再开放批次');
      const { count } = await this.repository.setStatus(tx, id, from, to);
      if (count !== 1) throw new Conflict('批次状态已被他人修改，请刷新后重试');
      await this.audit.record(
        actor,
        origin,
        {
          category: 'decision',
          action: 'batch.status',
          entityType: 'batch',
          entityId: id,
          reason: input.reason,
          details: { from, to },
        },
        tx,
      );
    });
    return this.get(id);
  }

  private async loadForChange(actor: Actor, id: string): Promise<BatchRow> {
    const row = await this.repository.find(id);
    if (!row) throw new NotFound('没有找到该批次');
    await this.access.assertRegion(actor, row.regionId, ['exam_office']);
    return row;
  }

  /** The notice's windows (of `round`) as instants. */
  private policyWindows(document: unknown, ref: string, round: string | undefined): WindowData[] {
    const parsed = policyWindowsSchema.safeParse((document as { windows?: unknown } | null)?.windows);
    if (!parsed.success) throw new Conflict(`政策版本 ${ref} 的时间段无法读取`);
    const all = parsed.data;
    const rounds = [...new Set(all.map((w) => w.round).filter((r): r is string => r !== null))];
    let chosen = all;
    if (rounds.length > 0) {
      if (round === undefined)
        throw new ValidationFailed(`政策 ${ref} 分多个轮次（${rounds.join('、')}），请选择一个轮次`, [
          { path: 'round', message: `请选择轮次：${rounds.join('、')}` },
        ]);
      if (!rounds.includes(round))
        throw new ValidationFailed(`政策 ${ref} 没有「${round}」轮次（可选：${rounds.join('、')}）`, [
          { path: 'round', message: '没有该轮次' },
        ]);
      chosen = all.filter((w) => w.round === round || w.round === null);
    } else if (round !== undefined) {
      throw new ValidationFailed(`政策 ${ref} 不分轮次，没有「${round}」轮次`, [
        { path: 'round', message: '该政策不分轮次' },
      ]);
    }
    const seen = new Set<string>();
    return chosen.map((w) => {
      const label = WINDOW_KIND_LABELS[w.kind];
      if (seen.has(w.kind)) throw new Conflict(`政策 ${ref} 的${label}时间段不止一个，请在请求中给出时间段`);
      seen.add(w.kind);
      const opensAt = beijingInstant(w.opens);
      const closesAt = beijingInstant(w.closes, true);
      if (closesAt <= opensAt)
        throw new Conflict(`政策 ${ref} 的${label}时间段截止早于开始，请在请求中给出时间段`);
      return { kind: w.kind, opensAt, closesAt };
    });
  }
}

function toWindowData(windows: BatchWindowInput[]): WindowData[] {
  return windows.map((w) => ({ kind: w.kind, opensAt: new Date(w.opensAt), closesAt: new Date(w.closesAt) }));
}

function windowJson(w: { kind: string; opensAt: Date; closesAt: Date }) {
  return { kind: w.kind, opensAt: w.opensAt.toISOString(), closesAt: w.closesAt.toISOString() };
}

export function toDetail(row: BatchRow, now: Date): BatchDetailView {
  const timeline: BatchWindowView[] = [...row.windows]
    .sort(
      (a, b) =>
        a.opensAt.getTime() - b.opensAt.getTime() ||
        a.closesAt.getTime() - b.closesAt.getTime() ||
        a.kind.localeCompare(b.kind),
    )
    .map((w) => {
      const state = windowState(w, now);
      return {
        kind: w.kind,
        label: WINDOW_KIND_LABELS[w.kind],
        opensAt: w.opensAt.toISOString(),
        closesAt: w.closesAt.toISOString(),
        state,
        stateLabel: WINDOW_STATE_LABELS[state],
      };
    });
  const v = row.policyVersion;
  return {
    id: row.id,
    regionId: row.regionId,
    code: row.code,
    name: row.name,
    year: row.year,
    status: row.status,
    statusLabel: BATCH_STATUS_LABELS[row.status],
    createdAt: row.createdAt.toISOString(),
    policy: {
      id: v.policyId,
      version: v.version,
      ref: `${v.policyId}@${v.version}`,
      title: v.policy.title,
      status: v.status,
    },
    now: now.toISOString(),
    timeline,
    current: timeline.filter((w) => w.state === 'current').map((w) => w.kind as PolicyWindowKind),
  };
}
