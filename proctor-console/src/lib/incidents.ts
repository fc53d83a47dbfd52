import type { ApiClient, IncidentAttachmentView, IncidentView } from '@exam/contracts';
import { saveFile } from '@exam/ui/lib/save-file';

/** 考场记录 over HTTP: the room's list, attachments, and the sitting's exports. */

export const ATTACHMENT_ACCEPT = '.jpg,.jpeg,.png,.pdf,image/jpeg,image/png,application/pdf';
const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;

export function listIncidents(api: ApiClient, sittingId: string, roomId: string) {
  return api.get<IncidentView[]>(`/sittings/${sittingId}/incidents`, { roomId });
}

/** why a file cannot be attached (checked again by the server), or null */
export function attachmentProblem(file: File): string | null {
  if (!/\.(jpe?g|png|pdf)$/i.test(file.name)) return `「${file.name}」不是 JPG、PNG 图片或 PDF 文档`;
  if (file.size > MAX_ATTACHMENT_BYTES) return `「${file.name}」超过 10 MB`;
  if (file.size === 0) return `「${file.name}」是空文件`;
  return null;
}

/** the file as the raw body, its name URI-encoded in X-File-Name */
export function uploadAttachment(api: ApiClient, incidentId: string, file: File) {
  return api.request<IncidentAttachmentView>(
    'POST',
    `/incidents/${incidentId}/attachments`,
    undefined,
    undefined,
    {
      file: { bytes: file, fileName: file.name },
    },
  );
}

export async function downloadAttachment(
  api: ApiClient,
  incidentId: string,
  attachment: IncidentAttachmentView,
) {
  saveFile(await api.blob(`/incidents/${incidentId}/attachments/${attachment.id}`), attachment.fileName);
}

export async function downloadExport(api: ApiClient, sittingId: string, kind: 'pdf' | 'xlsx', name: string) {
  saveFile(await api.blob(`/sittings/${sittingId}/incidents/export.${kind}`), `${name}-考场记录.${kind}`);
}
