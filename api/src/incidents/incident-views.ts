import type { IncidentAttachmentView, IncidentView } from '@exam/contracts';
import type { CandidateRow, IncidentRow, IncidentSittingRow } from './incidents.repository.js';

export function roomNameOf(sitting: IncidentSittingRow, roomId: string): string {
  return sitting.rooms.find((r) => r.roomId === roomId)?.room.name ?? '';
}

export function attachmentView(a: {
  id: string;
  fileName: string;
  mediaType: string;
  size: number;
  uploadedAt: Date;
}): IncidentAttachmentView {
  return {
    id: a.id,
    fileName: a.fileName,
    mediaType: a.mediaType,
    size: a.size,
    uploadedAt: a.uploadedAt.toISOString(),
  };
}

export function incidentView(
  row: IncidentRow,
  sitting: IncidentSittingRow,
  candidates: Map<string, CandidateRow>,
  names: Map<string, string>,
): IncidentView {
  return {
    id: row.id,
    sittingId: row.sittingId,
    roomId: row.roomId,
    roomName: roomNameOf(sitting, row.roomId),
    category: row.category,
    occurredAt: row.occurredAt.toISOString(),
    recordedAt: row.recordedAt.toISOString(),
    recordedBy: names.get(row.recordedByUserId) ?? '',
    candidates: row.attemptIds.map((attemptId) => {
      const c = candidates.get(attemptId);
      return {
        attemptId,
        name: c?.name ?? '',
        ticketNumber: c?.ticketNumber ?? '',
        seatLabel: c?.seatLabel ?? '',
      };
    }),
    narrative: row.narrative,
    actionTaken: row.actionTaken,
    attachments: row.attachments.map(attachmentView),
    amendedAt: row.amendedAt?.toISOString() ?? null,
  };
}
