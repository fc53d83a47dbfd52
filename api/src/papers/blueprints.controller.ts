import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import {
  blueprintListQuerySchema,
  saveBlueprintSchema,
  uuidSchema,
  type Blueprint,
  type BlueprintListQuery,
} from '@exam/contracts';
import { CurrentActor, Origin, Roles } from '../access/access.decorators.js';
import type { Actor, RequestOrigin } from '../access/actor.js';
import { ZodPipe } from '../common/zod-pipe.js';
import { BlueprintsService } from './blueprints.service.js';

const OFFICE = ['exam_office', 'admin'] as const;

/** 组卷方案: latest versions, one version, and saving a new version (checked against the bank). */
@Controller('blueprints')
export class BlueprintsController {
  constructor(private readonly blueprints: BlueprintsService) {}

  @Get()
  @Roles(...OFFICE)
  list(@Query(new ZodPipe(blueprintListQuerySchema, '查询条件')) query: BlueprintListQuery) {
    return this.blueprints.list(query);
  }

  @Get(':id')
  @Roles(...OFFICE)
  get(@Param('id', new ZodPipe(uuidSchema, '组卷方案编号')) id: string) {
    return this.blueprints.get(id);
  }

  @Post()
  @Roles(...OFFICE)
  save(
    @CurrentActor() actor: Actor,
    @Origin() origin: RequestOrigin,
    @Body(new ZodPipe(saveBlueprintSchema, '组卷方案')) body: { spec: Blueprint; reason: string },
  ) {
    return this.blueprints.save(actor, origin, body.spec, body.reason);
  }
}
