// Scopes: one protected piece of a system, written as text.
//   server:NAME:/abs/path
//   cluster:NAME:namespace/NS
//   cluster:NAME:namespace/NS/KIND/NAME
// Parsing checks the syntax; whether NAME exists is checked where systems are saved.
import { posix } from 'node:path';
import type { ScopeView } from '../api/contract';
import { LifeboatError } from '../api/errors';

const entryName = /^[a-z0-9]([a-z0-9._-]{0,61}[a-z0-9])?$/;
const dnsLabel = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const kindName = /^[A-Za-z][A-Za-z0-9]{0,62}$/;
const dnsSubdomain = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;

function bad(text: string, why: string): LifeboatError {
  return new LifeboatError(
    'estate.bad_scope',
    `Scope "${text.slice(0, 200)}": ${why}. Use server:NAME:/abs/path, cluster:NAME:namespace/NS or cluster:NAME:namespace/NS/KIND/NAME.`,
  );
}

export function parseScope(text: string): ScopeView {
  const m = /^(server|cluster):([^:]+):(.*)$/s.exec(text);
  if (!m) throw bad(text, 'it must start with server: or cluster: and have three parts');
  const [, type, name = '', rest = ''] = m;
  if (!entryName.test(name)) throw bad(text, `"${name}" is not a valid ${type} name`);
  if (type === 'server') {
    if (!rest.startsWith('/')) throw bad(text, 'the path must be absolute (start with /)');
    if (rest.includes('\0') || /[\n\r]/.test(rest)) throw bad(text, 'the path holds a control character');
    if (rest.split('/').some((seg) => seg === '..' || seg === '.'))
      throw bad(text, 'the path must not contain . or .. segments');
    const path = rest === '/' ? '/' : posix.normalize(rest).replace(/\/+$/, '');
    return { kind: 'server-path', text: `server:${name}:${path}`, server: name, path };
  }
  const parts = rest.split('/');
  if (parts[0] !== 'namespace' || parts.length < 2)
    throw bad(text, 'a cluster scope names a namespace: namespace/NS');
  const ns = parts[1] ?? '';
  if (!dnsLabel.test(ns)) throw bad(text, `"${ns}" is not a valid namespace name`);
  if (parts.length === 2)
    return {
      kind: 'cluster-namespace',
      text: `cluster:${name}:namespace/${ns}`,
      cluster: name,
      namespace: ns,
    };
  if (parts.length !== 4) throw bad(text, 'a resource scope is namespace/NS/KIND/NAME');
  const [, , kind = '', resourceName = ''] = parts;
  if (!kindName.test(kind)) throw bad(text, `"${kind}" is not a resource kind (e.g. Deployment, ConfigMap)`);
  if (!dnsSubdomain.test(resourceName)) throw bad(text, `"${resourceName}" is not a valid resource name`);
  return {
    kind: 'cluster-resource',
    text: `cluster:${name}:namespace/${ns}/${kind}/${resourceName}`,
    cluster: name,
    namespace: ns,
    resourceKind: kind,
    resourceName,
  };
}
