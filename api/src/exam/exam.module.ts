import { Module } from '@nestjs/common';
import { PapersModule } from '../papers/papers.module.js';
import { ActiveClients } from './active-clients.js';
import { AnswerSavesRepository } from './answers/answer-saves.repository.js';
import { AnswerWriter } from './answers/answer-writer.js';
import { ExamGateway } from './answers/exam.gateway.js';
import { AttemptTransitions } from './attempt-transitions.js';
import { AttemptViewService } from './attempt-view.service.js';
import { AttemptsRepository } from './attempts.repository.js';
import { AttemptsService } from './attempts.service.js';
import { ExamClockSweeper } from './exam-clock.sweeper.js';
import { ExamEvents } from './exam-events.js';
import { ExamSessionRepository } from './exam-session.repository.js';
import { ExamSessionService } from './exam-session.service.js';
import { ExamStaffAccess } from './exam-staff-access.js';
import { ExamStaffController } from './exam-staff.controller.js';
import { ExamController } from './exam.controller.js';
import { RoomActionsService } from './room-actions.service.js';

/**
 * 人机对话 exam delivery: the candidate's login and session, the attempt state machine with its
 * server-owned clock, answer saves (HTTP and socket.io), the staff's start / pause / extra time, and the
 * time-up sweeper.
 */
@Module({
  imports: [PapersModule],
  controllers: [ExamController, ExamStaffController],
  providers: [
    ExamSessionRepository,
    ExamSessionService,
    AttemptsRepository,
    AttemptTransitions,
    AttemptsService,
    RoomActionsService,
    AttemptViewService,
    ExamStaffAccess,
    ExamEvents,
    ActiveClients,
    AnswerSavesRepository,
    AnswerWriter,
    ExamClockSweeper,
    ExamGateway,
  ],
  exports: [
    ExamEvents,
    ActiveClients,
    AttemptsService,
    RoomActionsService,
    ExamSessionService,
    AttemptViewService,
  ],
})
export class ExamModule {}
