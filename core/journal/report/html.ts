// HTML built only through the `html` tag: every interpolated value is escaped unless it is
// itself the output of `html`, so a hostile name from the catalog (an owner, a path, an error
// message) can never become markup.
export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

const entities: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => entities[c] ?? c);
}

type Part = Html | string | number | false | null | undefined | readonly Part[];

function renderPart(v: Part): string {
  if (v instanceof Html) return v.value;
  if (Array.isArray(v)) return v.map(renderPart).join('');
  if (v === undefined || v === null || v === false) return '';
  return escapeHtml(String(v));
}

export function html(strings: TemplateStringsArray, ...values: Part[]): Html {
  let out = strings[0] ?? '';
  values.forEach((v, i) => {
    out += renderPart(v) + (strings[i + 1] ?? '');
  });
  return new Html(out);
}

/** Markup that is ours (the style sheet, icons): trusted as written. */
export const trusted = (markup: string): Html => new Html(markup);
