import { describe, expect, it } from '@jest/globals';
import { csvCell, csvDocument } from '../../infra/csv.js';

describe('csvCell', () => {
  it.each([
    ['plain', 'plain'],
    ['=HYPERLINK("http://x")', `"'=HYPERLINK(""http://x"")"`],
    ['+371 2000', "'+371 2000"],
    ['-1+1', "'-1+1"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tx', "'\tx"],
    ['Rīga, centrs', '"Rīga, centrs"'],
    ['a "b"', '"a ""b"""'],
    ['two\nlines', '"two\nlines"'],
    ['', ''],
  ])('%j → %j', (input, expected) => {
    expect(csvCell(input)).toBe(expected);
  });

  it('leaves numbers (also negative ones) as numbers and empty values empty', () => {
    expect(csvCell(-3)).toBe('-3');
    expect(csvCell(null)).toBe('');
    expect(csvCell(undefined)).toBe('');
  });
});

describe('csvDocument', () => {
  it('joins cells with commas and rows with CRLF, ending with a line break', () => {
    expect(
      csvDocument([
        ['a', 'b'],
        ['=1', 2],
      ]),
    ).toBe("a,b\r\n'=1,2\r\n");
  });
});

describe('csv formats', () => {
  it('quotes cells with a semicolon or a bare line break, writes booleans as words, LF on request', () => {
    expect(csvDocument([['a;b', 'x\ry', true, false]], { lineEnd: '\n' })).toBe('"a;b","x\ry",true,false\n');
  });

  it('formats numbers per column without escaping negative ones', () => {
    const twoDecimals = (n: number, column: number) => (column === 1 ? n.toFixed(2) : String(n));
    expect(csvDocument([[-3, -12.5, '-12.5']], { number: twoDecimals })).toBe("-3,-12.50,'-12.5\r\n");
  });

  it('escapes the full-width forms of formula characters too', () => {
    expect(csvCell('＝1+1')).toBe("'＝1+1");
  });
});
