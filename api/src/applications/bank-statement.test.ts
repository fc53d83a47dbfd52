import { describe, expect, it } from 'vitest';
import { parseCsv, parseStatement, StatementFormatError, yuanToFen } from './bank-statement.js';

describe('bank statements', () => {
  it('reads quoted cells, doubled quotes, CRLF and a BOM', () => {
    expect(parseCsv('\uFEFFa,"b,1","c ""x"""\r\n1,2,3\n')).toEqual([
      ['a', 'b,1', 'c "x"'],
      ['1', '2', '3'],
    ]);
  });

  it('turns yuan into fen without floats', () => {
    expect(yuanToFen('275.00')).toBe(27500);
    expect(yuanToFen('¥1,234.5')).toBe(123450);
    expect(yuanToFen('0.1')).toBe(10);
    expect(yuanToFen('12.345')).toBeNull();
    expect(yuanToFen('abc')).toBeNull();
  });

  it('finds the columns by their usual names and reports bad rows by line', () => {
    const parsed = parseStatement(
      '交易流水号,交易日期,交易金额,对方户名,附言\nT1,2026-03-02,275.00,张三,JF1234567890\n,2026-03-02,1,李四,x\nT3,2026-03-02,abc,王五,y\n',
    );
    expect(parsed.rows).toEqual([
      {
        line: 2,
        transactionId: 'T1',
        date: '2026-03-02',
        amountFen: 27500,
        payer: '张三',
        remark: 'JF1234567890',
      },
    ]);
    expect(parsed.problems.map((p) => p.line)).toEqual([3, 4]);
  });

  it('refuses a file without the needed columns, naming them', () => {
    expect(() => parseStatement('日期,说明\n2026-01-01,x\n')).toThrow(StatementFormatError);
    expect(() => parseStatement('日期,说明\n2026-01-01,x\n')).toThrow(/交易流水号.*金额.*附言/);
  });
});

describe('bank statement lines', () => {
  it('reports the file’s own line numbers across blank lines and quoted line breaks, and skips outgoing rows', () => {
    const parsed = parseStatement(
      '交易流水号,交易日期,交易金额,对方户名,附言\n\nT1,2026-03-02,275.00,"张\n三",JF1234567890\nT2,2026-03-02,-5.00,银行,手续费\nT3,2026-03-02,abc,王五,y\n',
    );
    expect(parsed.rows.map((r) => r.line)).toEqual([3]);
    expect(parsed.problems).toEqual([
      { line: 5, message: '不是收入（入账）交易，已跳过' },
      { line: 6, message: '金额「abc」无法识别' },
    ]);
  });
});
