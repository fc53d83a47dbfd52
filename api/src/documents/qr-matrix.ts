/**
 * QR code matrices (ISO/IEC 18004; JIS X 0510 mask evaluation): a port of the public-domain qr.js by Kang
 * Seonghoon (the encoder pdfmake ships as `pdfmake/js/qrEnc.js`) to flat typed arrays. Same modes (numeric,
 * alphanumeric, 8-bit), versions 1–40, error correction levels and mask choice, hence the same codes — a
 * test compares them module by module — at a fraction of the time (the mask evaluation was ~1 ms of a
 * 准考证 page).
 */

export type EccLevel = 'L' | 'M' | 'Q' | 'H';

/** The dark modules of a code, `size` × `size`, row by row (1 dark, 0 light). */
export interface QrMatrix {
  size: number;
  dark: Uint8Array;
}

/**
 * Per version (1–40): error-correction codewords per block and number of blocks, each for the levels in
 * the order M, L, H, Q (their 2-bit format codes 0–3), and the centre coordinates of the alignment patterns.
 */
const VERSIONS: readonly [readonly number[], readonly number[], readonly number[]][] = [
  [[10, 7, 17, 13], [1, 1, 1, 1], []],
  [
    [16, 10, 28, 22],
    [1, 1, 1, 1],
    [4, 16],
  ],
  [
    [26, 15, 22, 18],
    [1, 1, 2, 2],
    [4, 20],
  ],
  [
    [18, 20, 16, 26],
    [2, 1, 4, 2],
    [4, 24],
  ],
  [
    [24, 26, 22, 18],
    [2, 1, 4, 4],
    [4, 28],
  ],
  [
    [16, 18, 28, 24],
    [4, 2, 4, 4],
    [4, 32],
  ],
  [
    [18, 20, 26, 18],
    [4, 2, 5, 6],
    [4, 20, 36],
  ],
  [
    [22, 24, 26, 22],
    [4, 2, 6, 6],
    [4, 22, 40],
  ],
  [
    [22, 30, 24, 20],
    [5, 2, 8, 8],
    [4, 24, 44],
  ],
  [
    [26, 18, 28, 24],
    [5, 4, 8, 8],
    [4, 26, 48],
  ],
  [
    [30, 20, 24, 28],
    [5, 4, 11, 8],
    [4, 28, 52],
  ],
  [
    [22, 24, 28, 26],
    [8, 4, 11, 10],
    [4, 30, 56],
  ],
  [
    [22, 26, 22, 24],
    [9, 4, 16, 12],
    [4, 32, 60],
  ],
  [
    [24, 30, 24, 20],
    [9, 4, 16, 16],
    [4, 24, 44, 64],
  ],
  [
    [24, 22, 24, 30],
    [10, 6, 18, 12],
    [4, 24, 46, 68],
  ],
  [
    [28, 24, 30, 24],
    [10, 6, 16, 17],
    [4, 24, 48, 72],
  ],
  [
    [28, 28, 28, 28],
    [11, 6, 19, 16],
    [4, 28, 52, 76],
  ],
  [
    [26, 30, 28, 28],
    [13, 6, 21, 18],
    [4, 28, 54, 80],
  ],
  [
    [26, 28, 26, 26],
    [14, 7, 25, 21],
    [4, 28, 56, 84],
  ],
  [
    [26, 28, 28, 30],
    [16, 8, 25, 20],
    [4, 32, 60, 88],
  ],
  [
    [26, 28, 30, 28],
    [17, 8, 25, 23],
    [4, 26, 48, 70, 92],
  ],
  [
    [28, 28, 24, 30],
    [17, 9, 34, 23],
    [4, 24, 48, 72, 96],
  ],
  [
    [28, 30, 30, 30],
    [18, 9, 30, 25],
    [4, 28, 52, 76, 100],
  ],
  [
    [28, 30, 30, 30],
    [20, 10, 32, 27],
    [4, 26, 52, 78, 104],
  ],
  [
    [28, 26, 30, 30],
    [21, 12, 35, 29],
    [4, 30, 56, 82, 108],
  ],
  [
    [28, 28, 30, 28],
    [23, 12, 37, 34],
    [4, 28, 56, 84, 112],
  ],
  [
    [28, 30, 30, 30],
    [25, 12, 40, 34],
    [4, 32, 60, 88, 116],
  ],
  [
    [28, 30, 30, 30],
    [26, 13, 42, 35],
    [4, 24, 48, 72, 96, 120],
  ],
  [
    [28, 30, 30, 30],
    [28, 14, 45, 38],
    [4, 28, 52, 76, 100, 124],
  ],
  [
    [28, 30, 30, 30],
    [29, 15, 48, 40],
    [4, 24, 50, 76, 102, 128],
  ],
  [
    [28, 30, 30, 30],
    [31, 16, 51, 43],
    [4, 28, 54, 80, 106, 132],
  ],
  [
    [28, 30, 30, 30],
    [33, 17, 54, 45],
    [4, 32, 58, 84, 110, 136],
  ],
  [
    [28, 30, 30, 30],
    [35, 18, 57, 48],
    [4, 28, 56, 84, 112, 140],
  ],
  [
    [28, 30, 30, 30],
    [37, 19, 60, 51],
    [4, 32, 60, 88, 116, 144],
  ],
  [
    [28, 30, 30, 30],
    [38, 19, 63, 53],
    [4, 28, 52, 76, 100, 124, 148],
  ],
  [
    [28, 30, 30, 30],
    [40, 20, 66, 56],
    [4, 22, 48, 74, 100, 126, 152],
  ],
  [
    [28, 30, 30, 30],
    [43, 21, 70, 59],
    [4, 26, 52, 78, 104, 130, 156],
  ],
  [
    [28, 30, 30, 30],
    [45, 22, 74, 62],
    [4, 30, 56, 82, 108, 134, 160],
  ],
  [
    [28, 30, 30, 30],
    [47, 24, 77, 65],
    [4, 24, 52, 80, 108, 136, 164],
  ],
  [
    [28, 30, 30, 30],
    [49, 25, 81, 68],
    [4, 28, 56, 84, 112, 140, 168],
  ],
];

const ECC: Record<EccLevel, number> = { M: 0, L: 1, H: 2, Q: 3 };
const NUMERIC = 1;
const ALPHANUMERIC = 2;
const OCTET = 4;
const ALPHANUMERIC_CHARS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:';

const GF_EXP = new Uint8Array(256);
const GF_LOG = new Int16Array(256).fill(-1);
for (let i = 0, v = 1; i < 255; i++) {
  GF_EXP[i] = v;
  GF_LOG[v] = i;
  v = (v << 1) ^ (v >= 128 ? 0x11d : 0);
}
/** generator polynomials by degree, as logarithms of their coefficients */
const GENERATORS: number[][] = [[]];
for (let i = 0; i < 30; i++) {
  const previous = GENERATORS[i]!;
  const poly: number[] = [];
  for (let j = 0; j <= i; j++) {
    const a = j < i ? GF_EXP[previous[j]!]! : 0;
    const b = GF_EXP[(i + (previous[j - 1] ?? 0)) % 255]!;
    poly.push(GF_LOG[a ^ b]!);
  }
  GENERATORS.push(poly);
}

const MASKS: ((i: number, j: number) => boolean)[] = [
  (i, j) => (i + j) % 2 === 0,
  (i) => i % 2 === 0,
  (_, j) => j % 3 === 0,
  (i, j) => (i + j) % 3 === 0,
  (i, j) => (((i / 2) | 0) + ((j / 3) | 0)) % 2 === 0,
  (i, j) => ((i * j) % 2) + ((i * j) % 3) === 0,
  (i, j) => (((i * j) % 2) + ((i * j) % 3)) % 2 === 0,
  (i, j) => (((i + j) % 2) + ((i * j) % 3)) % 2 === 0,
];

function fullBits(version: number): number {
  const aligns = VERSIONS[version - 1]![2].length;
  let bits = 16 * version * version + 128 * version + 64;
  if (version > 6) bits -= 36;
  if (aligns) bits -= 25 * aligns * aligns - 10 * aligns - 55;
  return bits;
}

function dataBits(version: number, ecc: number): number {
  const v = VERSIONS[version - 1]!;
  return (fullBits(version) & ~7) - 8 * v[0][ecc]! * v[1][ecc]!;
}

function lengthBits(version: number, mode: number): number {
  if (mode === NUMERIC) return version < 10 ? 10 : version < 27 ? 12 : 14;
  if (mode === ALPHANUMERIC) return version < 10 ? 9 : version < 27 ? 11 : 13;
  return version < 10 ? 8 : 16;
}

function maxLength(version: number, mode: number, ecc: number): number {
  const bits = dataBits(version, ecc) - 4 - lengthBits(version, mode);
  if (mode === NUMERIC) return ((bits / 10) | 0) * 3 + (bits % 10 < 4 ? 0 : bits % 10 < 7 ? 1 : 2);
  if (mode === ALPHANUMERIC) return ((bits / 11) | 0) * 2 + (bits % 11 < 6 ? 0 : 1);
  return (bits / 8) | 0;
}

/** UTF-16 code units to bytes as qr.js does (each unit on its own, as UTF-8 would a code point) */
function octets(text: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch < 0x80) out.push(ch);
    else if (ch < 0x800) out.push(0xc0 | (ch >> 6), 0x80 | (ch & 0x3f));
    else out.push(0xe0 | (ch >> 12), 0x80 | ((ch >> 6) & 0x3f), 0x80 | (ch & 0x3f));
  }
  return out;
}

function encodeData(
  version: number,
  mode: number,
  text: string,
  data: number[],
  codewords: number,
): number[] {
  const buf: number[] = [];
  let bits = 0;
  let remaining = 8;
  const pack = (x: number, n: number) => {
    if (n >= remaining) {
      buf.push(bits | (x >> (n -= remaining)));
      while (n >= 8) buf.push((x >> (n -= 8)) & 255);
      bits = 0;
      remaining = 8;
    }
    if (n > 0) bits |= (x & ((1 << n) - 1)) << (remaining -= n);
  };
  const length = mode === OCTET ? data.length : text.length;
  pack(mode, 4);
  pack(length, lengthBits(version, mode));
  if (mode === NUMERIC) {
    let i = 2;
    for (; i < length; i += 3) pack(parseInt(text.substring(i - 2, i + 1), 10), 10);
    pack(parseInt(text.substring(i - 2), 10), [0, 4, 7][length % 3]!);
  } else if (mode === ALPHANUMERIC) {
    const upper = text.toUpperCase();
    const code = (i: number) => ALPHANUMERIC_CHARS.indexOf(upper.charAt(i));
    let i = 1;
    for (; i < length; i += 2) pack(code(i - 1) * 45 + code(i), 11);
    if (length % 2 === 1) pack(code(i - 1), 6);
  } else for (const byte of data) pack(byte, 8);
  pack(0, 4);
  if (remaining < 8) buf.push(bits);
  while (buf.length + 1 < codewords) buf.push(0xec, 0x11);
  if (buf.length < codewords) buf.push(0xec);
  return buf;
}

function remainder(block: number[], generator: number[]): number[] {
  const m = [...block, ...new Array<number>(generator.length).fill(0)];
  for (let i = 0; i < block.length;) {
    const quotient = GF_LOG[m[i++]!]!;
    if (quotient >= 0)
      for (let j = 0; j < generator.length; j++) m[i + j]! ^= GF_EXP[(quotient + generator[j]!) % 255]!;
  }
  return m.slice(block.length);
}

/** data split into blocks (the short ones first), error correction added, both interleaved */
function withErrorCorrection(data: number[], blocks: number, generator: number[]): number[] {
  const size = (data.length / blocks) | 0;
  const pivot = blocks - (data.length % blocks);
  const starts: number[] = [];
  let at = 0;
  for (let i = 0; i < blocks; i++) {
    starts.push(at);
    at += i < pivot ? size : size + 1;
  }
  starts.push(at);
  const eccs = starts.slice(0, -1).map((s, i) => remainder(data.slice(s, starts[i + 1]), generator));
  const out: number[] = [];
  for (let i = 0; i < size; i++) for (let j = 0; j < blocks; j++) out.push(data[starts[j]! + i]!);
  for (let j = pivot; j < blocks; j++) out.push(data[starts[j + 1]! - 1]!);
  for (let i = 0; i < generator.length; i++) for (let j = 0; j < blocks; j++) out.push(eccs[j]![i]!);
  return out;
}

function bch(poly: number, p: number, generator: number, q: number): number {
  let modulus = poly << q;
  for (let i = p - 1; i >= 0; i--) if ((modulus >> (q + i)) & 1) modulus ^= generator << i;
  return (poly << q) | modulus;
}

/** function patterns (finders, timing, alignment, version information), marked as reserved */
function baseMatrix(version: number): { m: Uint8Array; reserved: Uint8Array; n: number } {
  const n = 4 * version + 17;
  const m = new Uint8Array(n * n);
  const reserved = new Uint8Array(n * n);
  const blit = (y: number, x: number, h: number, w: number, rows: number[]) => {
    for (let i = 0; i < h; i++)
      for (let j = 0; j < w; j++) {
        m[(y + i) * n + x + j] = (rows[i]! >> j) & 1;
        reserved[(y + i) * n + x + j] = 1;
      }
  };
  blit(0, 0, 9, 9, [0x7f, 0x41, 0x5d, 0x5d, 0x5d, 0x41, 0x17f, 0x00, 0x40]);
  blit(n - 8, 0, 8, 9, [0x100, 0x7f, 0x41, 0x5d, 0x5d, 0x5d, 0x41, 0x7f]);
  blit(0, n - 8, 9, 8, [0xfe, 0x82, 0xba, 0xba, 0xba, 0x82, 0xfe, 0x00, 0x00]);
  for (let i = 9; i < n - 8; i++) {
    m[6 * n + i] = m[i * n + 6] = ~i & 1;
    reserved[6 * n + i] = reserved[i * n + 6] = 1;
  }
  const aligns = VERSIONS[version - 1]![2];
  const k = aligns.length;
  for (let i = 0; i < k; i++) {
    const minJ = i === 0 || i === k - 1 ? 1 : 0;
    const maxJ = i === 0 ? k - 1 : k;
    for (let j = minJ; j < maxJ; j++) blit(aligns[i]!, aligns[j]!, 5, 5, [0x1f, 0x11, 0x15, 0x11, 0x1f]);
  }
  if (version > 6) {
    const code = bch(version, 6, 0x1f25, 12);
    let bit = 0;
    for (let i = 0; i < 6; i++)
      for (let j = 0; j < 3; j++) {
        m[i * n + n - 11 + j] = m[(n - 11 + j) * n + i] = (code >> bit++) & 1;
        reserved[i * n + n - 11 + j] = reserved[(n - 11 + j) * n + i] = 1;
      }
  }
  return { m, reserved, n };
}

function putData(m: Uint8Array, reserved: Uint8Array, n: number, buf: number[]): void {
  let k = 0;
  let dir = -1;
  for (let i = n - 1; i >= 0; i -= 2) {
    if (i === 6) i--;
    let jj = dir < 0 ? n - 1 : 0;
    for (let j = 0; j < n; j++) {
      for (let ii = i; ii > i - 2; ii--) {
        if (!reserved[jj * n + ii]) {
          m[jj * n + ii] = ((buf[k >> 3] ?? 0) >> (~k & 7)) & 1;
          k++;
        }
      }
      jj += dir;
    }
    dir = -dir;
  }
}

/** XOR pattern of each mask over the data modules (0 where reserved) */
function maskPattern(mask: number, reserved: Uint8Array, n: number): Uint8Array {
  const f = MASKS[mask]!;
  const out = new Uint8Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) if (!reserved[i * n + j] && f(i, j)) out[i * n + j] = 1;
  return out;
}

function putFormat(m: Uint8Array, n: number, ecc: number, mask: number): void {
  const code = bch((ecc << 3) | mask, 5, 0x537, 10) ^ 0x5412;
  for (let i = 0; i < 15; i++) {
    const r = [0, 1, 2, 3, 4, 5, 7, 8, n - 7, n - 6, n - 5, n - 4, n - 3, n - 2, n - 1][i]!;
    const c = [n - 1, n - 2, n - 3, n - 4, n - 5, n - 6, n - 7, n - 8, 7, 5, 4, 3, 2, 1, 0][i]!;
    m[r * n + 8] = m[8 * n + c] = (code >> i) & 1;
  }
}

/** qr.js's penalty of a line: runs of ≥ 5 alike, finder-like 1:1:3:1:1 patterns with 4 light beside */
function linePenalty(groups: Int32Array, count: number): number {
  let score = 0;
  for (let i = 0; i < count; i++) if (groups[i]! >= 5) score += 3 + (groups[i]! - 5);
  for (let i = 5; i < count; i += 2) {
    const p = groups[i]!;
    if (
      groups[i - 1] === p &&
      groups[i - 2] === 3 * p &&
      groups[i - 3] === p &&
      groups[i - 4] === p &&
      (groups[i - 5]! >= 4 * p || (i + 1 < count && groups[i + 1]! >= 4 * p))
    )
      score += 40;
  }
  return score;
}

function penalty(m: Uint8Array, n: number, groups: Int32Array): number {
  let score = 0;
  let dark = 0;
  for (let i = 0; i < n; i++) {
    // the runs along row i, then along column i, each starting with an empty light run
    for (let pass = 0; pass < 2; pass++) {
      const base = pass === 0 ? i * n : i;
      const step = pass === 0 ? 1 : n;
      const end = base + n * step;
      let count = 1;
      groups[0] = 0;
      for (let at = base; at < end;) {
        let k = 0;
        while (at < end && m[at] === 1) {
          k++;
          at += step;
        }
        groups[count++] = k;
        k = 0;
        while (at < end && m[at] === 0) {
          k++;
          at += step;
        }
        groups[count++] = k;
      }
      score += linePenalty(groups, count);
    }
    const row = i * n;
    dark += m[row]!;
    for (let j = 1; j < n; j++) {
      const p = m[row + j]!;
      dark += p;
      if (i + 1 < n && m[row + j - 1] === p && m[row + n + j] === p && m[row + n + j - 1] === p) score += 3;
    }
  }
  return score + 10 * ((Math.abs(dark / n / n - 0.5) / 0.05) | 0);
}

/** the XOR patterns of the eight masks for a version's reserved modules (the same for every code) */
const maskPatterns = new Map<number, Uint8Array[]>();
function patternsFor(version: number, reserved: Uint8Array, n: number): Uint8Array[] {
  let patterns = maskPatterns.get(version);
  if (!patterns)
    maskPatterns.set(version, (patterns = MASKS.map((_, mask) => maskPattern(mask, reserved, n))));
  return patterns;
}

/** The QR code of `text`: the smallest version that holds it, the mask with the lowest penalty. */
export function qrMatrix(text: string, eccLevel: EccLevel = 'M'): QrMatrix {
  const ecc = ECC[eccLevel];
  if (ecc === undefined) throw new RangeError(`invalid QR error correction level: ${eccLevel}`);
  const mode = /^\d*$/.test(text) ? NUMERIC : /^[A-Z0-9 $%*+\-./:]*$/.test(text) ? ALPHANUMERIC : OCTET;
  const data = mode === OCTET ? octets(text) : [];
  const length = mode === OCTET ? data.length : text.length;
  let version = 1;
  while (version <= 40 && length > maxLength(version, mode, ecc)) version++;
  if (version > 40) throw new RangeError('text too long for a QR code');
  const v = VERSIONS[version - 1]!;
  const codewords = withErrorCorrection(
    encodeData(version, mode, text, data, dataBits(version, ecc) >> 3),
    v[1][ecc]!,
    GENERATORS[v[0][ecc]!]!,
  );
  const { m, reserved, n } = baseMatrix(version);
  putData(m, reserved, n, codewords);
  const groups = new Int32Array(2 * n + 3);
  let best = 0;
  let bestScore = Infinity;
  const masked = new Uint8Array(n * n);
  const patterns = patternsFor(version, reserved, n);
  for (let mask = 0; mask < 8; mask++) {
    const pattern = patterns[mask]!;
    for (let i = 0; i < m.length; i++) masked[i] = m[i]! ^ pattern[i]!;
    putFormat(masked, n, ecc, mask);
    const score = penalty(masked, n, groups);
    if (score < bestScore) {
      bestScore = score;
      best = mask;
    }
  }
  const pattern = patterns[best]!;
  for (let i = 0; i < m.length; i++) m[i]! ^= pattern[i]!;
  putFormat(m, n, ecc, best);
  return { size: n, dark: m };
}
