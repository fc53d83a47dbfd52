import { fileTypeFromBuffer } from 'file-type';
import { ValidationFailed } from '../common/domain-errors.js';

/** An attachment (photo of the scene, a scanned statement) may be at most this big. */
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
/** attachments per incident */
export const MAX_ATTACHMENTS = 20;

const ALLOWED: Record<string, { mediaType: string; extensions: string[] }> = {
  jpg: { mediaType: 'image/jpeg', extensions: ['jpg', 'jpeg'] },
  png: { mediaType: 'image/png', extensions: ['png'] },
  pdf: { mediaType: 'application/pdf', extensions: ['pdf'] },
};
const ALLOWED_TEXT = 'JPG、PNG 图片或 PDF 文档';

function refuse(message: string): never {
  throw new ValidationFailed(message, [{ path: 'file', message }]);
}

/**
 * A file name as sent: URI-encoded in the X-File-Name header (decoded here), or in the fileName query
 * (already decoded by the URL parser); checked.
 */
export function attachmentFileName(header: string | undefined, query: string | undefined): string {
  let name: string;
  if (header) {
    try {
      name = decodeURIComponent(header).trim();
    } catch {
      name = '';
    }
  } else name = (query ?? '').trim();
  const invalid = [...name].some((c) => c === '/' || c === '\\' || c.charCodeAt(0) < 32);
  if (!name || name.length > 200 || invalid)
    throw new ValidationFailed(
      '请在 X-File-Name 头（URI 编码）或 fileName 查询参数中给出文件名，不超过 200 字，不含斜杠',
      [{ path: 'fileName', message: '文件名缺失或不合法' }],
    );
  return name;
}

/**
 * The media type of an attachment, judged by its bytes (not its name): JPEG, PNG or PDF only, and a name
 * whose extension says the same.
 */
export async function inspectAttachment(bytes: Buffer, fileName: string): Promise<{ mediaType: string }> {
  if (bytes.length === 0) refuse('文件为空，请重新选择文件');
  if (bytes.length > MAX_ATTACHMENT_BYTES) refuse('附件不能超过 10 MB');
  const detected = await fileTypeFromBuffer(bytes);
  const kind = detected ? ALLOWED[detected.ext] : undefined;
  if (!kind)
    refuse(
      `无法作为附件接收「${fileName}」：文件内容${detected ? `是 ${detected.ext.toUpperCase()} 格式` : '无法识别'}，附件只能是${ALLOWED_TEXT}`,
    );
  const dot = fileName.lastIndexOf('.');
  const ext = dot > 0 ? fileName.slice(dot + 1).toLowerCase() : '';
  if (!kind.extensions.includes(ext))
    refuse(
      `文件名「${fileName}」的后缀与文件内容（${detected!.ext.toUpperCase()}）不符，请使用 .${kind.extensions[0]} 后缀`,
    );
  return { mediaType: kind.mediaType };
}
