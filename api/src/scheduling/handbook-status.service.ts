import { Inject, Injectable } from '@nestjs/common';
import {
  HANDBOOK_STATE_LABELS,
  type BatchHandbookSummary,
  type HandbookDeadlineView,
  type HandbookState,
  type HandbookVersionView,
} from '@exam/contracts';
import { CalendarService } from '../calendar/calendar.service.js';
import { CalendarNotCovered } from '../calendar/working-days.js';
import { Clock } from '../common/clock.js';
import { DomainError } from '../common/domain-errors.js';
import { toDay } from '../common/iso.js';
import type { Db } from '../database/prisma.js';
import { PoliciesService } from '../policies/policies.service.js';
import {
  deadlineMessage,
  deadlineState,
  handbookDeadline,
  leadTimeView,
  type LeadTime,
} from './handbook-deadline.js';
import { fingerprint, planChanges, type PlanFingerprint, type PlanSitting } from './handbook-plan.js';
import { HandbookRepository, type HandbookBatchRow, type HandbookRow } from './handbook.repository.js';

export interface HandbookEvaluation {
  plan: PlanSitting[];
  fingerprint: PlanFingerprint;
  latest: HandbookRow | null;
  state: HandbookState;
  /** what changed since the latest version (outdated only) */
  changes: string[];
}

/**
 * Whether a batch's 考务手册 is published and still matches the plan, and when it is due. Shared by the
 * handbook routes, opening a sitting and the batch overview.
 */
@Injectable()
export class HandbookStatusService {
  constructor(
    private readonly repository: HandbookRepository,
    private readonly policies: PoliciesService,
    private readonly calendar: CalendarService,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  /** The plan now against the latest version (inside `db`'s transaction when given). */
  async evaluate(batchId: string, db?: Db): Promise<HandbookEvaluation> {
    const plan = await this.repository.plan(batchId, db);
    const print = fingerprint(plan);
    const latest = await this.repository.latest(batchId, db);
    if (!latest) return { plan, fingerprint: print, latest, state: 'none', changes: [] };
    if (latest.planHash === print.planHash)
      return { plan, fingerprint: print, latest, state: 'current', changes: [] };
    const published = latest.sittingHashes as Record<string, string>;
    const gone = Object.keys(published).filter((id) => !plan.some((s) => s.id === id));
    const names = Object.fromEntries(
      (await this.repository.sittingNames(gone)).map((s) => [s.id, s.name] as const),
    );
    const changes = planChanges(published, names, plan);
    return {
      plan,
      fingerprint: print,
      latest,
      state: 'outdated',
      changes: changes.length ? changes : ['考务安排有变更'],
    };
  }

  async leadTime(batch: HandbookBatchRow): Promise<LeadTime & { cite: string }> {
    return (await this.policies.load(batch.policyVersionId)).document.handbookLeadTime;
  }

  /**
   * The deadline for an exam whose first sitting starts at `firstStart`; throws CalendarNotCovered (422)
   * when a working-day count reaches a year the calendar does not cover.
   */
  async deadline(batch: HandbookBatchRow, firstStart: Date | null): Promise<string | null> {
    if (!firstStart) return null;
    const lead = await this.leadTime(batch);
    return handbookDeadline(lead, firstStart, await this.calendar.calendar());
  }

  async deadlineView(
    batch: HandbookBatchRow,
    firstStart: Date | null,
    state: HandbookState,
  ): Promise<HandbookDeadlineView> {
    const lead = await this.leadTime(batch);
    const view = leadTimeView(lead);
    const deadline = await this.deadline(batch, firstStart);
    if (!deadline)
      return {
        leadTime: view,
        firstSittingAt: null,
        deadline: null,
        daysLeft: null,
        warning: 'none',
        message: `按政策须于${view.text}发布考务手册；本批次尚未安排场次。`,
      };
    const s = deadlineState(deadline, this.clock.now(), state === 'current');
    return {
      leadTime: view,
      firstSittingAt: firstStart!.toISOString(),
      deadline,
      daysLeft: s.daysLeft,
      warning: s.warning,
      message: deadlineMessage(lead, deadline, s, state),
    };
  }

  /** The handbook line of the batch overview; never throws for an uncovered calendar year (says so). */
  async summary(batchId: string): Promise<BatchHandbookSummary | null> {
    const batch = await this.repository.batch(batchId);
    if (!batch) return null;
    const evaluation = await this.evaluate(batchId);
    const base = { state: evaluation.state, latestVersion: evaluation.latest?.version ?? null };
    try {
      const d = await this.deadlineView(batch, evaluation.plan[0]?.startsAt ?? null, evaluation.state);
      return { ...base, deadline: d.deadline, daysLeft: d.daysLeft, warning: d.warning, message: d.message };
    } catch (error) {
      // an uncovered calendar year (or an unreadable policy) must not break the batch overview
      if (!(error instanceof CalendarNotCovered) && !(error instanceof DomainError)) throw error;
      return { ...base, deadline: null, daysLeft: null, warning: 'none', message: error.message };
    }
  }

  async versionViews(rows: HandbookRow[]): Promise<HandbookVersionView[]> {
    const users = new Map(
      (await this.repository.users([...new Set(rows.map((r) => r.publishedByUserId))])).map(
        (u) => [u.id, u.displayName] as const,
      ),
    );
    return rows.map((r) => versionView(r, users.get(r.publishedByUserId) ?? null));
  }
}

export function versionView(r: HandbookRow, displayName: string | null): HandbookVersionView {
  return {
    id: r.id,
    version: r.version,
    publishedAt: r.publishedAt.toISOString(),
    publishedBy: { userId: r.publishedByUserId, displayName },
    reason: r.reason,
    fileName: r.fileName,
    sha256: r.fileSha256,
    pages: r.pages,
    sittingIds: r.sittingIds,
    summary: r.summary as HandbookVersionView['summary'],
    deadline: r.deadline ? toDay(r.deadline) : null,
    late: r.late,
  };
}

export const stateLabel = (state: HandbookState) => HANDBOOK_STATE_LABELS[state];
