import { Injectable } from '@nestjs/common';
import type { ExamSessionContext } from './exam-session.js';

/** SKELETON (to be written): exam logins (准考证号 + 身份证号) and their tokens. */
@Injectable()
export class ExamSessionService {
  authenticate(_token: string): Promise<ExamSessionContext> {
    throw new Error('not implemented');
  }
}
