/**
 * A text a workflow asks for by key (templates/i18n/{lv,en}.json) with its parameters, instead of composing Latvian
 * text itself (issue 15): the activity that writes it (a task, an alert, the case history) renders it in Latvian,
 * and a screen renders it in the reader's language.
 */
/** Parameters of a text; a parameter may itself be a text by key (rendered first, in the same language). */
export type TextParams = Readonly<Record<string, string | number | TextRef>>;

export interface TextRef {
  readonly key: string;
  readonly params?: TextParams;
}

export function text(key: string, params?: TextParams): TextRef {
  return params ? { key, params } : { key };
}

/** Renders a text with `translate` (key, flat parameters → text), its nested texts first. */
export function renderTextRef(
  ref: TextRef,
  translate: (key: string, params: Readonly<Record<string, string | number>>) => string,
): string {
  const flat: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(ref.params ?? {})) {
    flat[name] = typeof value === 'object' ? renderTextRef(value, translate) : value;
  }
  return translate(ref.key, flat);
}
