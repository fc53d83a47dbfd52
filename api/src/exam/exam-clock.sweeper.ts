import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { SETTINGS, type Settings } from '../bootstrap/settings.js';
import { Clock } from '../common/clock.js';
import { AttemptsService } from './attempts.service.js';

/** How often time-up is checked. */
export const SWEEP_INTERVAL_MS = 1000;

/**
 * The server closes attempts at time-up even when no browser is there: every second (and once at start-up,
 * for attempts that ran out while the API was down) it asks AttemptsService.closeExpired. Runs never
 * overlap; an error is logged and the next tick tries again. Off with `settings.examClockSweep === false`.
 */
@Injectable()
export class ExamClockSweeper implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('ExamClock');
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(
    private readonly attempts: AttemptsService,
    @Inject(SETTINGS) private readonly settings: Settings,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    if (this.settings.examClockSweep === false) return;
    void this.sweep();
    this.timer = setInterval(() => void this.sweep(), SWEEP_INTERVAL_MS);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  /** One sweep, unless one is still running. */
  sweep(): Promise<void> {
    if (this.running) return this.running;
    this.running = this.attempts
      .closeExpired(this.clock.now())
      .then((closed) => {
        if (closed > 0) this.logger.log(`time-up: ${closed} attempt(s) closed`);
      })
      .catch((error: unknown) =>
        this.logger.error(
          `time-up sweep failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
        ),
      )
      .finally(() => {
        this.running = null;
      });
    return this.running;
  }
}
