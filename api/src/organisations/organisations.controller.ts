import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { createOrganisationRequestSchema, uuidSchema, type CreateOrganisationRequest } from '@exam/contracts';
import { CurrentActor, Origin, Roles } from '../access/access.decorators.js';
import type { Actor, RequestOrigin } from '../access/actor.js';
import { ZodPipe } from '../common/zod-pipe.js';
import { OrganisationsService } from './organisations.service.js';

@Controller('organisations')
export class OrganisationsController {
  constructor(private readonly organisations: OrganisationsService) {}

  @Get()
  @Roles('unit_hr', 'reviewer', 'exam_office', 'admin')
  list(@CurrentActor() actor: Actor) {
    return this.organisations.list(actor);
  }

  @Get(':id')
  @Roles('unit_hr', 'reviewer', 'exam_office', 'admin')
  get(@CurrentActor() actor: Actor, @Param('id', new ZodPipe(uuidSchema, '机构编号')) id: string) {
    return this.organisations.get(actor, id);
  }

  @Post()
  @Roles('exam_office', 'admin')
  create(
    @CurrentActor() actor: Actor,
    @Body(new ZodPipe(createOrganisationRequestSchema, '机构信息')) body: CreateOrganisationRequest,
    @Origin() origin: RequestOrigin,
  ) {
    return this.organisations.create(actor, body, origin);
  }
}
