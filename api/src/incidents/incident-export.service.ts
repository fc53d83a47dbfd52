import { Inject, Injectable } from '@nestjs/common';
import type { Actor, RequestOrigin } from '../access/actor.js';
import { AuditService } from '../audit/audit.service.js';
import { Clock } from '../common/clock.js';
import { DocumentsService } from '../documents/documents.service.js';
import { IncidentScope } from './incident-scope.js';
import {
  INCIDENT_RECORD_TITLE,
  incidentRecordSheets,
  incidentRecordSpec,
  type IncidentRecordData,
} from './incident-record-document.js';
import { IncidentsRepository } from './incidents.repository.js';
import { IncidentsService } from './incidents.service.js';

export type IncidentExportFormat = 'pdf' | 'xlsx';

/**
 * The 考场情况记录表 of a sitting as PDF or Excel: every room of the actor's scope (an invigilator: the rooms
 * they were on duty in), with or without incidents. Each download is audited (it names candidates).
 */
@Injectable()
export class IncidentExportService {
  constructor(
    private readonly incidents: IncidentsService,
    private readonly repository: IncidentsRepository,
    private readonly scope: IncidentScope,
    private readonly documents: DocumentsService,
    private readonly audit: AuditService,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async export(actor: Actor, origin: RequestOrigin, sittingId: string, format: IncidentExportFormat) {
    const sitting = await this.incidents.sitting(sittingId);
    const scope = await this.scope.assertSitting(actor, origin, sitting, 'export');
    const rooms = sitting.rooms.filter((r) => scope.all || scope.roomIds.includes(r.roomId));
    const views = await this.incidents.views(
      await this.repository.list(
        sitting.id,
        rooms.map((r) => r.roomId),
      ),
      sitting,
    );
    const data: IncidentRecordData = {
      batchName: sitting.batch.name,
      sittingName: sitting.name,
      component: sitting.component,
      subject: sitting.subject,
      startsAt: sitting.startsAt,
      endsAt: sitting.endsAt,
      at: this.clock.now(),
      rooms: rooms.map((r) => ({
        name: r.room.name,
        venueName: r.room.venue.name,
        invigilators: r.invigilators.map((i) => ({ name: i.user.displayName, chief: i.chief })),
        incidents: views.filter((v) => v.roomId === r.roomId),
      })),
    };
    const bytes =
      format === 'pdf'
        ? await this.documents.renderPdf(incidentRecordSpec(data))
        : await this.documents.renderExcel(incidentRecordSheets(data));
    await this.audit.record(actor, origin, {
      category: 'access',
      action: 'incident.export',
      entityType: 'sitting',
      entityId: sitting.id,
      details: { format, roomIds: rooms.map((r) => r.roomId), incidents: views.length },
    });
    const safeName = sitting.name.replace(/[\\/:*?"<>|\s]+/g, '_');
    return { bytes, fileName: `${INCIDENT_RECORD_TITLE}_${safeName}.${format}` };
  }
}
