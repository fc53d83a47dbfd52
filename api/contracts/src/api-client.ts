import type { ApiError } from './errors.js';
import type { CurrentUser, LoginRequest, LoginResponse, PasswordChangeRequest, SessionView } from './auth.js';

/** A failed API call: `status` 0 means the server could not be reached. */
export class ApiRequestError extends Error {
  constructor(
    readonly status: number,
    readonly body: ApiError,
  ) {
    super(body.message);
  }

  /** the message for one field, when the server reported field problems */
  fieldMessage(path: string): string | undefined {
    return this.body.issues?.find((i) => i.path === path)?.message;
  }
}

export interface ApiClientOptions {
  baseUrl?: string;
  getToken: () => string | null;
  /** called on 401, e.g. to return to the login page */
  onUnauthenticated?: (error: ApiRequestError) => void;
  fetch?: typeof fetch;
}

/** The typed HTTP client both front-ends use; every response type comes from this package. */
export class ApiClient {
  private readonly baseUrl: string;
  private readonly fetchImpl: typeof fetch;

  constructor(private readonly options: ApiClientOptions) {
    this.baseUrl = options.baseUrl ?? '/api';
    this.fetchImpl = options.fetch ?? ((...args) => globalThis.fetch(...args));
  }

  async request<T>(
    method: string,
    path: string,
    body?: unknown,
    query?: Record<string, string | number | undefined>,
    options: { file?: { bytes: Blob; fileName: string }; blob?: boolean } = {},
  ): Promise<T> {
    const { file } = options;
    const search = query
      ? new URLSearchParams(
          Object.entries(query).flatMap(([k, v]) => (v === undefined || v === '' ? [] : [[k, String(v)]])),
        ).toString()
      : '';
    const headers: Record<string, string> = { accept: 'application/json' };
    const token = this.options.getToken();
    if (token) headers.authorization = `Bearer ${token}`;
    if (file) {
      headers['content-type'] = file.bytes.type || 'application/octet-stream';
      headers['x-file-name'] = encodeURIComponent(file.fileName);
    } else if (body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await this.fetchImpl(`${this.baseUrl}${path}${search ? `?${search}` : ''}`, {
        method,
        headers,
        body: file ? file.bytes : body === undefined ? undefined : JSON.stringify(body),
      });
    } catch {
      throw new ApiRequestError(0, {
        statusCode: 0,
        error: 'network',
        message: '无法连接服务器，请检查网络后重试',
      });
    }
    if (response.status === 204) return undefined as T;
    if (options.blob && response.ok) return (await response.blob()) as T;
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON (a proxy's error page, say): reported below by status
    }
    if (!response.ok) {
      const error = new ApiRequestError(
        response.status,
        (parsed as ApiError | undefined) ?? {
          statusCode: response.status,
          error: 'unknown',
          message: `请求失败（${response.status}）`,
        },
      );
      if (response.status === 401) this.options.onUnauthenticated?.(error);
      throw error;
    }
    return parsed as T;
  }

  get<T>(path: string, query?: Record<string, string | number | undefined>) {
    return this.request<T>('GET', path, undefined, query);
  }

  post<T>(path: string, body: unknown = {}) {
    return this.request<T>('POST', path, body);
  }

  put<T>(path: string, body: unknown = {}) {
    return this.request<T>('PUT', path, body);
  }

  /** A file as the raw request body (PUT), its name in the X-File-Name header, URI-encoded. */
  upload<T>(path: string, bytes: Blob, fileName: string) {
    return this.request<T>('PUT', path, undefined, undefined, { file: { bytes, fileName } });
  }

  /** A file the API serves (e.g. an uploaded material), as a Blob. */
  blob(path: string) {
    return this.request<Blob>('GET', path, undefined, undefined, { blob: true });
  }

  delete<T>(path: string) {
    return this.request<T>('DELETE', path);
  }

  login(request: LoginRequest) {
    return this.post<LoginResponse>('/auth/login', request);
  }

  logout() {
    return this.post<void>('/auth/logout');
  }

  me() {
    return this.get<CurrentUser>('/auth/me');
  }

  changePassword(request: PasswordChangeRequest) {
    return this.post<{ revokedSessions: number }>('/auth/password', request);
  }

  sessions() {
    return this.get<SessionView[]>('/auth/sessions');
  }
}
