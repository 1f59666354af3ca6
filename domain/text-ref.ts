/**
 * A text a workflow asks for by key (templates/i18n/{lv,en}.json) with its parameters, instead of composing Latvian
 * text itself (issue 15): the activity that writes it (a task, an alert, the case history) renders it in Latvian,
 * and a screen renders it in the reader's language.
 */
export type TextParams = Readonly<Record<string, string | number>>;

export interface TextRef {
  readonly key: string;
  readonly params?: TextParams;
}

export function text(key: string, params?: TextParams): TextRef {
  return params ? { key, params } : { key };
}
