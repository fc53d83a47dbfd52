/** Display names for record values the contracts package does not label. */
const SANCTION_KIND_LABELS: Record<string, string> = {
  under_investigation: '立案审查（调查）期间',
  party_discipline: '党纪处分',
  government_discipline: '政务处分',
  fraud_ban: '考试违纪禁考',
};

export function sanctionKindLabel(kind: string): string {
  return SANCTION_KIND_LABELS[kind] ?? kind;
}

/** "—" for a value the record does not have. */
export function orDash(value: string | number | null | undefined): string {
  return value === null || value === undefined || value === '' ? '—' : String(value);
}
