/**
 * Letters as archival HTML: one self-contained HTML5 document (UTF-8, Latvian, no external resources, print styles)
 * from a plain-text-shaped Handlebars template in `templates/letters/`. Template data is HTML-escaped by Handlebars;
 * the structure is derived from the text: the first line is the heading, blank lines separate paragraphs, lines
 * starting with "- " form lists. Every letter body is sanitised to a small safe subset of HTML (`letter-html.ts`), and a
 * template given as data (a service type's letter) with markup outside that subset is refused when it is saved.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';
import { sanitizeLetterHtml, unsafeLetterMarkup } from './letter-html.js';

const LETTERS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../templates/letters');
const compiled = new Map<string, Handlebars.TemplateDelegate>();

function letterHandlebars(): typeof Handlebars {
  const hb = Handlebars.create();
  hb.registerHelper('eur', (v: unknown) => (typeof v === 'number' ? `${v.toFixed(2)} EUR` : '—'));
  hb.registerHelper('or', (a: unknown, b: unknown) => a ?? b);
  return hb;
}

function template(name: string): Handlebars.TemplateDelegate {
  let t = compiled.get(name);
  if (!t) {
    t = letterHandlebars().compile(fs.readFileSync(path.join(LETTERS_DIR, `${name}.hbs`), 'utf8'), {
      strict: false,
    });
    compiled.set(name, t);
  }
  return t;
}

/**
 * Checks a letter template given as data (a service type's letters): it must parse and use only the letter
 * helpers. Returns the parser's message, or null when the template is usable.
 */
export function letterSourceError(source: string): string | null {
  if (source.includes('{{{') || /{{\s*&/.test(source))
    return 'unescaped output ({{{ … }}}) is not allowed in a letter';
  const markup = unsafeLetterMarkup(source);
  if (markup) return markup;
  try {
    letterHandlebars().precompile(source, { knownHelpers: { eur: true, or: true }, knownHelpersOnly: true });
    return null;
  } catch (err) {
    return err instanceof Error
      ? (err.message.split('\n')[0] ?? 'not a valid template')
      : 'not a valid template';
  }
}

function sourceTemplate(source: string): Handlebars.TemplateDelegate {
  const key = `source:${source}`;
  let t = compiled.get(key);
  if (!t) {
    t = letterHandlebars().compile(source, { knownHelpers: { eur: true, or: true }, knownHelpersOnly: true });
    if (compiled.size > 500) compiled.clear();
    compiled.set(key, t);
  }
  return t;
}

/** Turns escaped, text-shaped letter content into HTML blocks. */
export function textToHtmlBlocks(text: string): string {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  const out: string[] = [];
  let paragraph: string[] = [];
  let list: string[] = [];
  const flush = () => {
    if (paragraph.length) out.push(`<p>${paragraph.join('<br>\n')}</p>`);
    if (list.length) out.push(`<ul>\n${list.map((l) => `  <li>${l}</li>`).join('\n')}\n</ul>`);
    paragraph = [];
    list = [];
  };
  for (const raw of lines) {
    const line = raw.trimEnd();
    if (line.trim() === '') {
      flush();
    } else if (line.startsWith('- ')) {
      if (paragraph.length) {
        out.push(`<p>${paragraph.join('<br>\n')}</p>`);
        paragraph = [];
      }
      list.push(line.slice(2));
    } else {
      if (list.length) {
        out.push(`<ul>\n${list.map((l) => `  <li>${l}</li>`).join('\n')}\n</ul>`);
        list = [];
      }
      paragraph.push(line);
    }
  }
  flush();
  return out.join('\n');
}

export function renderLetterHtml(name: string, data: Record<string, unknown>, title: string): string {
  return letterDocument(template(name)(data), title);
}

/** A letter from a template given as text (a service type's own letter), rendered like the file templates. */
export function renderLetterSourceHtml(source: string, data: Record<string, unknown>, title: string): string {
  return letterDocument(sourceTemplate(source)(data), title);
}

function letterDocument(rendered: string, title: string): string {
  const text = rendered.trim();
  const [first = '', ...rest] = text.split('\n');
  const escapedTitle = Handlebars.escapeExpression(title);
  return `<!DOCTYPE html>
<html lang="lv">
<head>
<meta charset="utf-8">
<title>${escapedTitle}</title>
<style>
  body { font-family: "Times New Roman", serif; font-size: 12pt; line-height: 1.45; max-width: 42em; margin: 2em auto; color: #000; }
  h1 { font-size: 14pt; text-align: center; margin-bottom: 1.5em; }
  ul { padding-left: 1.5em; }
  @page { size: A4; margin: 2cm; }
</style>
</head>
<body>
${sanitizeLetterHtml(`<h1>${first}</h1>\n${textToHtmlBlocks(rest.join('\n'))}`)}
</body>
</html>
`;
}
