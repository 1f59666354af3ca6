import { describe, expect, it } from '@jest/globals';
import { csvCell, csvDocument } from '../../../domain/csv.js';

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
