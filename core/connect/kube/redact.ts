// Every secret value of a kubeconfig user entry, to scrub from text that came from elsewhere.

import { isRec, type Rec } from './kubeconfig-model';

/** Fields of a user entry that name things rather than hold secrets. */
const NOT_SECRET = new Set(['name', 'username', 'command', 'apiVersion', 'installHint', 'interactiveMode']);

function collect(value: unknown, key: string, out: string[]): void {
  if (NOT_SECRET.has(key)) return;
  if (typeof value === 'string') {
    out.push(value);
    // Inline certificates and keys are base64 of PEM: each PEM line is key material too.
    if (key.endsWith('-data')) {
      for (const line of Buffer.from(value, 'base64').toString('utf8').split(/\r?\n/)) out.push(line.trim());
    }
  } else if (Array.isArray(value)) {
    value.forEach((v) => collect(v, key, out));
  } else if (isRec(value)) {
    for (const [k, v] of Object.entries(value)) collect(v, k, out);
  }
}

/** A function replacing each secret of `user` found in a text by "[redacted]". */
export function redactorFor(user: Rec | undefined): (text: string) => string {
  const secrets: string[] = [];
  if (user) collect(user, '', secrets);
  const list = [...new Set(secrets.filter((s) => s.length >= 4 && !s.startsWith('-----')))].sort(
    (a, b) => b.length - a.length,
  );
  return (text) => list.reduce((t, s) => t.split(s).join('[redacted]'), text);
}
