import { describe, expect, it } from 'vitest';
import type { MaterialRule } from '@exam/contracts';
import { pdf, png } from '../../../test/support/files.js';
import { inspectMaterial } from './material-inspection.js';

const person = { name: '张三', idNumber: '410702198504129013' };
const photo: MaterialRule = {
  code: 'photo',
  name: '电子照片',
  levels: [],
  types: [],
  required: true,
  deferrable: false,
  formats: ['jpg', 'png', 'bmp'],
  maxBytes: 2 * 1024 * 1024,
  minWidth: 100,
  minHeight: 140,
  fileNamePattern: '{name}_{idNumber}',
  cite: 'seed 002 六（二）',
};
const summary: MaterialRule = {
  code: 'tech_summary',
  name: '专业技术总结',
  levels: ['L2'],
  types: [],
  required: true,
  deferrable: false,
  formats: ['pdf'],
  maxBytes: 10 * 1024 * 1024,
  minTextChars: 1000,
  cite: 'seed 002 六（三）',
};

describe('material inspection', () => {
  it('accepts a photo by its content, name and dimensions', async () => {
    const r = await inspectMaterial(png(120, 160), '张三_410702198504129013.png', photo, person);
    expect(r).toMatchObject({ format: 'png', mime: 'image/png', width: 120, height: 160 });
  });

  it('refuses a file whose extension disguises its content', async () => {
    await expect(
      inspectMaterial(png(120, 160), '张三_410702198504129013.pdf', photo, person),
    ).rejects.toThrow(/文件内容是PNG 图片，但文件名后缀为「.pdf」/);
    await expect(
      inspectMaterial(Buffer.from('MZ\x90\x00 not a photo'), 'a.jpg', photo, person),
    ).rejects.toThrow(/无法识别文件内容的格式/);
  });

  it('refuses the wrong name, the wrong size and too small a photo', async () => {
    await expect(inspectMaterial(png(120, 160), 'photo.png', photo, person)).rejects.toThrow(
      '文件名应为「张三_410702198504129013.png」',
    );
    await expect(
      inspectMaterial(
        png(120, 160),
        '张三_410702198504129013.png',
        { ...photo, maxBytes: 20 * 1024 },
        person,
      ),
    ).resolves.toBeTruthy();
    await expect(
      inspectMaterial(png(400, 600), '张三_410702198504129013.png', { ...photo, maxBytes: 200 }, person),
    ).rejects.toThrow(/不能超过 1 KB/);
    await expect(inspectMaterial(png(90, 160), '张三_410702198504129013.png', photo, person)).rejects.toThrow(
      '照片尺寸至少 100×140 像素，此照片为 90×160',
    );
  });

  it('counts the text of a PDF against the minimum length, at the boundary', async () => {
    const ok = await inspectMaterial(pdf('a'.repeat(1000)), 'summary.pdf', summary, person);
    expect(ok.textChars).toBe(1000);
    await expect(inspectMaterial(pdf('a'.repeat(999)), 'summary.pdf', summary, person)).rejects.toThrow(
      '正文不少于 1000 字，此文件可识别的文字为 999 字',
    );
    await expect(inspectMaterial(png(120, 160), 'summary.png', summary, person)).rejects.toThrow(
      /应为 PDF 文档，此文件是PNG 图片/,
    );
  });
});
