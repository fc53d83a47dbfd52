/** The server's clock, injected so that rules depending on time can be tested with a fixed `now`. */
export abstract class Clock {
  abstract now(): Date;
}

export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}
