import type { Page } from '@exam/contracts';
import { untrack } from 'svelte';
import { describeError } from '@exam/ui/lib/forms';

/** One page of a list loaded from the API; a newer load wins over a slower older one. */
export class PagedList<T> {
  page = $state<Page<T> | null>(null);
  loading = $state(false);
  error = $state<string | null>(null);
  private latest = 0;

  /** Safe to call from an effect: nothing read while starting the request becomes a dependency. */
  async load(fetchPage: () => Promise<Page<T>>): Promise<void> {
    const ticket = ++this.latest;
    const pending = untrack(fetchPage);
    this.loading = true;
    this.error = null;
    try {
      const page = await pending;
      if (ticket === this.latest) this.page = page;
    } catch (caught) {
      if (ticket === this.latest) this.error = describeError(caught).message;
    } finally {
      if (ticket === this.latest) this.loading = false;
    }
  }
}
