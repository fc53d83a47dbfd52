import { Controller, Get, Query } from '@nestjs/common';
import { auditQuerySchema } from '@exam/contracts';
import type { z } from 'zod';
import { Roles } from '../access/access.decorators.js';
import { ZodPipe } from '../common/zod-pipe.js';
import { AuditService } from './audit.service.js';

@Controller('audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @Roles('admin')
  list(@Query(new ZodPipe(auditQuerySchema, '查询条件')) query: z.output<typeof auditQuerySchema>) {
    return this.audit.list(query);
  }
}
