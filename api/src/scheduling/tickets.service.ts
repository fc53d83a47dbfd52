import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  DEFAULT_LEVEL_NAMES,
  SITTING_COMPONENT_LABELS,
  TICKET_QR_PATTERN,
  maskIdNumber,
  type IssueTicketsRequest,
  type IssueTicketsResult,
  type JobView,
  type PublishTicketsRequest,
  type PublishTicketsResult,
  type RenderTicketsRequest,
  type TicketSittingView,
  type TicketVerification,
  type TicketView,
} from '@exam/contracts';
import { AccessService } from '../access/access.service.js';
import { hasRole, type Actor, type RequestOrigin } from '../access/actor.js';
import { AuditService } from '../audit/audit.service.js';
import { SETTINGS, type Settings } from '../bootstrap/settings.js';
import { Clock } from '../common/clock.js';
import { Conflict, NotFound, OutOfScope, ValidationFailed } from '../common/domain-errors.js';
import { DocumentsService } from '../documents/documents.service.js';
import { FileStore } from '../files/file-store.js';
import { JobsService } from '../jobs/jobs.service.js';
import type { AdmissionTicketData } from './admission-ticket-document.js';
import { renderTicketBatch, ticketChunkFileName, TicketZipWriter } from './ticket-rendering.js';
import { TicketsRepository, type TicketAssignmentRow, type TicketRow } from './tickets.repository.js';

/** 6-digit sequence after the batch code. */
const SEQUENCE_DIGITS = 6;
const MAX_TICKET_NUMBER = 32;

/**
 * 准考证: issued to every approved, seated application of a batch (numbers in seat order), published for the
 * candidates, rendered singly or as a ZIP of chunk PDFs (a job), and verified from the QR code by the
 * invigilator. The QR code is `EXAMTICKET:<ticketNumber>:<first 16 hex of HMAC-SHA256(ticketNumber, secret)>`.
 */
@Injectable()
export class TicketsService {
  private readonly logger = new Logger('Tickets');
  private readonly secret: string;

  constructor(
    private readonly repository: TicketsRepository,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly documents: DocumentsService,
    private readonly files: FileStore,
    private readonly jobs: JobsService,
    @Inject(SETTINGS) settings: Settings,
    @Inject(Clock) private readonly clock: Clock,
  ) {
    this.secret = settings.ticketSecret ?? this.installationSecret(settings.filesDir);
  }

  /**
   * Without EXAM_TICKET_SECRET, a secret generated once per installation and kept (mode 600) beside the
   * stored files, so QR codes printed before a restart still verify. Processes that share no files folder
   * must be given EXAM_TICKET_SECRET.
   */
  private installationSecret(filesDir: string): string {
    const path = join(filesDir, '.ticket-secret');
    try {
      const existing = readFileSync(path, 'utf8').trim();
      if (existing.length >= 32) return existing;
    } catch {
      // not there yet
    }
    mkdirSync(filesDir, { recursive: true });
    const secret = randomBytes(32).toString('hex');
    try {
      writeFileSync(path, secret, { mode: 0o600, flag: 'wx' });
      this.logger.warn(
        `EXAM_TICKET_SECRET 未设置：已生成本机准考证二维码密钥（${path}）；多台服务器时请设置该环境变量`,
      );
      return secret;
    } catch {
      // another process wrote it first
      return readFileSync(path, 'utf8').trim();
    }
  }

  /** First 16 hex characters of HMAC-SHA256(ticketNumber, secret). */
  sign(ticketNumber: string): string {
    return createHmac('sha256', this.secret).update(ticketNumber).digest('hex').slice(0, 16);
  }

  qrPayload(ticketNumber: string): string {
    return `EXAMTICKET:${ticketNumber}:${this.sign(ticketNumber)}`;
  }

  private async officeBatch(actor: Actor, batchId: string) {
    const batch = await this.repository.batch(batchId);
    if (!batch) throw new NotFound('没有找到该批次');
    await this.access.assertRegion(actor, batch.regionId, ['exam_office']);
    return batch;
  }

  /**
   * Issues a ticket to every approved application that has a live seat and no ticket yet. Numbers are the
   * batch code and a 6-digit sequence continuing the batch's highest, given in this order: the application's
   * first sitting (earliest start, then sitting id), that sitting's room (fill order), the seat (row, column),
   * then the application number — so a room's candidates get consecutive numbers in seat order.
   */
  async issue(
    actor: Actor,
    origin: RequestOrigin,
    batchId: string,
    input: IssueTicketsRequest,
  ): Promise<IssueTicketsResult> {
    const batch = await this.officeBatch(actor, batchId);
    if (batch.code.length + SEQUENCE_DIGITS > MAX_TICKET_NUMBER)
      throw new ValidationFailed(
        `批次代码「${batch.code}」过长，无法生成准考证号（最多 ${MAX_TICKET_NUMBER - SEQUENCE_DIGITS} 个字符）`,
      );
    const now = this.clock.now();
    return this.repository.transaction(async (tx) => {
      await this.repository.lockBatch(tx, batchId);
      const applications = await this.repository.approvedForIssue(tx, batchId);
      const withoutSeat = applications
        .filter((a) => a.seatAssignments.length === 0)
        .map((a) => a.number)
        .sort();
      const seated = applications.filter((a) => a.seatAssignments.length > 0);
      const alreadyIssued = seated.filter((a) => a.ticket).length;
      const toIssue = seated
        .filter((a) => !a.ticket)
        .map((a) => ({ a, first: a.seatAssignments[0]! }))
        .sort(
          (x, y) =>
            x.first.sitting.startsAt.getTime() - y.first.sitting.startsAt.getTime() ||
            cmp(x.first.sittingId, y.first.sittingId) ||
            x.first.sittingRoom.position - y.first.sittingRoom.position ||
            cmp(x.first.roomId, y.first.roomId) ||
            x.first.seat.row - y.first.seat.row ||
            x.first.seat.column - y.first.seat.column ||
            cmp(x.a.number, y.a.number),
        );
      const prefix = batch.code;
      let sequence = 0;
      for (const { ticketNumber } of await this.repository.ticketNumbers(tx, batchId)) {
        const tail = ticketNumber.startsWith(prefix) ? Number(ticketNumber.slice(prefix.length)) : NaN;
        if (Number.isInteger(tail)) sequence = Math.max(sequence, tail);
      }
      if (sequence + toIssue.length >= 10 ** SEQUENCE_DIGITS)
        throw new Conflict('本批次准考证号已用尽（6 位序号）');
      const rows = toIssue.map(({ a }) => ({
        applicationId: a.id,
        batchId,
        ticketNumber: `${prefix}${String(++sequence).padStart(SEQUENCE_DIGITS, '0')}`,
        createdAt: now,
      }));
      if (rows.length > 0) await this.repository.createTickets(tx, rows);
      const result: IssueTicketsResult = { issued: rows.length, alreadyIssued, withoutSeat };
      await this.audit.record(
        actor,
        origin,
        {
          category: 'data_change',
          action: 'ticket.issue',
          entityType: 'batch',
          entityId: batchId,
          reason: input.reason,
          details: {
            issued: rows.length,
            alreadyIssued,
            withoutSeat,
            first: rows[0]?.ticketNumber ?? null,
            last: rows.at(-1)?.ticketNumber ?? null,
          },
        },
        tx,
      );
      return result;
    });
  }

  /** Publishes every issued ticket of the batch: from now on the candidates see and download them. */
  async publish(
    actor: Actor,
    origin: RequestOrigin,
    batchId: string,
    input: PublishTicketsRequest,
  ): Promise<PublishTicketsResult> {
    await this.officeBatch(actor, batchId);
    const now = this.clock.now();
    return this.repository.transaction(async (tx) => {
      await this.repository.lockBatch(tx, batchId);
      const total = await this.repository.countInBatch(tx, batchId);
      if (total === 0) throw new Conflict('本批次还没有签发准考证，请先签发');
      const { count } = await this.repository.publish(tx, batchId, now);
      await this.audit.record(
        actor,
        origin,
        {
          category: 'data_change',
          action: 'ticket.publish',
          entityType: 'batch',
          entityId: batchId,
          reason: input.reason,
          details: { published: count, alreadyPublished: total - count, at: now.toISOString() },
        },
        tx,
      );
      return { published: count, alreadyPublished: total - count };
    });
  }

  /** Every ticket of a batch (published or not), for the exam office of its region; ID numbers masked. */
  async ofBatch(actor: Actor, batchId: string): Promise<TicketView[]> {
    await this.officeBatch(actor, batchId);
    return (await this.repository.ofBatch(batchId)).map(toView);
  }

  /** The candidate's published tickets, with every live sitting. */
  async mine(actor: Actor): Promise<TicketView[]> {
    if (!actor.personId) return [];
    return (await this.repository.publishedOf(actor.personId)).map(toView);
  }

  /** A ticket as PDF: the candidate's own once published; the exam office of the region at any time. */
  async pdf(actor: Actor, origin: RequestOrigin, id: string): Promise<{ bytes: Buffer; fileName: string }> {
    const row = await this.repository.ticket(id);
    if (!row) throw new NotFound('没有找到该准考证');
    const own = actor.personId !== null && actor.personId === row.application.personId;
    const staff = !own && (await this.managesRegion(actor, row.batch.regionId));
    if (!own && !staff) {
      if (hasRole(actor, 'admin', 'exam_office')) throw new OutOfScope('该准考证不在您的管理范围内');
      throw new NotFound('没有找到该准考证');
    }
    if (!staff && !row.publishedAt) throw new NotFound('准考证尚未发布，请等待考务机构发布后下载');
    const bytes = await this.documents.renderLayout('admission-tickets', [await this.ticketData(row)]);
    if (staff)
      await this.audit.record(actor, origin, {
        category: 'access',
        action: 'ticket.pdf',
        entityType: 'admission_ticket',
        entityId: row.id,
        details: { ticketNumber: row.ticketNumber },
      });
    return { bytes, fileName: `准考证-${row.ticketNumber}.pdf` };
  }

  /** Renders the batch's tickets (or one room's) into a ZIP of chunk PDFs, as a job with progress. */
  async render(
    actor: Actor,
    origin: RequestOrigin,
    batchId: string,
    input: RenderTicketsRequest,
  ): Promise<JobView> {
    const batch = await this.officeBatch(actor, batchId);
    const room = input.roomId ? await this.repository.room(input.roomId) : null;
    if (input.roomId && !room)
      throw new ValidationFailed('没有找到该考场', [{ path: 'roomId', message: '考场不存在' }]);
    const list = await this.repository.ticketIdsForRendering(batchId, input.roomId);
    if (list.length === 0)
      throw new Conflict(
        room ? `考场「${room.name}」没有已签发的准考证` : '本批次还没有签发准考证，请先签发',
      );
    const ids = list.map((t) => t.id);
    // chunks end at room boundaries (the room of each ticket's first sitting; consecutive by numbering)
    const groupSizes: number[] = [];
    let previous: string | undefined | null = null;
    for (const t of list) {
      const roomId = t.application.seatAssignments[0]?.roomId;
      if (groupSizes.length > 0 && roomId === previous) groupSizes[groupSizes.length - 1]!++;
      else groupSizes.push(1);
      previous = roomId;
    }
    await this.audit.record(actor, origin, {
      category: 'access',
      action: 'ticket.export',
      entityType: 'batch',
      entityId: batchId,
      reason: input.reason,
      details: { tickets: ids.length, roomId: input.roomId ?? null },
    });
    const fileName = `准考证-${batch.code}${room ? `-${room.name}` : ''}.zip`;
    return this.jobs.start(actor, 'tickets.pdf', ids.length, async (job) => {
      // written straight into the files folder and moved into the store by the job: never in memory
      const path = await this.files.tempPath('tickets.zip');
      try {
        const zip = await TicketZipWriter.create(path);
        let lastReport = 0;
        const result = await renderTicketBatch(
          {
            total: ids.length,
            load: async (offset, limit) => {
              const rows = await this.repository.ticketsByIds(ids.slice(offset, offset + limit));
              return Promise.all(rows.map((r) => this.ticketData(r)));
            },
          },
          {
            render: (tickets) => this.documents.renderLayoutBulk('admission-tickets', tickets),
            sink: (chunk, pdf) => zip.add(ticketChunkFileName(chunk), pdf),
            groupSizes,
            concurrency: this.documents.bulkConcurrency,
            onProgress: (p) => {
              const now = Date.now();
              if (p.done === p.total || now - lastReport > 500) {
                lastReport = now;
                void job
                  .progress(p.done, p.total, `已生成 ${p.chunksDone}/${p.chunks} 个文件`)
                  .catch(() => undefined);
              }
            },
          },
        ).catch(async (error: unknown) => {
          await zip.close().catch(() => undefined);
          throw error;
        });
        await zip.close();
        await job.progress(ids.length, ids.length, `已生成 ${result.chunks.length} 个文件`);
        return {
          result: { tickets: result.tickets, files: result.chunks.length },
          file: { path, name: fileName },
        };
      } catch (error) {
        await rm(path, { force: true });
        throw error;
      }
    });
  }

  /**
   * Checks a scanned QR code and finds the candidate's seat for the sitting happening now or next. A forged
   * or altered code is refused (400) and audited; an invigilator sees only seats in rooms they watch.
   */
  async verify(actor: Actor, origin: RequestOrigin, code: string): Promise<TicketVerification> {
    const match = TICKET_QR_PATTERN.exec(code.trim());
    const ticketNumber = match?.[1];
    const valid =
      match !== null &&
      ticketNumber !== undefined &&
      timingSafeEqual(Buffer.from(this.sign(ticketNumber)), Buffer.from(match[2]!));
    const row = valid ? await this.repository.byNumber(ticketNumber) : null;
    if (!row) {
      await this.audit.record(actor, origin, {
        category: 'access',
        action: 'ticket.verify_failed',
        entityType: 'admission_ticket',
        details: { code: code.slice(0, 120), signature: valid ? 'valid_but_unknown' : 'invalid' },
      });
      throw new ValidationFailed('准考证二维码无效', [{ path: 'code', message: '二维码无效或已被篡改' }]);
    }
    const now = this.clock.now();
    const current = row.application.seatAssignments
      .filter((a) => a.sitting.status !== 'closed' && a.sitting.endsAt > now)
      .sort((x, y) => x.sitting.startsAt.getTime() - y.sitting.startsAt.getTime())[0];
    const manages = await this.managesRegion(actor, row.batch.regionId);
    if (!manages) {
      const watches =
        hasRole(actor, 'invigilator') &&
        current !== undefined &&
        (await this.repository.invigilates(actor.userId, current.sittingId, current.roomId));
      if (!watches) {
        await this.audit.record(actor, origin, {
          category: 'access',
          action: 'ticket.verify_refused',
          entityType: 'admission_ticket',
          entityId: row.id,
          details: { ticketNumber: row.ticketNumber },
        });
        throw new OutOfScope('该考生本场次不在您监考的考场');
      }
    }
    await this.audit.record(actor, origin, {
      category: 'access',
      action: 'ticket.verify',
      entityType: 'admission_ticket',
      entityId: row.id,
      details: { ticketNumber: row.ticketNumber, sittingId: current?.sittingId ?? null },
    });
    return {
      ticketNumber: row.ticketNumber,
      name: row.application.person.name,
      idNumberMasked: maskIdNumber(row.application.person.idNumber),
      occupationName: row.application.occupation.name,
      levelName: DEFAULT_LEVEL_NAMES[row.application.targetLevel],
      photoAvailable: row.application.materials.some((m) => isImage(m.format)),
      seat: current
        ? { ...sittingView(current), when: current.sitting.startsAt <= now ? 'now' : 'next' }
        : null,
    };
  }

  private async ticketData(row: TicketRow): Promise<AdmissionTicketData> {
    const a = row.application;
    const photo = a.materials.find((m) => isImage(m.format));
    return {
      ticketNumber: row.ticketNumber,
      name: a.person.name,
      idNumber: a.person.idNumber,
      sex: a.person.sex,
      photo: photo ? new Uint8Array(await this.files.read(photo.sha256)) : null,
      unitName: a.person.organisation.name,
      occupationName: a.occupation.name,
      levelName: DEFAULT_LEVEL_NAMES[a.targetLevel],
      regionName: row.batch.region.name,
      batchTitle: row.batch.name,
      sittings: a.seatAssignments.map((s) => ({
        componentName: SITTING_COMPONENT_LABELS[s.sitting.component],
        subject: s.sitting.subject ?? s.sitting.name,
        startsAt: s.sitting.startsAt,
        endsAt: s.sitting.endsAt,
        venueName: s.sittingRoom.room.venue.name,
        roomName: s.sittingRoom.room.name,
        seatLabel: s.seat.label,
        machineId: s.seat.machineId,
      })),
      qrPayload: this.qrPayload(row.ticketNumber),
    };
  }

  private managesRegion(actor: Actor, regionId: string): Promise<boolean> {
    return this.access.assertRegion(actor, regionId, ['exam_office']).then(
      () => true,
      () => false,
    );
  }
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const isImage = (format: string) => ['jpg', 'jpeg', 'png'].includes(format.toLowerCase());

function sittingView(s: TicketAssignmentRow): TicketSittingView {
  return {
    sittingId: s.sitting.id,
    component: s.sitting.component,
    componentName: SITTING_COMPONENT_LABELS[s.sitting.component],
    subject: s.sitting.subject,
    sittingName: s.sitting.name,
    startsAt: s.sitting.startsAt.toISOString(),
    endsAt: s.sitting.endsAt.toISOString(),
    venueName: s.sittingRoom.room.venue.name,
    roomId: s.sittingRoom.room.id,
    roomName: s.sittingRoom.room.name,
    seatLabel: s.seat.label,
    machineId: s.seat.machineId,
  };
}

function toView(row: TicketRow): TicketView {
  const a = row.application;
  return {
    id: row.id,
    ticketNumber: row.ticketNumber,
    applicationNumber: a.number,
    batchId: row.batch.id,
    batchName: row.batch.name,
    name: a.person.name,
    idNumberMasked: maskIdNumber(a.person.idNumber),
    occupationName: a.occupation.name,
    levelName: DEFAULT_LEVEL_NAMES[a.targetLevel],
    publishedAt: row.publishedAt?.toISOString() ?? null,
    sittings: a.seatAssignments.map(sittingView),
  };
}
