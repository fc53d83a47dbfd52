/**
 * 居民身份证号 (GB 11643-1999): 6-digit area code, 8-digit birth date, 3-digit sequence (odd = male),
 * and an ISO 7064 MOD 11-2 check character (0–9 or X).
 */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = '10X98765432';
const PROVINCE_CODES = new Set([
  11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61,
  62, 63, 64, 65, 71, 81, 82,
]);

export function idNumberCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK_CHARS[sum % 11]!;
}

export interface ParsedIdNumber {
  idNumber: string;
  areaCode: string;
  /** YYYY-MM-DD */
  birthDate: string;
  sex: 'M' | 'F';
}

export type IdNumberProblem = 'format' | 'area' | 'birth_date' | 'checksum';

export const ID_NUMBER_PROBLEM_TEXT: Record<IdNumberProblem, string> = {
  format: '身份证号应为18位：前17位是数字，最后一位是数字或 X',
  area: '身份证号前两位不是有效的省级行政区划代码',
  birth_date: '身份证号第7–14位不是有效的出生日期',
  checksum: '身份证号校验位不正确，请核对是否输错',
};

/** Parses and validates an ID number; a lower-case x is accepted and normalised. */
export function parseIdNumber(raw: string, today = new Date()): ParsedIdNumber | IdNumberProblem {
  const idNumber = raw.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(idNumber)) return 'format';
  if (!PROVINCE_CODES.has(Number(idNumber.slice(0, 2)))) return 'area';
  const y = Number(idNumber.slice(6, 10));
  const m = Number(idNumber.slice(10, 12));
  const d = Number(idNumber.slice(12, 14));
  const date = new Date(Date.UTC(y, m - 1, d));
  if (
    y < 1900 ||
    date.getUTCFullYear() !== y ||
    date.getUTCMonth() !== m - 1 ||
    date.getUTCDate() !== d ||
    date.getTime() > today.getTime()
  ) {
    return 'birth_date';
  }
  if (idNumberCheckChar(idNumber.slice(0, 17)) !== idNumber[17]) return 'checksum';
  return {
    idNumber,
    areaCode: idNumber.slice(0, 6),
    birthDate: idNumber.slice(6, 14).replace(/^(\d{4})(\d{2})(\d{2})$/, '$1-$2-$3'),
    sex: Number(idNumber[16]) % 2 === 1 ? 'M' : 'F',
  };
}

/** 4101**********1234 style: area prefix and last four shown, the birth date hidden. */
export function maskIdNumber(idNumber: string): string {
  if (idNumber.length < 8) return '*'.repeat(idNumber.length);
  return `${idNumber.slice(0, 4)}${'*'.repeat(idNumber.length - 8)}${idNumber.slice(-4)}`;
}

/** Masks every ID number inside a text (e.g. a file named 姓名_身份证号.jpg). */
export function maskIdNumbersIn(text: string): string {
  return text.replace(/\d{17}[\dXx]/g, (id) => maskIdNumber(id.toUpperCase()));
}

/** 138****5678: a phone number as shown in listings. */
export function maskPhone(phone: string | null): string | null {
  if (!phone) return null;
  return phone.length <= 4 ? '****' : `${phone.slice(0, 3)}****${phone.slice(-4)}`;
}
