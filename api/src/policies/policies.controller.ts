import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { newPolicyVersionSchema, policyIdSchema, publishPolicyVersionSchema } from '@exam/contracts';
import { z } from 'zod';
import { Authenticated, CurrentActor, Origin, Roles } from '../access/access.decorators.js';
import type { Actor, RequestOrigin } from '../access/actor.js';
import { ZodPipe } from '../common/zod-pipe.js';
import { PoliciesService } from './policies.service.js';

const policyId = new ZodPipe(policyIdSchema, '政策编号');
const versionNumber = new ZodPipe(z.coerce.number().int().min(1).max(10000), '版本号');

@Controller('policies')
export class PoliciesController {
  constructor(private readonly policies: PoliciesService) {}

  @Get(':id')
  @Authenticated()
  detail(@Param('id', policyId) id: string) {
    return this.policies.detail(id);
  }

  @Get(':id/versions/:version')
  @Authenticated()
  version(@Param('id', policyId) id: string, @Param('version', versionNumber) version: number) {
    return this.policies.version(id, version);
  }

  @Post(':id/versions')
  @Roles('exam_office', 'admin')
  createVersion(
    @CurrentActor() actor: Actor,
    @Origin() origin: RequestOrigin,
    @Param('id', policyId) id: string,
    @Body(new ZodPipe(newPolicyVersionSchema, '政策版本')) body: z.output<typeof newPolicyVersionSchema>,
  ) {
    return this.policies.createVersion(actor, origin, id, body.document, body.reason);
  }

  @Post(':id/versions/:version/publish')
  @HttpCode(200)
  @Roles('exam_office', 'admin')
  publish(
    @CurrentActor() actor: Actor,
    @Origin() origin: RequestOrigin,
    @Param('id', policyId) id: string,
    @Param('version', versionNumber) version: number,
    @Body(new ZodPipe(publishPolicyVersionSchema, '发布政策')) body: { reason: string },
  ) {
    return this.policies.publish(actor, origin, id, version, body.reason);
  }
}
