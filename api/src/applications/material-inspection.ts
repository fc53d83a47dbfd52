import { fileTypeFromBuffer } from 'file-type';
import { imageSize } from 'image-size';
import type { MaterialFormat, MaterialRule } from '@exam/contracts';
import { ValidationFailed } from '../common/domain-errors.js';

export interface InspectedMaterial {
  format: MaterialFormat;
  mime: string;
  textChars: number | null;
  width: number | null;
  height: number | null;
}

const FORMAT_BY_EXT: Record<string, MaterialFormat> = {
  jpg: 'jpg',
  jpeg: 'jpg',
  png: 'png',
  bmp: 'bmp',
  pdf: 'pdf',
  xlsx: 'xlsx',
};
const FORMAT_LABELS: Record<MaterialFormat, string> = {
  jpg: 'JPG 图片',
  png: 'PNG 图片',
  bmp: 'BMP 图片',
  pdf: 'PDF 文档',
  xlsx: 'Excel（xlsx）表格',
};

function refuse(message: string): never {
  throw new ValidationFailed(message, [{ path: 'file', message }]);
}

function sizeText(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`;
}

/** Characters of the PDF's text layer, whitespace excluded (技术总结 ≥ 1000 字, 论文 ≥ 3000 字). */
export async function pdfTextChars(bytes: Buffer): Promise<number> {
  const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await getDocument({
    data: new Uint8Array(bytes),
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    verbosity: 0,
  }).promise;
  try {
    let chars = 0;
    for (let i = 1; i <= doc.numPages; i++) {
      const content = await (await doc.getPage(i)).getTextContent();
      for (const item of content.items) if ('str' in item) chars += item.str.replace(/\s/g, '').length;
    }
    return chars;
  } finally {
    await doc.destroy();
  }
}

/**
 * Checks an upload against the policy's rule on the server: the type by the bytes (not the name), that the
 * name's extension agrees, the size, the required file name, the PDF's text length and the photo's
 * dimensions. Every refusal says what is wrong and what is expected.
 */
export async function inspectMaterial(
  bytes: Buffer,
  fileName: string,
  rule: MaterialRule,
  person: { name: string; idNumber: string },
): Promise<InspectedMaterial> {
  const allowed = rule.formats.map((f) => FORMAT_LABELS[f]).join('、');
  if (!bytes.length) refuse('文件为空');
  if (bytes.length > rule.maxBytes)
    refuse(`「${rule.name}」不能超过 ${sizeText(rule.maxBytes)}，此文件为 ${sizeText(bytes.length)}`);
  const detected = await fileTypeFromBuffer(bytes);
  const format = detected ? FORMAT_BY_EXT[detected.ext] : undefined;
  if (!format) refuse(`无法识别文件内容的格式；「${rule.name}」应为 ${allowed}`);
  const dot = fileName.lastIndexOf('.');
  const ext = dot > 0 ? fileName.slice(dot + 1).toLowerCase() : '';
  const declared = FORMAT_BY_EXT[ext];
  if (declared !== format)
    refuse(
      `文件内容是${FORMAT_LABELS[format]}，但文件名后缀为「.${ext || '（无）'}」，两者不一致，请勿修改文件后缀`,
    );
  if (!rule.formats.includes(format))
    refuse(`「${rule.name}」应为 ${allowed}，此文件是${FORMAT_LABELS[format]}`);
  if (rule.fileNamePattern) {
    const expected = rule.fileNamePattern
      .replace('{name}', person.name)
      .replace('{idNumber}', person.idNumber);
    const base = fileName.slice(0, dot);
    if (base !== expected) refuse(`「${rule.name}」的文件名应为「${expected}.${ext}」`);
  }
  let width: number | null = null;
  let height: number | null = null;
  if (format === 'jpg' || format === 'png' || format === 'bmp') {
    try {
      const size = imageSize(bytes);
      width = size.width ?? null;
      height = size.height ?? null;
    } catch {
      refuse('图片文件已损坏，无法读取尺寸');
    }
    const w = width ?? 0;
    const h = height ?? 0;
    if ((rule.minWidth && w < rule.minWidth) || (rule.minHeight && h < rule.minHeight))
      refuse(`照片尺寸至少 ${rule.minWidth ?? 0}×${rule.minHeight ?? 0} 像素，此照片为 ${w}×${h}`);
    if ((rule.maxWidth && w > rule.maxWidth) || (rule.maxHeight && h > rule.maxHeight))
      refuse(`照片尺寸不能超过 ${rule.maxWidth ?? '∞'}×${rule.maxHeight ?? '∞'} 像素，此照片为 ${w}×${h}`);
  }
  let textChars: number | null = null;
  if (format === 'pdf') {
    try {
      textChars = await pdfTextChars(bytes);
    } catch {
      refuse('PDF 文件已损坏或加密，无法读取');
    }
    if (rule.minTextChars && textChars < rule.minTextChars)
      refuse(
        `「${rule.name}」正文不少于 ${rule.minTextChars} 字，此文件可识别的文字为 ${textChars} 字（扫描件请另附文字版）`,
      );
  }
  return { format, mime: detected!.mime, textChars, width, height };
}

/** The format the bytes really are (by content), or null. */
export async function inspectFileKind(bytes: Buffer): Promise<MaterialFormat | null> {
  const detected = await fileTypeFromBuffer(bytes);
  return (detected && FORMAT_BY_EXT[detected.ext]) || null;
}
