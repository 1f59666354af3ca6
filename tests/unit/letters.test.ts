import { describe, expect, it } from '@jest/globals';
import { renderLetterHtml, textToHtmlBlocks } from '../../services/letters.js';

describe('letters as archival HTML', () => {
  it('turns text blocks into paragraphs and "- " lines into lists', () => {
    expect(textToHtmlBlocks('Pirmā rinda\notrā rinda\n\n- viens\n- divi\nBeigas')).toBe(
      '<p>Pirmā rinda<br>\notrā rinda</p>\n<ul>\n  <li>viens</li>\n  <li>divi</li>\n</ul>\n<p>Beigas</p>',
    );
  });

  it('renders a complete, self-contained Latvian document and escapes the data', () => {
    const html = renderLetterHtml(
      'means-test-reminder',
      {
        client: { name: '<script>alert(1)</script> Ozols', caseNumber: '0001000-2026-000001' },
        validTo: '2026-05-31',
        today: '2026-05-17',
      },
      'Atgādinājums',
    );
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).toContain('<html lang="lv">');
    expect(html).toContain('<meta charset="utf-8">');
    expect(html).toContain('2026-05-31');
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;');
    expect(html).not.toMatch(/(src|href)="https?:/);
  });
});
