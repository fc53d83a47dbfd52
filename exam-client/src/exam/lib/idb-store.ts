import type { QueueStore, QueuedSave } from './save-queue';

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB 请求失败'));
  });
}

function done(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error ?? new Error('IndexedDB 事务失败'));
    tx.onabort = () => reject(tx.error ?? new Error('IndexedDB 事务中止'));
  });
}

/**
 * Queued saves in IndexedDB: one database per attempt (`exam-saves:<attemptId>`) with a `saves` store keyed
 * by seq and a `meta` store holding the highest seq ever used, written in the same transaction as the save.
 */
export class IdbQueueStore implements QueueStore {
  private constructor(private readonly db: IDBDatabase) {}

  static async open(attemptId: string): Promise<IdbQueueStore> {
    const open = indexedDB.open(`exam-saves:${attemptId}`, 1);
    open.onupgradeneeded = () => {
      const db = open.result;
      if (!db.objectStoreNames.contains('saves')) db.createObjectStore('saves', { keyPath: 'seq' });
      if (!db.objectStoreNames.contains('meta')) db.createObjectStore('meta');
    };
    return new IdbQueueStore(await request(open));
  }

  async all(): Promise<QueuedSave[]> {
    const tx = this.db.transaction('saves', 'readonly');
    const rows = await request(tx.objectStore('saves').getAll() as IDBRequest<QueuedSave[]>);
    return rows.sort((a, b) => a.seq - b.seq);
  }

  async put(save: QueuedSave): Promise<void> {
    const tx = this.db.transaction(['saves', 'meta'], 'readwrite', { durability: 'strict' });
    const meta = tx.objectStore('meta');
    tx.objectStore('saves').put(save);
    const used = await request(meta.get('usedSeq') as IDBRequest<number | undefined>);
    meta.put(Math.max(used ?? 0, save.seq), 'usedSeq');
    await done(tx);
  }

  async delete(seq: number): Promise<void> {
    const tx = this.db.transaction('saves', 'readwrite');
    tx.objectStore('saves').delete(seq);
    await done(tx);
  }

  async usedSeq(): Promise<number> {
    const tx = this.db.transaction('meta', 'readonly');
    return (await request(tx.objectStore('meta').get('usedSeq') as IDBRequest<number | undefined>)) ?? 0;
  }
}

/** The store when IndexedDB cannot be opened (private mode, storage blocked): saves live as long as the page. */
export class MemoryQueueStore implements QueueStore {
  private readonly saves = new Map<number, QueuedSave>();
  private used = 0;

  all(): Promise<QueuedSave[]> {
    return Promise.resolve([...this.saves.values()].sort((a, b) => a.seq - b.seq));
  }

  put(save: QueuedSave): Promise<void> {
    this.saves.set(save.seq, save);
    this.used = Math.max(this.used, save.seq);
    return Promise.resolve();
  }

  delete(seq: number): Promise<void> {
    this.saves.delete(seq);
    return Promise.resolve();
  }

  usedSeq(): Promise<number> {
    return Promise.resolve(this.used);
  }
}
