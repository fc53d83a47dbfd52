import { Injectable } from '@nestjs/common';
import type { EncryptedPaper } from '@exam/contracts';

/** SKELETON (to be written): the paper as delivered to the exam client (encrypted) and its key. */
@Injectable()
export class PaperDeliveryService {
  encryptedPaper(_attemptId: string): Promise<EncryptedPaper> {
    throw new Error('not implemented');
  }

  /** base64 of the paper's AES-256-GCM key (sent at the start signal) */
  paperKey(_attemptId: string): Promise<string> {
    throw new Error('not implemented');
  }
}
