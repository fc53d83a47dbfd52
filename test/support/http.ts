/** A tiny HTTP helper for API tests: JSON in, status and JSON out. */
export interface HttpResult<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export async function http<T = any>(
  baseUrl: string,
  method: string,
  path: string,
  options: {
    token?: string;
    body?: unknown;
    rawBody?: string;
    contentType?: string;
    headers?: Record<string, string>;
  } = {},
): Promise<HttpResult<T>> {
  const headers: Record<string, string> = { ...(options.headers ?? {}) };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let body: string | undefined;
  if (options.rawBody !== undefined) body = options.rawBody;
  else if (options.body !== undefined) body = JSON.stringify(options.body);
  if (body !== undefined) headers['content-type'] = options.contentType ?? 'application/json';
  const response = await fetch(`${baseUrl}${path}`, { method, headers, body });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    /* not JSON */
  }
  return { status: response.status, body: parsed as T, headers: response.headers };
}

export async function login(baseUrl: string, username: string, password: string): Promise<string> {
  const result = await http<{ token: string }>(baseUrl, 'POST', '/api/auth/login', {
    body: { username, password },
  });
  if (result.status !== 200)
    throw new Error(`login ${username} failed: ${result.status} ${JSON.stringify(result.body)}`);
  return result.body.token;
}

/** Uploads a file as an application's material (raw body, name in X-File-Name). */
export async function putMaterial(
  baseUrl: string,
  token: string,
  applicationId: string,
  code: string,
  fileName: string,
  bytes: Buffer,
): Promise<HttpResult> {
  const response = await fetch(`${baseUrl}/api/applications/${applicationId}/materials/${code}`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${token}`, 'x-file-name': encodeURIComponent(fileName) },
    body: bytes,
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    /* not JSON */
  }
  return { status: response.status, body, headers: response.headers };
}
