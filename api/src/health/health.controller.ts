import { Controller, Get, Inject } from '@nestjs/common';
import type { HealthView } from '@exam/contracts';
import { Public } from '../access/access.decorators.js';
import { SETTINGS, type Settings } from '../bootstrap/settings.js';
import { Clock } from '../common/clock.js';
import { PRISMA, type PrismaClient } from '../database/prisma.js';

@Controller('health')
export class HealthController {
  constructor(
    @Inject(PRISMA) private readonly prisma: PrismaClient,
    @Inject(SETTINGS) private readonly settings: Settings,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  /** Liveness with a database round trip, and the server's time for clients to correct their clocks. */
  @Get()
  @Public()
  async health(): Promise<HealthView> {
    await this.prisma.$queryRaw`SELECT 1`;
    return {
      status: 'ok',
      database: this.settings.databaseKind,
      now: this.clock.now().toISOString(),
      version: this.settings.version,
    };
  }
}
