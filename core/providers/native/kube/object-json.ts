// How an object is stored: canonical JSON — keys sorted (by UTF-16 code units, at every level),
// two-space indent, a final newline — so the same object always gives the same bytes, and an
// unchanged object deduplicates against the last backup.

function write(value: unknown, indent: string): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return `[\n${value.map((v) => inner + write(v, inner)).join(',\n')}\n${indent}]`;
  }
  const rec = value as Record<string, unknown>;
  const keys = Object.keys(rec)
    .filter((k) => rec[k] !== undefined)
    .sort();
  if (keys.length === 0) return '{}';
  return `{\n${keys.map((k) => `${inner}${JSON.stringify(k)}: ${write(rec[k], inner)}`).join(',\n')}\n${indent}}`;
}

export function objectJson(value: unknown): Buffer {
  return Buffer.from(`${write(value, '')}\n`, 'utf8');
}
