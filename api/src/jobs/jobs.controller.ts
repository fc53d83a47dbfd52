import { Controller, Get, Param, Res } from '@nestjs/common';
import { uuidSchema } from '@exam/contracts';
import type { Response } from 'express';
import { Authenticated, CurrentActor } from '../access/access.decorators.js';
import type { Actor } from '../access/actor.js';
import { ZodPipe } from '../common/zod-pipe.js';
import { sendStream } from '../files/send-file.js';
import { JobsService } from './jobs.service.js';

const jobId = new ZodPipe(uuidSchema, '任务编号');

@Controller('jobs')
export class JobsController {
  constructor(private readonly jobs: JobsService) {}

  @Get(':id')
  @Authenticated()
  get(@CurrentActor() actor: Actor, @Param('id', jobId) id: string) {
    return this.jobs.get(actor, id);
  }

  @Get(':id/file')
  @Authenticated()
  async file(@CurrentActor() actor: Actor, @Param('id', jobId) id: string, @Res() response: Response) {
    const file = await this.jobs.file(actor, id);
    await sendStream(response, file, file.fileName);
  }
}
