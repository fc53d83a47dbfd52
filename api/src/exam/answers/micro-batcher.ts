/**
 * Coalesces single-key loads into one query per turn of the event loop: keys asked for together (and while
 * a load is running) are loaded together, up to `maxBatch` per query. Thousands of sockets connecting at
 * once then cost a few queries, not thousands.
 */
export class MicroBatcher<V> {
  private waiting = new Map<
    string,
    { resolve: (v: V | undefined) => void; reject: (e: unknown) => void }[]
  >();
  private scheduled = false;
  private running = 0;

  constructor(
    private readonly loadMany: (keys: string[]) => Promise<Map<string, V>>,
    private readonly maxBatch = 500,
    private readonly maxConcurrent = 2,
  ) {}

  load(key: string): Promise<V | undefined> {
    return new Promise((resolve, reject) => {
      const list = this.waiting.get(key);
      if (list) list.push({ resolve, reject });
      else this.waiting.set(key, [{ resolve, reject }]);
      this.kick();
    });
  }

  private kick(): void {
    if (this.scheduled || this.running >= this.maxConcurrent || this.waiting.size === 0) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      void this.run();
    });
  }

  private async run(): Promise<void> {
    if (this.waiting.size === 0) return;
    const batch = new Map<string, { resolve: (v: V | undefined) => void; reject: (e: unknown) => void }[]>();
    for (const [key, list] of this.waiting) {
      if (batch.size >= this.maxBatch) break;
      batch.set(key, list);
    }
    for (const key of batch.keys()) this.waiting.delete(key);
    this.running++;
    try {
      const values = await this.loadMany([...batch.keys()]);
      for (const [key, list] of batch) for (const w of list) w.resolve(values.get(key));
    } catch (error) {
      for (const list of batch.values()) for (const w of list) w.reject(error);
    } finally {
      this.running--;
      this.kick();
    }
  }
}
