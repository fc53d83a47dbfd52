import { ApiClient, ApiRequestError, type CurrentUser, type LoginRequest, type Role } from '@exam/contracts';

function readToken(key: string): string | null {
  try {
    return sessionStorage.getItem(key);
  } catch {
    return null;
  }
}

function writeToken(key: string, token: string | null): void {
  try {
    if (token) sessionStorage.setItem(key, token);
    else sessionStorage.removeItem(key);
  } catch {
    // storage unavailable (private mode): the session lasts as long as the page
  }
}

/**
 * Who is signed in, with the API client that carries their token. Each app keeps its token under its own
 * `sessionStorage` key (e.g. `exam-client.token`), so the two apps' logins in one tab stay apart.
 */
export class Session {
  private readonly tokenKey: string;
  token = $state<string | null>(null);
  user = $state<CurrentUser | null>(null);
  /** true while a stored token is being checked on start-up */
  restoring = $state(false);
  /** a problem checking the stored token other than it being invalid (e.g. the server is unreachable) */
  restoreError = $state<string | null>(null);
  /** why the user was sent back to the login page, e.g. 登录已过期，请重新登录 */
  notice = $state<string | null>(null);

  readonly api = new ApiClient({
    getToken: () => this.token,
    onUnauthenticated: (error) => this.expire(error),
  });

  constructor(tokenKey: string) {
    this.tokenKey = tokenKey;
    this.token = readToken(tokenKey);
  }

  hasRole(...roles: Role[]): boolean {
    return !!this.user?.roles.some((grant) => roles.includes(grant.role));
  }

  /** Checks a token kept from earlier in this browser tab. */
  async restore(): Promise<void> {
    if (!this.token) return;
    this.restoring = true;
    this.restoreError = null;
    try {
      this.user = await this.api.me();
    } catch (error) {
      if (!(error instanceof ApiRequestError) || error.status !== 401) {
        this.restoreError = error instanceof Error ? error.message : String(error);
      }
    } finally {
      this.restoring = false;
    }
  }

  async login(request: LoginRequest): Promise<void> {
    const response = await this.api.login(request);
    this.setToken(response.token);
    this.user = response.user;
    this.notice = null;
  }

  async logout(): Promise<void> {
    try {
      await this.api.logout();
    } catch {
      // the session is dropped locally whatever the server says
    }
    this.clear(null);
  }

  passwordChanged(): void {
    if (this.user) this.user = { ...this.user, mustChangePassword: false };
  }

  /** Any 401 while signed in: the token is no longer good. */
  private expire(error: ApiRequestError): void {
    if (!this.token) return;
    this.clear(error.message);
  }

  private clear(notice: string | null): void {
    this.setToken(null);
    this.user = null;
    this.restoreError = null;
    this.notice = notice;
  }

  private setToken(token: string | null): void {
    this.token = token;
    writeToken(this.tokenKey, token);
  }
}
