import { Body, Controller, Get, HttpCode, Post, Res } from '@nestjs/common';
import type { Response } from 'express';
import {
  examLoginSchema,
  examReadySchema,
  examSubmitSchema,
  type ExamLoginRequest,
  type ExamReadyRequest,
  type ExamSubmitRequest,
  type SaveAck,
} from '@exam/contracts';
import { CurrentExamSession, ExamCandidate, Origin, Public } from '../access/access.decorators.js';
import type { RequestOrigin } from '../access/actor.js';
import { ZodPipe } from '../common/zod-pipe.js';
import { AnswerWriter } from './answers/answer-writer.js';
import { AttemptsService } from './attempts.service.js';
import { ExamSessionService } from './exam-session.service.js';
import type { ExamSessionContext } from './exam-session.js';

/**
 * 人机对话, the candidate's exam client: login with 准考证号 + 身份证号, then (with the exam token) the
 * attempt, ready, the encrypted paper, answer saves (the HTTP fallback of the socket), submit and logout.
 */
@Controller('exam')
export class ExamController {
  constructor(
    private readonly sessions: ExamSessionService,
    private readonly attempts: AttemptsService,
    private readonly writer: AnswerWriter,
  ) {}

  @Post('login')
  @HttpCode(200)
  @Public()
  login(
    @Body(new ZodPipe(examLoginSchema, '考试登录信息')) body: ExamLoginRequest,
    @Origin() origin: RequestOrigin,
  ) {
    return this.sessions.login(body, origin);
  }

  @Get('attempt')
  @ExamCandidate()
  attempt(@CurrentExamSession() session: ExamSessionContext) {
    return this.attempts.view(session);
  }

  @Post('ready')
  @HttpCode(200)
  @ExamCandidate()
  ready(
    @CurrentExamSession() session: ExamSessionContext,
    @Body(new ZodPipe(examReadySchema, '开考确认')) body: ExamReadyRequest,
  ) {
    return this.attempts.ready(session, body);
  }

  @Get('paper')
  @ExamCandidate()
  paper(@CurrentExamSession() session: ExamSessionContext) {
    return this.attempts.paper(session);
  }

  /**
   * One answer save over HTTP (the socket's fallback): 200 with the SaveAck, also when the save is refused
   * (the ack says why); 429 with Retry-After and the ack when the server is at capacity (the client keeps the
   * save and resends).
   */
  @Post('answers')
  @HttpCode(200)
  @ExamCandidate()
  async save(
    @CurrentExamSession() session: ExamSessionContext,
    @Body() body: unknown,
    @Res({ passthrough: true }) response: Response,
  ): Promise<SaveAck> {
    const ack = await this.writer.save(session, body);
    if (!ack.ok && ack.code === 'busy') {
      response.status(429);
      response.setHeader('Retry-After', String(Math.max(1, Math.ceil((ack.retryAfterMs ?? 1000) / 1000))));
    }
    return ack;
  }

  @Post('submit')
  @HttpCode(200)
  @ExamCandidate()
  submit(
    @CurrentExamSession() session: ExamSessionContext,
    @Body(new ZodPipe(examSubmitSchema, '交卷')) body: ExamSubmitRequest,
  ) {
    return this.attempts.submit(session, body);
  }

  @Post('logout')
  @HttpCode(204)
  @ExamCandidate()
  logout(@CurrentExamSession() session: ExamSessionContext, @Origin() origin: RequestOrigin) {
    return this.sessions.logout(session, origin);
  }
}
