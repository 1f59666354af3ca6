/**
 * The HTML a letter may contain: a small, safe subset (paragraphs, line breaks, emphasis, lists, tables, headings,
 * links to https/mailto only). `sanitizeLetterHtml` enforces it on every rendered letter (sanitize-html);
 * `unsafeLetterMarkup` names the first thing in a template an administrator writes that the subset does not allow, so
 * the catalogue refuses it at save time instead of silently changing it.
 */
import sanitizeHtml from 'sanitize-html';

const TAGS = [
  'p',
  'br',
  'strong',
  'em',
  'b',
  'i',
  'u',
  'ul',
  'ol',
  'li',
  'table',
  'caption',
  'thead',
  'tbody',
  'tfoot',
  'tr',
  'th',
  'td',
  'h1',
  'h2',
  'h3',
  'h4',
  'a',
] as const;
const ATTRIBUTES: Record<string, string[]> = {
  a: ['href'],
  th: ['colspan', 'rowspan'],
  td: ['colspan', 'rowspan'],
};
const SCHEMES = ['https', 'mailto'];

const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: [...TAGS],
  allowedAttributes: ATTRIBUTES,
  allowedSchemes: SCHEMES,
  allowedSchemesByTag: {},
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  // Dropped with their content, not just their tags.
  nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'iframe', 'object', 'template', 'title'],
  parser: { lowerCaseTags: true, lowerCaseAttributeNames: true },
};

/** Keeps only the letter subset: no script/style, no event handlers or style attributes, no javascript: URLs. */
export function sanitizeLetterHtml(html: string): string {
  return sanitizeHtml(html, OPTIONS);
}

function allowedUrl(value: string): boolean {
  // What a browser would see: entities decoded and whitespace/control characters removed before the scheme.
  const decoded = value
    .replace(/&#x([0-9a-f]+);?/gi, (_, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#(\d+);?/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&colon;/gi, ':')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0020]/g, '');
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(decoded)?.[1]?.toLowerCase();
  return scheme !== undefined && SCHEMES.includes(scheme);
}

/** The first markup in `source` outside the letter subset, described for the administrator; null if there is none. */
export function unsafeLetterMarkup(source: string): string | null {
  let found: string | null = null;
  const note = (message: string) => {
    found ??= message;
  };
  sanitizeHtml(source, {
    ...OPTIONS,
    onOpenTag(name, attribs) {
      if (!(TAGS as readonly string[]).includes(name)) {
        note(`the <${name}> element is not allowed in a letter`);
        return;
      }
      for (const [attribute, value] of Object.entries(attribs)) {
        if (!(ATTRIBUTES[name] ?? []).includes(attribute)) {
          note(`the ${attribute} attribute of <${name}> is not allowed in a letter`);
        } else if (attribute === 'href' && !/^\s*{{[^}]*}}\s*$/.test(value) && !allowedUrl(value)) {
          note(`<a href> must be an https: or mailto: address`);
        }
      }
    },
  });
  return found;
}
