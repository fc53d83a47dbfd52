import { Controller, Get, Query } from '@nestjs/common';
import { z } from 'zod';
import { Authenticated } from '../access/access.decorators.js';
import { ZodPipe } from '../common/zod-pipe.js';
import { ReferenceService } from './reference.service.js';

const regionQuery = z.strictObject({
  regionId: z
    .string()
    .trim()
    .regex(/^[a-z0-9-]{2,64}$/, { error: '地区编号格式不正确' })
    .optional(),
});

@Controller()
export class ReferenceController {
  constructor(private readonly reference: ReferenceService) {}

  @Get('regions')
  @Authenticated()
  regions() {
    return this.reference.regions();
  }

  @Get('occupations')
  @Authenticated()
  occupations(@Query(new ZodPipe(regionQuery, '查询条件')) query: z.output<typeof regionQuery>) {
    return this.reference.occupations(query.regionId);
  }

  @Get('policies')
  @Authenticated()
  policies() {
    return this.reference.policies();
  }

  @Get('batches')
  @Authenticated()
  batches(@Query(new ZodPipe(regionQuery, '查询条件')) query: z.output<typeof regionQuery>) {
    return this.reference.batches(query.regionId);
  }
}
