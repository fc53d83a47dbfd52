import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * The paper as it travels before the start signal: AES-256-GCM with a 12-byte random iv; `data` is the
 * ciphertext followed by the 16-byte tag, base64 — what WebCrypto's `decrypt({ name: 'AES-GCM', iv })`
 * takes as it is.
 */
export const PAPER_KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;

export function newPaperKey(): Uint8Array<ArrayBuffer> {
  return new Uint8Array(randomBytes(PAPER_KEY_BYTES));
}

export function encryptJson(value: unknown, key: Uint8Array): { iv: string; data: string } {
  if (key.length !== PAPER_KEY_BYTES) throw new Error(`paper key must be ${PAPER_KEY_BYTES} bytes`);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
  return {
    iv: iv.toString('base64'),
    data: Buffer.concat([body, cipher.getAuthTag()]).toString('base64'),
  };
}

/** The inverse of encryptJson; throws when the key is wrong or the data was altered. */
export function decryptJson<T>(encrypted: { iv: string; data: string }, key: Uint8Array): T {
  const data = Buffer.from(encrypted.data, 'base64');
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(encrypted.iv, 'base64'));
  decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
  const text = Buffer.concat([decipher.update(data.subarray(0, data.length - TAG_BYTES)), decipher.final()]);
  return JSON.parse(text.toString('utf8')) as T;
}
