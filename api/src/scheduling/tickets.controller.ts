import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import {
  issueTicketsSchema,
  publishTicketsSchema,
  renderTicketsSchema,
  uuidSchema,
  verifyTicketQuerySchema,
  type IssueTicketsRequest,
  type PublishTicketsRequest,
  type RenderTicketsRequest,
  type VerifyTicketQuery,
} from '@exam/contracts';
import type { Response } from 'express';
import { CurrentActor, Origin, Roles } from '../access/access.decorators.js';
import type { Actor, RequestOrigin } from '../access/actor.js';
import { ZodPipe } from '../common/zod-pipe.js';
import { sendFile } from '../files/send-file.js';
import { TicketsService } from './tickets.service.js';

const batchId = new ZodPipe(uuidSchema, '批次编号');

const OFFICE = ['exam_office', 'admin'] as const;

/** 准考证: issue, publish, download (single or a batch job) and QR verification. */
@Controller()
export class TicketsController {
  constructor(private readonly tickets: TicketsService) {}

  @Post('batches/:batchId/tickets')
  @HttpCode(200)
  @Roles(...OFFICE)
  issue(
    @CurrentActor() actor: Actor,
    @Origin() origin: RequestOrigin,
    @Param('batchId', batchId) id: string,
    @Body(new ZodPipe(issueTicketsSchema, '签发准考证')) body: IssueTicketsRequest,
  ) {
    return this.tickets.issue(actor, origin, id, body);
  }

  @Get('batches/:batchId/tickets')
  @Roles(...OFFICE)
  ofBatch(@CurrentActor() actor: Actor, @Param('batchId', batchId) id: string) {
    return this.tickets.ofBatch(actor, id);
  }

  @Post('batches/:batchId/tickets/publish')
  @HttpCode(200)
  @Roles(...OFFICE)
  publish(
    @CurrentActor() actor: Actor,
    @Origin() origin: RequestOrigin,
    @Param('batchId', batchId) id: string,
    @Body(new ZodPipe(publishTicketsSchema, '发布准考证')) body: PublishTicketsRequest,
  ) {
    return this.tickets.publish(actor, origin, id, body);
  }

  @Post('batches/:batchId/tickets/pdf')
  @HttpCode(202)
  @Roles(...OFFICE)
  render(
    @CurrentActor() actor: Actor,
    @Origin() origin: RequestOrigin,
    @Param('batchId', batchId) id: string,
    @Body(new ZodPipe(renderTicketsSchema, '打印准考证')) body: RenderTicketsRequest,
  ) {
    return this.tickets.render(actor, origin, id, body);
  }

  @Get('me/tickets')
  @Roles('candidate')
  mine(@CurrentActor() actor: Actor) {
    return this.tickets.mine(actor);
  }

  @Get('tickets/verify')
  @Roles('invigilator', ...OFFICE)
  verify(
    @CurrentActor() actor: Actor,
    @Origin() origin: RequestOrigin,
    @Query(new ZodPipe(verifyTicketQuerySchema, '查询条件')) query: VerifyTicketQuery,
  ) {
    return this.tickets.verify(actor, origin, query.code);
  }

  @Get('tickets/:id/pdf')
  @Roles('candidate', ...OFFICE)
  async pdf(
    @CurrentActor() actor: Actor,
    @Origin() origin: RequestOrigin,
    @Param('id', new ZodPipe(uuidSchema, '准考证编号')) id: string,
    @Res() response: Response,
  ) {
    const file = await this.tickets.pdf(actor, origin, id);
    sendFile(response, file.bytes, file.fileName);
  }
}
