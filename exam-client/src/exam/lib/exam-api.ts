import type {
  AnswerSaveMessage,
  ApiError,
  EncryptedPaper,
  ExamAttemptView,
  ExamLoginRequest,
  ExamLoginResponse,
  SaveAck,
} from '@exam/contracts';

/** A failed exam API call; `status` 0 means the server could not be reached. */
export class ExamApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ApiError,
  ) {
    super(body.message);
  }
}

/**
 * The exam's HTTP calls, on plain fetch (the shared ApiClient lives in @exam/contracts beside the zod
 * schemas, which the exam page must not load).
 */
export class ExamApi {
  constructor(
    private readonly getToken: () => string | null,
    private readonly fetchImpl: typeof fetch = (...args) => globalThis.fetch(...args),
    private readonly baseUrl = '/api/exam',
  ) {}

  login(request: ExamLoginRequest): Promise<ExamLoginResponse> {
    return this.call('POST', '/login', request);
  }

  attempt(): Promise<ExamAttemptView> {
    return this.call('GET', '/attempt');
  }

  ready(): Promise<ExamAttemptView> {
    return this.call('POST', '/ready', { identityConfirmed: true, rulesAccepted: true });
  }

  paper(): Promise<EncryptedPaper> {
    return this.call('GET', '/paper');
  }

  /** the HTTP fallback of 'answer:save': refusals come back as a SaveAck too */
  async saveAnswer(save: AnswerSaveMessage): Promise<SaveAck> {
    try {
      return await this.call<SaveAck>('POST', '/answers', save);
    } catch (error) {
      const body = error instanceof ExamApiError ? (error.body as unknown) : null;
      if (body && typeof body === 'object' && 'ok' in body) return body as SaveAck;
      throw error;
    }
  }

  submit(lastSeq: number): Promise<ExamAttemptView> {
    return this.call('POST', '/submit', { confirm: true, lastSeq });
  }

  logout(): Promise<void> {
    return this.call('POST', '/logout', {});
  }

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    const token = this.getToken();
    if (token) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await this.fetchImpl(`${this.baseUrl}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        cache: 'no-store',
      });
    } catch {
      throw new ExamApiError(0, {
        statusCode: 0,
        error: 'network',
        message: '无法连接服务器，请检查网络后重试',
      });
    }
    if (response.status === 204) return undefined as T;
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON (a proxy's error page): reported by status below
    }
    if (!response.ok) {
      const fallback: ApiError = {
        statusCode: response.status,
        error: 'unknown',
        message: response.status >= 500 ? '服务器暂时无法处理，请稍后重试' : `请求失败（${response.status}）`,
      };
      const body =
        parsed && typeof parsed === 'object' ? { ...fallback, ...(parsed as Partial<ApiError>) } : fallback;
      throw new ExamApiError(response.status, body);
    }
    return parsed as T;
  }
}
