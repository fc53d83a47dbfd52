import { createCipheriv, randomBytes } from 'node:crypto';
import type { EncryptedPaper, PaperContent } from '@exam/contracts';
import { describe, expect, it } from 'vitest';
import { decryptPaper } from './paper-crypto';

const ATTEMPT = '3f0c9a52-1d1e-4c55-9a3e-0c6f1b2a7d10';
const content: PaperContent = {
  attemptId: ATTEMPT,
  title: '职业道德（中级工）',
  sections: [],
  items: [],
};

/** encrypted as the server does: AES-256-GCM, data = ciphertext ‖ tag */
function encrypt(plain: object, attemptId = ATTEMPT) {
  const key = randomBytes(32);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const data = Buffer.concat([
    cipher.update(JSON.stringify(plain), 'utf8'),
    cipher.final(),
    cipher.getAuthTag(),
  ]);
  const paper: EncryptedPaper = {
    attemptId,
    algorithm: 'AES-GCM',
    iv: iv.toString('base64'),
    data: data.toString('base64'),
    itemCount: 0,
  };
  return { paper, key: key.toString('base64') };
}

describe('decryptPaper', () => {
  it('opens the paper with its key', async () => {
    const { paper, key } = encrypt(content);
    expect(await decryptPaper(paper, key)).toEqual(content);
  });

  it('refuses a wrong key or a tampered paper', async () => {
    const { paper } = encrypt(content);
    await expect(decryptPaper(paper, randomBytes(32).toString('base64'))).rejects.toThrow('试卷无法解密');
    const { paper: other, key } = encrypt(content);
    const bytes = Buffer.from(other.data, 'base64');
    bytes[0] = bytes[0]! ^ 1;
    await expect(decryptPaper({ ...other, data: bytes.toString('base64') }, key)).rejects.toThrow(
      '试卷无法解密',
    );
  });

  it('refuses a paper of another attempt', async () => {
    const { paper, key } = encrypt({ ...content, attemptId: 'another' });
    await expect(decryptPaper(paper, key)).rejects.toThrow('试卷与本场考试不符');
  });
});

describe('decryptPaper without WebCrypto (plain-http pages)', () => {
  it('opens the paper with the script cipher, for papers of any length', async () => {
    for (const filler of ['', 'x', 'é'.repeat(7), '题'.repeat(5000)]) {
      const body = { ...content, title: `${content.title}${filler}` };
      const { paper, key } = encrypt(body);
      expect(await decryptPaper(paper, key, undefined)).toEqual(body);
    }
  });

  it('refuses a wrong key or a tampered tag', async () => {
    const { paper, key } = encrypt(content);
    await expect(decryptPaper(paper, randomBytes(32).toString('base64'), undefined)).rejects.toThrow(
      '试卷无法解密',
    );
    const bytes = Buffer.from(paper.data, 'base64');
    bytes[bytes.length - 1] = bytes[bytes.length - 1]! ^ 0x80;
    await expect(decryptPaper({ ...paper, data: bytes.toString('base64') }, key, undefined)).rejects.toThrow(
      '试卷无法解密',
    );
  });
});
