import { Inject, Injectable } from '@nestjs/common';
import type { IncidentAttachmentView } from '@exam/contracts';
import type { Actor, RequestOrigin } from '../access/actor.js';
import { AuditService } from '../audit/audit.service.js';
import { Clock } from '../common/clock.js';
import { Conflict, NotFound } from '../common/domain-errors.js';
import { FileStore } from '../files/file-store.js';
import { MAX_ATTACHMENTS, inspectAttachment } from './incident-attachment-file.js';
import { IncidentScope } from './incident-scope.js';
import { attachmentView } from './incident-views.js';
import { IncidentsRepository } from './incidents.repository.js';
import { IncidentsService } from './incidents.service.js';

/**
 * Photos and documents attached to an incident (a photo of a prohibited item, a candidate's written
 * statement): JPEG, PNG or PDF by content, at most 10 MB, stored content-addressed; read by whoever may read
 * the room's log. Never removed.
 */
@Injectable()
export class IncidentAttachmentsService {
  constructor(
    private readonly incidents: IncidentsService,
    private readonly repository: IncidentsRepository,
    private readonly scope: IncidentScope,
    private readonly files: FileStore,
    private readonly audit: AuditService,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  /** `readBytes` is called only once the actor is known to keep the room's log. */
  async upload(
    actor: Actor,
    origin: RequestOrigin,
    incidentId: string,
    fileName: string,
    readBytes: () => Promise<Buffer>,
  ): Promise<IncidentAttachmentView> {
    const { incident, sitting } = await this.incidents.load(incidentId);
    await this.scope.assertRoom(actor, origin, sitting, incident.roomId, 'attach');
    if (incident.attachments.length >= MAX_ATTACHMENTS)
      throw new Conflict(`每条考场记录最多 ${MAX_ATTACHMENTS} 个附件`);
    const bytes = await readBytes();
    const { mediaType } = await inspectAttachment(bytes, fileName);
    const sha256 = await this.files.put(bytes);
    const created = await this.repository.transaction(async (tx) => {
      const locked = await this.repository.lockForChange(tx, incidentId);
      if (locked._count.attachments >= MAX_ATTACHMENTS)
        throw new Conflict(`每条考场记录最多 ${MAX_ATTACHMENTS} 个附件`);
      const row = await this.repository.addAttachment(tx, {
        incidentId,
        sha256,
        fileName,
        mediaType,
        size: bytes.length,
        uploadedAt: this.clock.now(),
        uploadedBy: actor.userId,
      });
      await this.audit.record(
        actor,
        origin,
        {
          category: 'exam_event',
          action: 'incident.attach',
          entityType: 'incident',
          entityId: incidentId,
          reason: `上传附件「${fileName}」`.slice(0, 500),
          details: { attachmentId: row.id, fileName, mediaType, size: bytes.length, sha256 },
        },
        tx,
      );
      return row;
    });
    return attachmentView(created);
  }

  async open(actor: Actor, origin: RequestOrigin, incidentId: string, attachmentId: string) {
    const { incident, sitting } = await this.incidents.load(incidentId);
    await this.scope.assertRoom(actor, origin, sitting, incident.roomId, 'download');
    const attachment = await this.repository.attachment(incidentId, attachmentId);
    if (!attachment) throw new NotFound('没有找到该附件');
    const file = await this.files.open(attachment.sha256);
    return { file, fileName: attachment.fileName, mediaType: attachment.mediaType };
  }
}
