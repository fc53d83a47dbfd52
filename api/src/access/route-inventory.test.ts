import 'reflect-metadata';
import { Controller, Get, Module, Post } from '@nestjs/common';
import { DiscoveryModule, NestFactory } from '@nestjs/core';
import { describe, expect, it } from 'vitest';
import { Public, Roles } from './access.decorators.js';
import { assertEveryRouteDeclared, listRoutes } from './route-inventory.js';

@Controller('things')
class ThingsController {
  @Get()
  @Public()
  list() {
    return [];
  }

  @Post()
  @Roles('admin')
  create() {
    return {};
  }

  @Get(':id')
  forgotten() {
    return {};
  }
}

@Module({ imports: [DiscoveryModule], controllers: [ThingsController] })
class ThingsModule {}

describe('route inventory', () => {
  it('lists every route with its declaration and refuses an application with an undeclared route', async () => {
    const app = await NestFactory.create(ThingsModule, { logger: false });
    app.setGlobalPrefix('api');
    await app.init();
    const routes = listRoutes(app, 'api');
    expect(routes.map((r) => `${r.method} ${r.path} ${r.access?.kind ?? 'none'}`)).toEqual([
      'GET /api/things public',
      'POST /api/things roles',
      'GET /api/things/:id none',
    ]);
    expect(() => assertEveryRouteDeclared(routes)).toThrow(
      /GET \/api\/things\/:id \(ThingsController\.forgotten\)/,
    );
    await app.close();
  });
});
