import { Injectable } from '@nestjs/common';
import type { EncryptedPaper } from '@exam/contracts';
import { NotFound } from '../common/domain-errors.js';
import { parseStoredBlueprint } from './blueprint-spec.js';
import { buildPaperContent } from './paper-content.js';
import { encryptJson } from './paper-crypto.js';
import { PaperDeliveryRepository } from './paper-delivery.repository.js';

/**
 * The paper as delivered to the exam client: its content (paper-content.ts: no keys, rubrics or
 * explanations) encrypted with the paper's AES-256-GCM key, sent at check-in; the key itself is sent at the
 * start signal. The caller (exam delivery) decides when each may be given to whom.
 */
@Injectable()
export class PaperDeliveryService {
  constructor(private readonly repository: PaperDeliveryRepository) {}

  async encryptedPaper(attemptId: string): Promise<EncryptedPaper> {
    const attempt = await this.repository.paperOfAttempt(attemptId);
    if (!attempt) throw new NotFound('没有找到该作答');
    const { paper } = attempt;
    const spec = parseStoredBlueprint(paper.blueprint.spec);
    const items = await this.repository.items(paper.id);
    const content = buildPaperContent(
      attemptId,
      { name: paper.blueprint.name, sections: spec.sections },
      items,
    );
    const { iv, data } = encryptJson(content, paper.contentKey);
    return { attemptId, algorithm: 'AES-GCM', iv, data, itemCount: items.length };
  }

  /** base64 of the paper's AES-256-GCM key (sent at the start signal) */
  async paperKey(attemptId: string): Promise<string> {
    const paper = await this.repository.contentKey(attemptId);
    if (!paper) throw new NotFound('没有找到该作答');
    return Buffer.from(paper.contentKey).toString('base64');
  }
}
