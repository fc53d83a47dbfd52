/**
 * AES-256-GCM decryption in plain TypeScript, for pages where WebCrypto is missing: browsers offer
 * `crypto.subtle` only on secure origins (https or localhost), and exam rooms often reach the server over
 * plain http on the local network. Decrypt only (CTR needs only the forward cipher), 96-bit IVs, no
 * additional data — what the server sends. The tag is checked before any plaintext is returned.
 */

const SBOX = new Uint8Array(256);
{
  // the S-box from the multiplicative inverse in GF(2^8) and the affine map (FIPS-197 5.1.1)
  let p = 1;
  let q = 1;
  do {
    p = p ^ ((p << 1) & 0xff) ^ (p & 0x80 ? 0x1b : 0);
    q ^= q << 1;
    q ^= q << 2;
    q ^= q << 4;
    q &= 0xff;
    if (q & 0x80) q ^= 0x09;
    const x = q ^ rotl8(q, 1) ^ rotl8(q, 2) ^ rotl8(q, 3) ^ rotl8(q, 4);
    SBOX[p] = (x ^ 0x63) & 0xff;
  } while (p !== 1);
  SBOX[0] = 0x63;
}

function rotl8(x: number, shift: number): number {
  return ((x << shift) | (x >> (8 - shift))) & 0xff;
}

const xtime = (b: number) => ((b << 1) ^ (b & 0x80 ? 0x1b : 0)) & 0xff;

/** The 15 round keys of AES-256 as 240 bytes. */
function expandKey(key: Uint8Array): Uint8Array {
  if (key.length !== 32) throw new Error('AES-256 key must be 32 bytes');
  const w = new Uint8Array(240);
  w.set(key);
  let rcon = 1;
  for (let i = 32; i < 240; i += 4) {
    let t0 = w[i - 4]!;
    let t1 = w[i - 3]!;
    let t2 = w[i - 2]!;
    let t3 = w[i - 1]!;
    if (i % 32 === 0) {
      [t0, t1, t2, t3] = [SBOX[t1]! ^ rcon, SBOX[t2]!, SBOX[t3]!, SBOX[t0]!];
      rcon = xtime(rcon);
    } else if (i % 32 === 16) {
      [t0, t1, t2, t3] = [SBOX[t0]!, SBOX[t1]!, SBOX[t2]!, SBOX[t3]!];
    }
    w[i] = w[i - 32]! ^ t0;
    w[i + 1] = w[i - 31]! ^ t1;
    w[i + 2] = w[i - 30]! ^ t2;
    w[i + 3] = w[i - 29]! ^ t3;
  }
  return w;
}

/** Encrypts one 16-byte block in place. */
function encryptBlock(roundKeys: Uint8Array, s: Uint8Array): void {
  for (let i = 0; i < 16; i++) s[i]! ^= roundKeys[i]!;
  const t = new Uint8Array(16);
  for (let round = 1; round <= 14; round++) {
    // SubBytes + ShiftRows (state is column-major: byte r + 4c)
    for (let c = 0; c < 4; c++) for (let r = 0; r < 4; r++) t[r + 4 * c] = SBOX[s[r + 4 * ((c + r) % 4)]!]!;
    if (round < 14) {
      for (let c = 0; c < 4; c++) {
        const a0 = t[4 * c]!;
        const a1 = t[4 * c + 1]!;
        const a2 = t[4 * c + 2]!;
        const a3 = t[4 * c + 3]!;
        const all = a0 ^ a1 ^ a2 ^ a3;
        s[4 * c] = a0 ^ all ^ xtime(a0 ^ a1);
        s[4 * c + 1] = a1 ^ all ^ xtime(a1 ^ a2);
        s[4 * c + 2] = a2 ^ all ^ xtime(a2 ^ a3);
        s[4 * c + 3] = a3 ^ all ^ xtime(a3 ^ a0);
      }
    } else s.set(t);
    const k = round * 16;
    for (let i = 0; i < 16; i++) s[i]! ^= roundKeys[k + i]!;
  }
}

/** x · y in GF(2^128) with GCM's bit order, on 16-byte blocks (x is replaced by the product). */
function gfMultiply(x: Uint8Array, y: Uint8Array): void {
  const z = new Uint8Array(16);
  const v = y.slice();
  for (let i = 0; i < 128; i++) {
    if ((x[i >> 3]! >> (7 - (i & 7))) & 1) for (let j = 0; j < 16; j++) z[j]! ^= v[j]!;
    const lsb = v[15]! & 1;
    for (let j = 15; j > 0; j--) v[j] = (v[j]! >>> 1) | ((v[j - 1]! & 1) << 7);
    v[0] = v[0]! >>> 1;
    if (lsb) v[0]! ^= 0xe1;
  }
  x.set(z);
}

export class AesGcmAuthError extends Error {}

/** Decrypts `data` = ciphertext ‖ 16-byte tag; throws AesGcmAuthError if the tag does not match. */
export function aesGcmDecrypt(key: Uint8Array, iv: Uint8Array, data: Uint8Array): Uint8Array {
  if (iv.length !== 12) throw new Error('GCM IV must be 12 bytes');
  if (data.length < 16) throw new AesGcmAuthError('ciphertext too short');
  const roundKeys = expandKey(key);
  const cipher = data.subarray(0, data.length - 16);
  const tag = data.subarray(data.length - 16);
  const h = new Uint8Array(16);
  encryptBlock(roundKeys, h);
  // GHASH over the ciphertext and the lengths block (no additional data)
  const ghash = new Uint8Array(16);
  for (let offset = 0; offset < cipher.length; offset += 16) {
    const block = cipher.subarray(offset, offset + 16);
    for (let j = 0; j < block.length; j++) ghash[j]! ^= block[j]!;
    gfMultiply(ghash, h);
  }
  const bits = cipher.length * 8;
  const lengths = new Uint8Array(16);
  new DataView(lengths.buffer).setUint32(8, Math.floor(bits / 2 ** 32));
  new DataView(lengths.buffer).setUint32(12, bits >>> 0);
  for (let j = 0; j < 16; j++) ghash[j]! ^= lengths[j]!;
  gfMultiply(ghash, h);
  const counter = new Uint8Array(16);
  counter.set(iv);
  counter[15] = 1;
  const expected = counter.slice();
  encryptBlock(roundKeys, expected);
  let diff = 0;
  for (let j = 0; j < 16; j++) diff |= expected[j]! ^ ghash[j]! ^ tag[j]!;
  if (diff !== 0) throw new AesGcmAuthError('authentication tag mismatch');
  const plain = new Uint8Array(cipher.length);
  const stream = new Uint8Array(16);
  const view = new DataView(counter.buffer);
  for (let offset = 0; offset < cipher.length; offset += 16) {
    view.setUint32(12, (view.getUint32(12) + 1) >>> 0);
    stream.set(counter);
    encryptBlock(roundKeys, stream);
    const end = Math.min(16, cipher.length - offset);
    for (let j = 0; j < end; j++) plain[offset + j] = cipher[offset + j]! ^ stream[j]!;
  }
  return plain;
}
