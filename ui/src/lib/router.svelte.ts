/** Hash-based routes (`#/persons?q=张&page=2`), so every page survives a reload under any base path. */
export type Query = Record<string, string>;

function current(): { path: string; query: Query } {
  const raw = window.location.hash.replace(/^#/, '');
  const [path = '', search = ''] = raw.split('?', 2);
  return { path: path || '/', query: Object.fromEntries(new URLSearchParams(search)) };
}

export class Router {
  path = $state('/');
  query = $state<Query>({});
  /** the route shown before this one, e.g. to return to a filtered list */
  previous = $state<{ path: string; query: Query } | null>(null);

  constructor() {
    this.read();
    window.addEventListener('hashchange', () => this.read());
  }

  /** the link for a route; empty query values are left out */
  href(path: string, query: Record<string, string | number | undefined> = {}): string {
    const search = Object.entries(query)
      .filter(([, value]) => value !== undefined && value !== '')
      .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`)
      .join('&');
    return `#${path}${search ? `?${search}` : ''}`;
  }

  go(path: string, query: Record<string, string | number | undefined> = {}): void {
    window.location.hash = this.href(path, query);
  }

  private read(): void {
    const { path, query } = current();
    if (path !== this.path) this.previous = { path: this.path, query: this.query };
    this.path = path;
    this.query = query;
  }
}

export const router = new Router();
