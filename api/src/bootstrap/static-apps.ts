import { existsSync } from 'node:fs';
import { join } from 'node:path';
import express, { type NextFunction, type Request, type Response } from 'express';

/**
 * Serves the built single-page apps: the proctor console under /console/, the candidate's 人机对话 exam
 * page under /exam/ (the exam client's second page, dist/exam/index.html), the candidate portal at /. Any
 * other GET that is not an API call or a file gets the app's index.html, so client-side routes survive a reload.
 */
export function staticApps(dirs: { examClient: string | null; proctorConsole: string | null }) {
  const mounts = [
    { prefix: '/console', dir: dirs.proctorConsole },
    { prefix: '/exam', dir: dirs.examClient && join(dirs.examClient, 'exam') },
    { prefix: '', dir: dirs.examClient },
  ].filter((m): m is { prefix: string; dir: string } => !!m.dir && existsSync(join(m.dir, 'index.html')));
  const servers = mounts.map((m) => ({
    ...m,
    files: express.static(m.dir, { index: false, maxAge: '1h', immutable: false }),
  }));
  return (request: Request, response: Response, next: NextFunction) => {
    if (request.path === '/api' || request.path.startsWith('/api/')) return next();
    if (request.method !== 'GET' && request.method !== 'HEAD') return next();
    const mount = servers.find(
      (m) => m.prefix === '' || request.path === m.prefix || request.path.startsWith(`${m.prefix}/`),
    );
    if (!mount) return next();
    if (mount.prefix && request.path === mount.prefix) return response.redirect(301, `${mount.prefix}/`);
    const original = request.url;
    request.url = request.url.slice(mount.prefix.length) || '/';
    mount.files(request, response, () => {
      request.url = original;
      if (!request.accepts('html')) return next();
      response.setHeader('Cache-Control', 'no-cache');
      response.sendFile(join(mount.dir, 'index.html'));
    });
  };
}

/** Conservative headers for every response. */
export function securityHeaders(_request: Request, response: Response, next: NextFunction) {
  response.setHeader('X-Content-Type-Options', 'nosniff');
  response.setHeader('X-Frame-Options', 'DENY');
  response.setHeader('Referrer-Policy', 'same-origin');
  response.setHeader(
    'Content-Security-Policy',
    "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; connect-src 'self' ws: wss:; frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
  );
  next();
}
