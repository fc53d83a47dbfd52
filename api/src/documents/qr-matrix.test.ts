import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { qrMatrix, type EccLevel } from './qr-matrix.js';

/** pdfmake's encoder (qr.js), which qr-matrix.ts ports: the oracle, module by module */
const qrEnc = (
  createRequire(import.meta.url)('pdfmake/js/qrEnc.js') as {
    default: {
      measure(node: { qr: string; eccLevel: string }): {
        _canvas: { x: number; y: number; w: number }[];
        _width: number;
      };
    };
  }
).default;

function oracle(text: string, eccLevel: EccLevel): { size: number; dark: Uint8Array } {
  const measured = qrEnc.measure({ qr: text, eccLevel });
  const unit = measured._canvas[1]?.w ?? 5;
  const size = Math.round(measured._width / unit);
  const dark = new Uint8Array(size * size);
  for (const rect of measured._canvas.slice(1))
    dark[Math.round(rect.y / unit) * size + Math.round(rect.x / unit)] = 1;
  return { size, dark };
}

describe('QR matrices', () => {
  const texts = [
    'EXAMTICKET:2026050000001:3f9a0c1d2b4e5f60',
    'EXAMTICKET:demo000123:0123456789abcdef',
    '20260500001', // numeric
    'HELLO WORLD $%*+-./:', // alphanumeric
    '准考证 𠮷祥', // 8-bit, UTF-8
    'https://example.org/?q=' + 'x'.repeat(150), // version 7+ (version information)
    'a'.repeat(400), // several blocks of two sizes
    '',
  ];
  for (const level of ['L', 'M', 'Q', 'H'] as const)
    it(`are those of qr.js, level ${level}`, () => {
      for (const text of texts) {
        const mine = qrMatrix(text, level);
        const theirs = oracle(text, level);
        expect(mine.size, text).toBe(theirs.size);
        expect(Buffer.from(mine.dark).equals(Buffer.from(theirs.dark)), text).toBe(true);
      }
      for (let i = 0; i < 50; i++) {
        const text = `EXAMTICKET:2026${String(i * 7919).padStart(9, '0')}:${(i * 2654435761).toString(16)}`;
        expect(Buffer.from(qrMatrix(text, level).dark).equals(Buffer.from(oracle(text, level).dark))).toBe(
          true,
        );
      }
    });

  it('refuses what no version holds', () => {
    expect(() => qrMatrix('x'.repeat(3000), 'H')).toThrow(RangeError);
  });
});
