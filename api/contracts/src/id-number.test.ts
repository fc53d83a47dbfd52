import { describe, expect, it } from 'vitest';
import { idNumberCheckChar, maskIdNumber, parseIdNumber } from './id-number.js';
import { createPersonRequestSchema } from './persons.js';
import { loginRequestSchema } from './auth.js';

describe('居民身份证号', () => {
  it('accepts a valid number and reads birth date and sex from it', () => {
    expect(parseIdNumber('410702198503150013')).toEqual({
      idNumber: '410702198503150013',
      areaCode: '410702',
      birthDate: '1985-03-15',
      sex: 'M',
    });
    expect(parseIdNumber('410702198503150021')).toMatchObject({ sex: 'F' });
  });

  it('computes the ISO 7064 MOD 11-2 check character, including X, and accepts a lower-case x', () => {
    expect(idNumberCheckChar('41070219850315001')).toBe('3');
    expect(idNumberCheckChar('41070219850315169')).toBe('X');
    expect(parseIdNumber('41070219850315169x')).toMatchObject({ idNumber: '41070219850315169X' });
  });

  it('names what is wrong', () => {
    expect(parseIdNumber('410702198503150012')).toBe('checksum');
    expect(parseIdNumber('41070219850315001')).toBe('format');
    expect(parseIdNumber('4107021985031500AB')).toBe('format');
    expect(parseIdNumber('990702198503150012')).toBe('area');
    expect(parseIdNumber('410702198502300017')).toBe('birth_date');
    expect(parseIdNumber('410702189912310010')).toBe('birth_date');
  });

  it('refuses a birth date after today', () => {
    const first17 = '41070220300101001';
    expect(parseIdNumber(first17 + idNumberCheckChar(first17), new Date('2026-11-23T00:00:00Z'))).toBe(
      'birth_date',
    );
  });

  it('masks all but the area prefix and the last four', () => {
    expect(maskIdNumber('41070219850315169X')).toBe('4107**********169X');
  });
});

describe('request schemas', () => {
  it('refuse unknown fields and normalise the user name', () => {
    expect(loginRequestSchema.safeParse({ username: ' Admin ', password: 'x' })).toMatchObject({
      success: true,
      data: { username: 'admin' },
    });
    expect(loginRequestSchema.safeParse({ username: 'a', password: 'x', role: 'admin' }).success).toBe(false);
  });

  it('turn a bad ID number into a field message in Chinese', () => {
    const r = createPersonRequestSchema.safeParse({ idNumber: '410702198503150012' });
    expect(r.success).toBe(false);
    const issue = r.error!.issues.find((i) => i.path[0] === 'idNumber');
    expect(issue?.message).toBe('身份证号校验位不正确，请核对是否输错');
  });
});

describe('masking inside texts', () => {
  it('masks every ID number in a file name, and phone numbers', async () => {
    const { maskIdNumbersIn, maskPhone } = await import('./id-number.js');
    expect(maskIdNumbersIn('张三_41070219850412901x.jpg')).toBe('张三_4107**********901X.jpg');
    expect(maskIdNumbersIn('证书.png')).toBe('证书.png');
    expect(maskPhone('13912345678')).toBe('139****5678');
    expect(maskPhone(null)).toBeNull();
  });
});
