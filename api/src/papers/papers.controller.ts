import { Body, Controller, Get, Inject, Param, Post } from '@nestjs/common';
import { assemblePapersSchema, uuidSchema, type AssemblePapersRequest } from '@exam/contracts';
import { CurrentActor, Origin, Roles } from '../access/access.decorators.js';
import type { Actor, RequestOrigin } from '../access/actor.js';
import { Clock } from '../common/clock.js';
import { ZodPipe } from '../common/zod-pipe.js';
import { PapersService } from './papers.service.js';

const sittingId = new ZodPipe(uuidSchema, '场次编号');
const OFFICE = ['exam_office', 'admin'] as const;

/** 组卷 of a sitting, and what was assembled (no keys, no content). */
@Controller('sittings/:id/papers')
export class PapersController {
  constructor(
    private readonly papers: PapersService,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  @Post()
  @Roles(...OFFICE)
  assemble(
    @CurrentActor() actor: Actor,
    @Origin() origin: RequestOrigin,
    @Param('id', sittingId) id: string,
    @Body(new ZodPipe(assemblePapersSchema, '组卷')) body: AssemblePapersRequest,
  ) {
    return this.papers.assembleForSitting(id, { actor, origin }, body.reason, this.clock.now());
  }

  @Get()
  @Roles(...OFFICE)
  summary(@CurrentActor() actor: Actor, @Param('id', sittingId) id: string) {
    return this.papers.summary(actor, id);
  }
}
