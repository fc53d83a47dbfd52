import type { Level } from './domain.js';

export interface OccupationView {
  id: string;
  code: string;
  name: string;
  category: string;
}

export interface PolicySummaryView {
  id: string;
  regionId: string;
  year: number;
  title: string;
  documentNo: string | null;
  latestVersion: number | null;
  status: 'draft' | 'published' | 'retired' | null;
}

export interface BatchView {
  id: string;
  regionId: string;
  code: string;
  name: string;
  year: number;
  status: 'draft' | 'open' | 'closed' | 'archived';
  policyId: string;
  policyVersion: number;
  windows: { kind: string; opensAt: string; closesAt: string }[];
}

export interface HealthView {
  status: 'ok';
  database: 'postgres' | 'pglite';
  /** server time, ISO 8601 UTC: the clock every client corrects itself by */
  now: string;
  version: string;
}

export type { Level };
