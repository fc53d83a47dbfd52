import type { EncryptedPaper, PaperContent } from '@exam/contracts';
import { aesGcmDecrypt } from './aes-gcm';

function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

export class PaperDecryptError extends Error {}

/**
 * Opens the paper delivered at check-in with the key sent at the start signal: AES-256-GCM, `data` is the
 * ciphertext followed by the 16-byte tag (what WebCrypto expects), the plaintext is the paper as JSON.
 */
export async function decryptPaper(
  paper: EncryptedPaper,
  keyBase64: string,
  subtle: SubtleCrypto | undefined = globalThis.crypto?.subtle,
): Promise<PaperContent> {
  if (paper.algorithm !== 'AES-GCM') throw new PaperDecryptError('试卷加密方式不受支持，请联系监考老师');
  let plain: ArrayBuffer | Uint8Array;
  try {
    const iv = fromBase64(paper.iv);
    const data = fromBase64(paper.data);
    const keyBytes = fromBase64(keyBase64);
    if (subtle) {
      const key = await subtle.importKey('raw', keyBytes, { name: 'AES-GCM' }, false, ['decrypt']);
      plain = await subtle.decrypt({ name: 'AES-GCM', iv }, key, data);
    } else {
      // no WebCrypto on plain-http pages (exam rooms on a local network): the same cipher in script
      plain = aesGcmDecrypt(keyBytes, iv, data);
    }
  } catch {
    throw new PaperDecryptError('试卷无法解密（密钥不符或试卷已损坏），请刷新页面；仍不行请联系监考老师');
  }
  const content = JSON.parse(new TextDecoder().decode(plain)) as PaperContent;
  if (content.attemptId !== paper.attemptId)
    throw new PaperDecryptError('试卷与本场考试不符，请联系监考老师');
  return content;
}
