/**
 * Handlebars for the screens: an isolated environment with the templates of `templates/screens/` (one per screen)
 * and `templates/screens/partials/` (the layout and shared pieces), read and parsed once at start-up. Everything is
 * written with `{{…}}` (HTML-escaped); the only unescaped output is the partial block of the layout.
 */
import fs from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';
import { formatDate, formatDateTime, formatSize } from './format.js';
import { isLang, type Lang, type Params, type Translator } from './i18n.js';
import { SCREEN_TEMPLATES_DIR } from './paths.js';

/** The screens every deployment must have; any other `.hbs` in the folder is a screen too (one file per screen). */
export const REQUIRED_VIEWS = [
  'login',
  'cases',
  'new-case',
  'case',
  'error',
  'social-service',
  'service-types',
  'service-type-edit',
  'provider-services',
] as const;
export type ViewName = string;

export interface LayoutModel {
  title: string;
  lang: Lang;
  otherLang: Lang;
  langSwitchHref: string;
  user: { displayName: string; role: string } | null;
  csrfToken: string | null;
  canReadCases: boolean;
  canOpenCase: boolean;
  current: 'cases' | 'new-case' | null;
  flash: string | null;
}

export interface RootModel {
  lang: Lang;
  layout: LayoutModel;
  [key: string]: unknown;
}

type Template = (context: RootModel) => string;

const WARM_UP: RootModel = {
  lang: 'lv',
  layout: {
    title: '',
    lang: 'lv',
    otherLang: 'en',
    langSwitchHref: '/',
    user: null,
    csrfToken: null,
    canReadCases: false,
    canOpenCase: false,
    current: null,
    flash: null,
  },
};

function rootLang(options: Handlebars.HelperOptions): Lang {
  const data: unknown = options.data;
  if (data && typeof data === 'object' && 'root' in data) {
    const root: unknown = data.root;
    if (
      root &&
      typeof root === 'object' &&
      'lang' in root &&
      typeof root.lang === 'string' &&
      isLang(root.lang)
    ) {
      return root.lang;
    }
  }
  return 'lv';
}

function hashParams(options: Handlebars.HelperOptions): Params {
  const out: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(options.hash)) {
    if (typeof v === 'string' || typeof v === 'number') out[k] = v;
    else if (v !== undefined && v !== null) out[k] = String(v);
  }
  return out;
}

function readTemplates(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.isFile() && entry.name.endsWith('.hbs')) {
      out.set(entry.name.slice(0, -'.hbs'.length), fs.readFileSync(path.join(dir, entry.name), 'utf8'));
    }
  }
  return out;
}

export class ScreenRenderer {
  private readonly templates = new Map<ViewName, Template>();

  constructor(
    readonly translator: Translator,
    dir = SCREEN_TEMPLATES_DIR,
  ) {
    const hb = Handlebars.create();
    this.registerHelpers(hb);
    for (const [name, source] of readTemplates(path.join(dir, 'partials'))) {
      hb.parse(source, { srcName: `partials/${name}.hbs` });
      hb.registerPartial(name, hb.compile(source, { strict: false, preventIndent: true }));
    }
    const sources = readTemplates(dir);
    for (const view of REQUIRED_VIEWS) {
      if (!sources.has(view)) throw new Error(`screen template ${view}.hbs is missing in ${dir}`);
    }
    for (const [view, source] of sources) {
      hb.parse(source, { srcName: `${view}.hbs` });
      this.templates.set(view, hb.compile<RootModel>(source, { preventIndent: true }));
    }
    // Handlebars compiles a template on its first use: render each screen once now, so every template and partial
    // is compiled at start-up (and a broken one stops the start instead of failing a user's request).
    for (const view of this.templates.keys()) this.render(view, WARM_UP);
  }

  render(view: ViewName, model: RootModel): string {
    const template = this.templates.get(view);
    if (!template) throw new Error(`unknown screen ${view}`);
    return template(model);
  }

  private registerHelpers(hb: typeof Handlebars): void {
    const tr = this.translator;
    hb.registerHelper('t', (key: unknown, options: Handlebars.HelperOptions) =>
      tr.t(rootLang(options), String(key), hashParams(options)),
    );
    hb.registerHelper('tp', (key: unknown, count: unknown, options: Handlebars.HelperOptions) =>
      tr.tp(rootLang(options), String(key), Number(count), hashParams(options)),
    );
    /** `{{tk "prefix." value}}`: a key built from a prefix and a value, e.g. a status or a document type. */
    hb.registerHelper('tk', (prefix: unknown, value: unknown, options: Handlebars.HelperOptions) =>
      tr.t(rootLang(options), `${String(prefix)}${String(value)}`, hashParams(options)),
    );
    hb.registerHelper('datetime', (value: unknown, options: Handlebars.HelperOptions) =>
      typeof value === 'string' ? formatDateTime(value, rootLang(options)) : '',
    );
    hb.registerHelper('date', (value: unknown, options: Handlebars.HelperOptions) =>
      typeof value === 'string' ? formatDate(value, rootLang(options)) : '',
    );
    hb.registerHelper('filesize', (value: unknown, options: Handlebars.HelperOptions) =>
      typeof value === 'number' ? formatSize(value, rootLang(options), tr) : '',
    );
    hb.registerHelper('eq', (a: unknown, b: unknown) => a === b);
    hb.registerHelper('or', (...args: unknown[]) => args.slice(0, -1).some(Boolean));
    hb.registerHelper('concat', (...args: unknown[]) => args.slice(0, -1).map(String).join(''));
  }
}
