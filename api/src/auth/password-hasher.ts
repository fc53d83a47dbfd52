import { Inject, Injectable } from '@nestjs/common';
import bcrypt from 'bcrypt';
import { SETTINGS, type Settings } from '../bootstrap/settings.js';

@Injectable()
export class PasswordHasher {
  /** compared against when the account does not exist, so that timing does not reveal which names exist */
  private dummyHash: Promise<string> | undefined;

  constructor(@Inject(SETTINGS) private readonly settings: Settings) {}

  hash(password: string): Promise<string> {
    return bcrypt.hash(password, this.settings.bcryptCost);
  }

  verify(password: string, hash: string | null): Promise<boolean> {
    if (hash) return bcrypt.compare(password, hash);
    this.dummyHash ??= bcrypt.hash('not-a-password', this.settings.bcryptCost);
    return this.dummyHash.then((h) => bcrypt.compare(password, h)).then(() => false);
  }
}
