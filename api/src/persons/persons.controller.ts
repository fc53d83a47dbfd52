import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  createPersonRequestSchema,
  personListQuerySchema,
  revealIdNumberRequestSchema,
  uuidSchema,
  type CreatePersonRequest,
} from '@exam/contracts';
import type { z } from 'zod';
import { CurrentActor, Origin, Roles } from '../access/access.decorators.js';
import type { Actor, RequestOrigin } from '../access/actor.js';
import { ZodPipe } from '../common/zod-pipe.js';
import { PersonsService } from './persons.service.js';

const personId = new ZodPipe(uuidSchema, '人员编号');

@Controller()
export class PersonsController {
  constructor(private readonly persons: PersonsService) {}

  @Get('persons')
  @Roles('unit_hr', 'reviewer', 'exam_office', 'admin')
  list(
    @CurrentActor() actor: Actor,
    @Query(new ZodPipe(personListQuerySchema, '查询条件')) query: z.output<typeof personListQuerySchema>,
  ) {
    return this.persons.list(actor, query);
  }

  @Get('persons/:id')
  @Roles('unit_hr', 'reviewer', 'exam_office', 'admin')
  get(@CurrentActor() actor: Actor, @Param('id', personId) id: string) {
    return this.persons.get(actor, id);
  }

  @Post('persons')
  @Roles('unit_hr', 'exam_office', 'admin')
  create(
    @CurrentActor() actor: Actor,
    @Body(new ZodPipe(createPersonRequestSchema, '人员信息')) body: CreatePersonRequest,
    @Origin() origin: RequestOrigin,
  ) {
    return this.persons.create(actor, body, origin);
  }

  @Post('persons/:id/id-number')
  @HttpCode(200)
  @Roles('unit_hr', 'reviewer', 'exam_office', 'admin')
  revealIdNumber(
    @CurrentActor() actor: Actor,
    @Param('id', personId) id: string,
    @Body(new ZodPipe(revealIdNumberRequestSchema, '查看完整身份证号'))
    body: z.output<typeof revealIdNumberRequestSchema>,
    @Origin() origin: RequestOrigin,
  ) {
    return this.persons.revealIdNumber(actor, id, body.reason, origin);
  }

  @Get('me/person')
  @Roles('candidate')
  mine(@CurrentActor() actor: Actor) {
    return this.persons.mine(actor);
  }
}
