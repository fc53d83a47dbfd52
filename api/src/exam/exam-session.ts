/** A candidate's authenticated exam login (准考证号 + 身份证号) on one client instance. */
export interface ExamSessionContext {
  sessionId: string;
  attemptId: string;
  /** the browser tab's id (sessionStorage): a reload keeps it, another window has another */
  clientId: string;
  ip: string | null;
  userAgent: string | null;
}
