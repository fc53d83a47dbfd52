// Nest's dependency injection reads constructor types from decorator metadata: the test transform must emit it.
import 'reflect-metadata';
import { Injectable } from '@nestjs/common';
import { expect, it } from 'vitest';
class Dep {}
@Injectable()
class Svc {
  constructor(readonly dep: Dep) {}
}
it('emits decorator metadata', () => {
  expect(Reflect.getMetadata('design:paramtypes', Svc)).toEqual([Dep]);
});
