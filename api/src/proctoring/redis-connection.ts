import { Logger, type Provider } from '@nestjs/common';
import { Redis } from 'ioredis';
import { SETTINGS, type Settings } from '../bootstrap/settings.js';
import { PRESENCE, InMemoryPresence, RedisPresence } from './presence.js';
import { InMemoryRoomEventLog, ROOM_EVENT_LOG, RedisRoomEventLog } from './room-event-log.js';

/** The proctoring module's Redis connection (REDIS_URL), or null when one process works alone. */
export const PROCTOR_REDIS = Symbol('ProctorRedis');

export const proctorRedisProviders: Provider[] = [
  {
    provide: PROCTOR_REDIS,
    inject: [SETTINGS],
    useFactory: (settings: Settings): Redis | null => {
      if (!settings.redisUrl) return null;
      const redis = new Redis(settings.redisUrl, { maxRetriesPerRequest: 3, enableAutoPipelining: true });
      redis.on('error', (error) => new Logger('ProctorRedis').warn(`Redis：${error.message}`));
      return redis;
    },
  },
  {
    provide: ROOM_EVENT_LOG,
    inject: [PROCTOR_REDIS],
    useFactory: (redis: Redis | null) => (redis ? new RedisRoomEventLog(redis) : new InMemoryRoomEventLog()),
  },
  {
    provide: PRESENCE,
    inject: [PROCTOR_REDIS],
    useFactory: (redis: Redis | null) => (redis ? new RedisPresence(redis) : new InMemoryPresence()),
  },
];
