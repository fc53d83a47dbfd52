import { Inject, Injectable } from '@nestjs/common';
import type { Prisma, Role } from '@exam/db';
import { PRISMA, type Db, type PrismaClient } from '../database/prisma.js';

export const userView = {
  roles: {
    include: { organisation: { select: { id: true, name: true } } },
    orderBy: { role: 'asc' as const },
  },
  invigilatorRooms: { select: { roomId: true } },
} as const;

@Injectable()
export class UsersRepository {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  async list(where: Prisma.UserWhereInput, page: number, pageSize: number) {
    const [items, total] = await Promise.all([
      this.prisma.user.findMany({
        where,
        include: userView,
        orderBy: { username: 'asc' },
        skip: (page - 1) * pageSize,
        take: pageSize,
      }),
      this.prisma.user.count({ where }),
    ]);
    return { items, total };
  }

  findById(id: string, db: Db = this.prisma) {
    return db.user.findUnique({ where: { id }, include: userView });
  }

  usernameTaken(username: string) {
    return this.prisma.user.count({ where: { username } }).then((n) => n > 0);
  }

  personLinked(personId: string) {
    return this.prisma.user.count({ where: { personId } }).then((n) => n > 0);
  }

  personExists(personId: string) {
    return this.prisma.person.count({ where: { id: personId } }).then((n) => n > 0);
  }

  existingOrganisations(ids: string[]) {
    return this.prisma.organisation.findMany({ where: { id: { in: ids } }, select: { id: true } });
  }

  existingRooms(ids: string[]) {
    return this.prisma.room.findMany({ where: { id: { in: ids } }, select: { id: true } });
  }

  create(
    data: {
      username: string;
      displayName: string;
      passwordHash: string;
      mustChangePassword: boolean;
      personId: string | null;
      roles: { role: Role; organisationId: string | null }[];
      roomIds: string[];
    },
    db: Db,
  ) {
    return db.user.create({
      data: {
        username: data.username,
        displayName: data.displayName,
        passwordHash: data.passwordHash,
        mustChangePassword: data.mustChangePassword,
        personId: data.personId,
        roles: { create: data.roles },
        invigilatorRooms: { create: data.roomIds.map((roomId) => ({ roomId })) },
      },
      include: userView,
    });
  }

  setStatus(id: string, status: 'active' | 'disabled', db: Db) {
    return db.user.update({ where: { id }, data: { status }, include: userView });
  }
}

export type UserRow = NonNullable<Awaited<ReturnType<UsersRepository['findById']>>>;
