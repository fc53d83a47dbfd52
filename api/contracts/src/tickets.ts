import { z } from 'zod';
import { reasonSchema, uuidSchema } from './common.js';
import type { SittingComponent } from './sittings.js';

/** 准考证: issue, publish, render (as a job) and verify the QR code. */

export const issueTicketsSchema = z.strictObject({ reason: reasonSchema });
export type IssueTicketsRequest = z.infer<typeof issueTicketsSchema>;

export const publishTicketsSchema = z.strictObject({ reason: reasonSchema });
export type PublishTicketsRequest = z.infer<typeof publishTicketsSchema>;

export const renderTicketsSchema = z.strictObject({
  reason: reasonSchema,
  /** only the tickets of candidates seated in this room (in any sitting of the batch) */
  roomId: uuidSchema.optional(),
});
export type RenderTicketsRequest = z.infer<typeof renderTicketsSchema>;

/** The QR payload: `EXAMTICKET:<ticketNumber>:<16 hex signature>`. */
export const TICKET_QR_PATTERN = /^EXAMTICKET:([^:\s]{1,32}):([0-9a-f]{16})$/;

export const verifyTicketQuerySchema = z.strictObject({
  code: z
    .string({ error: '请提供二维码内容 code' })
    .trim()
    .min(1, { error: '请提供二维码内容 code' })
    .max(200, { error: '二维码内容过长' }),
});
export type VerifyTicketQuery = z.infer<typeof verifyTicketQuerySchema>;

export interface IssueTicketsResult {
  /** tickets issued by this call */
  issued: number;
  /** approved, seated applications that had a ticket already */
  alreadyIssued: number;
  /** application numbers of approved applications without any seat assignment (no ticket issued) */
  withoutSeat: string[];
}

export interface PublishTicketsResult {
  /** tickets published by this call */
  published: number;
  /** tickets that were published before */
  alreadyPublished: number;
}

export interface TicketSittingView {
  sittingId: string;
  component: SittingComponent;
  componentName: string;
  subject: string | null;
  sittingName: string;
  /** ISO 8601 (UTC) */
  startsAt: string;
  endsAt: string;
  venueName: string;
  roomId: string;
  roomName: string;
  seatLabel: string;
  machineId: string | null;
}

export interface TicketView {
  id: string;
  ticketNumber: string;
  applicationNumber: string;
  batchId: string;
  batchName: string;
  name: string;
  /** first and last four characters */
  idNumberMasked: string;
  occupationName: string;
  levelName: string;
  publishedAt: string | null;
  sittings: TicketSittingView[];
}

export interface TicketVerification {
  ticketNumber: string;
  name: string;
  idNumberMasked: string;
  occupationName: string;
  levelName: string;
  /** the application has a photo material (shown on the ticket) */
  photoAvailable: boolean;
  /** the seat for the sitting happening now (`now`) or the next one (`next`); null when none is left */
  seat: (TicketSittingView & { when: 'now' | 'next' }) | null;
}
