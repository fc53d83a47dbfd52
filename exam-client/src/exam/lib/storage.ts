/** sessionStorage / localStorage that never throws (private mode, storage blocked) */
function safe(kind: 'session' | 'local') {
  const store = () => (kind === 'session' ? sessionStorage : localStorage);
  return {
    get(key: string): string | null {
      try {
        return store().getItem(key);
      } catch {
        return null;
      }
    },
    set(key: string, value: string | null): void {
      try {
        if (value === null) store().removeItem(key);
        else store().setItem(key, value);
      } catch {
        // storage unavailable: the value lasts as long as the page
      }
    },
  };
}

export const tabStorage = safe('session');
export const deviceStorage = safe('local');

/** This tab's client id: kept across reloads (sessionStorage), another window gets its own. */
export function tabClientId(newId: () => string): string {
  const existing = tabStorage.get('exam.clientId');
  if (existing && /^[A-Za-z0-9_-]{8,64}$/.test(existing)) return existing;
  const id = newId();
  tabStorage.set('exam.clientId', id);
  return id;
}

/**
 * The tab's client id, made unique among this browser's open tabs: a duplicated tab inherits sessionStorage
 * and so the id; it asks the other tabs (BroadcastChannel) and takes a new id when one already holds it.
 */
export async function uniqueTabClientId(newId: () => string, waitMs = 150): Promise<string> {
  let id = tabClientId(newId);
  if (typeof BroadcastChannel === 'undefined') return id;
  const channel = new BroadcastChannel('exam-client-ids');
  const taken = await new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), waitMs);
    channel.onmessage = (event: MessageEvent<{ taken?: string }>) => {
      if (event.data.taken === id) {
        clearTimeout(timer);
        resolve(true);
      }
    };
    channel.postMessage({ ask: id });
  });
  if (taken) {
    id = newId();
    tabStorage.set('exam.clientId', id);
  }
  // from now on, answer other tabs that ask about this id
  channel.onmessage = (event: MessageEvent<{ ask?: string }>) => {
    if (event.data.ask === id) channel.postMessage({ taken: id });
  };
  return id;
}
