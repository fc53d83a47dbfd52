import { Global, Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, DiscoveryModule } from '@nestjs/core';
import { AccessGuard } from './access/access.guard.js';
import { ApplicationsModule } from './applications/applications.module.js';
import { AccessRepository } from './access/access.repository.js';
import { AccessService } from './access/access.service.js';
import { AuditController } from './audit/audit.controller.js';
import { AuditRepository } from './audit/audit.repository.js';
import { AuditService } from './audit/audit.service.js';
import { AuthController } from './auth/auth.controller.js';
import { AuthRepository } from './auth/auth.repository.js';
import { AuthService } from './auth/auth.service.js';
import { PasswordHasher } from './auth/password-hasher.js';
import { SessionService } from './auth/session.service.js';
import { SETTINGS, type Settings } from './bootstrap/settings.js';
import { BatchesModule } from './batches/batches.module.js';
import { CalendarModule } from './calendar/calendar.module.js';
import { Clock } from './common/clock.js';
import { ApiErrorFilter } from './common/error-filter.js';
import { PRISMA, type PrismaClient } from './database/prisma.js';
import { DocumentsModule } from './documents/documents.module.js';
import { PoliciesModule } from './policies/policies.module.js';
import { PapersModule } from './papers/papers.module.js';
import { ExamModule } from './exam/exam.module.js';
import { FileStore } from './files/file-store.js';
import { HealthController } from './health/health.controller.js';
import { IncidentsModule } from './incidents/incidents.module.js';
import { OrganisationsController } from './organisations/organisations.controller.js';
import { OrganisationsRepository } from './organisations/organisations.repository.js';
import { OrganisationsService } from './organisations/organisations.service.js';
import { PersonsController } from './persons/persons.controller.js';
import { ProctoringModule } from './proctoring/proctoring.module.js';
import { PersonsRepository } from './persons/persons.repository.js';
import { PersonsService } from './persons/persons.service.js';
import { ReferenceController } from './reference/reference.controller.js';
import { ReferenceRepository } from './reference/reference.repository.js';
import { ReferenceService } from './reference/reference.service.js';
import { HandbookModule } from './scheduling/handbook.module.js';
import { SittingsModule } from './scheduling/sittings.module.js';
import { TicketsModule } from './scheduling/tickets.module.js';
import { UsersController } from './users/users.controller.js';
import { UsersRepository } from './users/users.repository.js';
import { UsersService } from './users/users.service.js';
import { VenuesModule } from './scheduling/venues.module.js';

export interface AppDependencies {
  prisma: PrismaClient;
  settings: Settings;
  clock: Clock;
}

/** What every module shares: the database, settings, clock, audit log, sessions and the access decision. */
@Global()
@Module({})
export class CoreModule {
  static with(deps: AppDependencies): DynamicModule {
    const providers = [
      { provide: PRISMA, useValue: deps.prisma },
      { provide: SETTINGS, useValue: deps.settings },
      { provide: Clock, useValue: deps.clock },
      AuditRepository,
      AuditService,
      FileStore,
      AuthRepository,
      PasswordHasher,
      SessionService,
      AccessRepository,
      AccessService,
    ];
    return { module: CoreModule, providers, exports: providers.map((p) => ('provide' in p ? p.provide : p)) };
  }
}

@Module({
  controllers: [AuthController, UsersController, AuditController],
  providers: [AuthService, UsersService, UsersRepository],
  exports: [UsersService],
})
export class AccountsModule {}

@Module({
  controllers: [OrganisationsController, PersonsController, ReferenceController, HealthController],
  providers: [
    OrganisationsService,
    OrganisationsRepository,
    PersonsService,
    PersonsRepository,
    ReferenceService,
    ReferenceRepository,
  ],
})
export class RecordsModule {}

@Module({})
export class AppModule {
  static with(deps: AppDependencies): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CoreModule.with(deps),
        DiscoveryModule,
        AccountsModule,
        RecordsModule,
        CalendarModule,
        DocumentsModule,
        PoliciesModule,
        ApplicationsModule,
        SittingsModule,
        TicketsModule,
        HandbookModule,
        VenuesModule,
        BatchesModule,
        PapersModule,
        ExamModule,
        IncidentsModule,
        ProctoringModule,
      ],
      providers: [
        { provide: APP_GUARD, useClass: AccessGuard },
        { provide: APP_FILTER, useClass: ApiErrorFilter },
      ],
    };
  }
}
