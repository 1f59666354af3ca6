import { describe, expect, it } from '@jest/globals';
import { sanitizeLetterHtml, unsafeLetterMarkup } from '../../services/letter-html.js';
import { letterSourceError, renderLetterSourceHtml } from '../../services/letters.js';

describe('the letter HTML subset', () => {
  it.each([
    ['a script tag, with its content', 'a<script>alert(1)</script>b', 'ab'],
    ['a style tag, with its content', '<style>p{display:none}</style><p>x</p>', '<p>x</p>'],
    ['an onerror attribute', '<p onerror="alert(1)">x</p>', '<p>x</p>'],
    ['an img with onerror', 'x<img src=x onerror="alert(1)">', 'x'],
    ['a javascript: href', '<a href="javascript:alert(1)">x</a>', '<a>x</a>'],
    [
      'a javascript: href with entities and spaces',
      '<a href=" jav&#x09;ascript&colon;alert(1)">x</a>',
      '<a>x</a>',
    ],
    ['a data: href', '<a href="data:text/html,<script>alert(1)</script>">x</a>', '<a>x</a>'],
    ['a style attribute', '<p style="position:fixed">x</p>', '<p>x</p>'],
    ['an iframe', '<iframe src="https://example.lv"></iframe>y', 'y'],
    ['an svg with script', '<svg><script>alert(1)</script></svg>z', 'z'],
  ])('removes %s', (_name, input, expected) => {
    expect(sanitizeLetterHtml(input)).toBe(expected);
  });

  it('keeps the allowed markup as it is', () => {
    const allowed =
      '<h2>Lēmums</h2><p>Teksts<br />ar <strong>svarīgo</strong> un <em>uzsvaru</em></p>' +
      '<ul><li>viens</li></ul><ol><li>divi</li></ol>' +
      '<table><caption>Summas</caption><thead><tr><th>Mēnesis</th></tr></thead>' +
      '<tbody><tr><td colspan="2">12.50 EUR</td></tr></tbody></table>' +
      '<p><a href="https://www.riga.lv">riga.lv</a> <a href="mailto:soc@riga.lv">e-pasts</a></p>';
    expect(sanitizeLetterHtml(allowed)).toBe(allowed);
    expect(unsafeLetterMarkup(allowed)).toBeNull();
  });

  it.each([
    ['a script tag', 'Piešķirts<script>alert(1)</script>', /<script>/],
    ['an onerror attribute', '<b onerror="x()">!</b>', /onerror/],
    ['an onclick attribute in upper case', '<P ONCLICK="x()">!</P>', /onclick/],
    ['a javascript: href', '<a href="javascript:alert(1)">x</a>', /https: or mailto:/],
    ['a style element', '<style>body{}</style>', /<style>/],
    ['a style attribute', '<p style="color:red">x</p>', /style/],
    ['an iframe', '<iframe src="https://x.lv"></iframe>', /<iframe>/],
  ])('names %s in a template', (_name, source, message) => {
    expect(unsafeLetterMarkup(source)).toMatch(message);
    expect(letterSourceError(source)).toMatch(message);
  });

  it('accepts plain text-shaped templates and a link filled from data', () => {
    expect(letterSourceError('Lēmums\nPiešķirts {{service.name}} no {{decision.startDate}}.')).toBeNull();
    expect(letterSourceError('Skatīt <a href="{{link}}">šeit</a>')).toBeNull();
  });

  it('sanitises a letter rendered from a template stored before templates were checked', () => {
    const html = renderLetterSourceHtml(
      'Lēmums<script>alert(1)</script>\nTeksts <img src=x onerror="alert(2)"> un <a href="{{link}}">saite</a>',
      { link: 'javascript:alert(3)' },
      'Lēmums',
    );
    expect(html).toContain('<h1>Lēmums</h1>');
    expect(html).not.toMatch(/<script|onerror|javascript:|<img/i);
    expect(html).toContain('<a>saite</a>');
  });
});
