import {
  APPLICATION_STATUS_LABELS,
  type ApplicationStatus,
  type ApplicationSummary,
  type EligibilityInput,
} from '@exam/contracts';

/** Chinese names of the honour kinds the notices list; other kinds show their code. */
export const HONOUR_KINDS: Record<string, string> = {
  municipal_commendation: '省辖市级以上党委、政府表彰或省级以上工作部门工作表彰',
  labour_medal: '五一劳动奖章',
  technical_expert: '省辖市级以上技术能手',
  competition_award: '省辖市级以上技能竞赛个人三等奖以上',
  patent: '本工种相关国家发明专利或实用新型专利',
  special_talent: '本行业特殊人才（绝招、绝技、绝活）',
  model_worker: '劳动模范',
  innovation_award: '技术革新、技术发明成果奖',
};

export const TRANSFER_IN_LABELS: Record<NonNullable<EligibilityInput['transferIn']>['kind'], string> = {
  veteran: '退役军人安置',
  enterprise: '企业调入',
  other_province: '外省调入',
};

export function honourLabel(kind: string): string {
  return HONOUR_KINDS[kind] ?? kind;
}

export function statusLabel(status: ApplicationStatus): string {
  return APPLICATION_STATUS_LABELS[status];
}

/** Who acts now, in plain words. */
export function stageText(application: Pick<ApplicationSummary, 'status' | 'stage'>): string {
  if (application.stage) return `${application.stage.name}（${application.stage.organisationName}）`;
  switch (application.status) {
    case 'draft':
      return '待申报人提交';
    case 'returned':
      return '待修改后重新提交';
    case 'publicity':
      return '公示中';
    default:
      return '—';
  }
}

/** A moment shown in Beijing time, e.g. 2024-03-21 09:30. */
export function beijingTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const parts = new Intl.DateTimeFormat('zh-CN', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).formatToParts(new Date(iso));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}`;
}

/** An amount in fen (integer) as 元 with two decimals, e.g. 32000 → "320.00 元". */
export function yuan(fen: number | null | undefined): string {
  if (fen === null || fen === undefined) return '—';
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(Math.trunc(fen));
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')} 元`;
}

/** 4107**********001X for a full ID number. */
export function maskIdNumber(idNumber: string): string {
  return idNumber.length === 18 ? `${idNumber.slice(0, 4)}${'*'.repeat(10)}${idNumber.slice(-4)}` : idNumber;
}
