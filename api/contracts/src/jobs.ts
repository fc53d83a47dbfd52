/** A long task (import, export, batch of documents) and its progress; the file, when it made one, is at /api/jobs/:id/file. */
export interface JobView {
  id: string;
  kind: string;
  status: 'running' | 'succeeded' | 'failed';
  done: number;
  total: number;
  message: string | null;
  /** what the job reports: e.g. { imported } for an import, { issues: [{ path, message }] } when it failed on input */
  result: unknown;
  fileName: string | null;
  createdAt: string;
  finishedAt: string | null;
}
