import { Inject, Module, type OnModuleDestroy } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { AttemptsRepository } from '../exam/attempts.repository.js';
import { ExamModule } from '../exam/exam.module.js';
import { ExamStaffAccess } from '../exam/exam-staff-access.js';
import { ProctorActionsService } from './proctor-actions.service.js';
import { ProctorGateway } from './proctor.gateway.js';
import { ProctoringController } from './proctoring.controller.js';
import { PROCTOR_REDIS, proctorRedisProviders } from './redis-connection.js';
import { RoomDirectory } from './room-directory.js';
import { RoomEventProducer } from './room-event-producer.js';
import { RoomSnapshotRepository } from './room-snapshot.repository.js';
import { RoomSnapshotService } from './room-snapshot.service.js';

/**
 * 监考: the invigilators' live room view over socket.io (/proctor) — snapshot, sequenced room events with
 * replay after a reconnect, the candidates' presence — and their actions (socket or HTTP). With REDIS_URL
 * the sequence, replay buffer and presence are shared by every API process.
 */
@Module({
  imports: [ExamModule],
  controllers: [ProctoringController],
  providers: [
    ...proctorRedisProviders,
    // stateless helpers of the exam module, provided here too (the exam module does not export them)
    AttemptsRepository,
    ExamStaffAccess,
    RoomSnapshotRepository,
    RoomDirectory,
    RoomSnapshotService,
    RoomEventProducer,
    ProctorActionsService,
    ProctorGateway,
  ],
  exports: [RoomEventProducer, RoomSnapshotService],
})
export class ProctoringModule implements OnModuleDestroy {
  constructor(@Inject(PROCTOR_REDIS) private readonly redis: Redis | null) {}

  async onModuleDestroy(): Promise<void> {
    await this.redis?.quit().catch(() => undefined);
  }
}
