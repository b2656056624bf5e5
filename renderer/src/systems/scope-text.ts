// Scopes as the contract writes them, built from the editor's fields and described for people:
//   server:NAME:/abs/path
//   cluster:NAME:namespace/NS
//   cluster:NAME:namespace/NS/KIND/NAME
// The checks mirror the core's (it checks again when the system is saved).
import type { ScopeView } from '../../../core/api/contract';

export type ScopeKind = ScopeView['kind'];

export interface ScopeDraft {
  kind: ScopeKind;
  /** Server or cluster name. */
  target: string;
  path: string;
  namespace: string;
  resourceKind: string;
  resourceName: string;
}

export const emptyScopeDraft: ScopeDraft = {
  kind: 'server-path',
  target: '',
  path: '',
  namespace: '',
  resourceKind: '',
  resourceName: '',
};

const dnsLabel = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const kindName = /^[A-Za-z][A-Za-z0-9]{0,62}$/;
const dnsSubdomain = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;

export type ScopeResult =
  { ok: true; text: string } | { ok: false; errors: Partial<Record<keyof ScopeDraft, string>> };

/** Checks a draft and writes its scope text. */
export function buildScope(d: ScopeDraft): ScopeResult {
  const errors: Partial<Record<keyof ScopeDraft, string>> = {};
  if (!d.target) errors.target = d.kind === 'server-path' ? 'Choose a server.' : 'Choose a cluster.';
  if (d.kind === 'server-path') {
    const path = d.path.trim();
    if (!path.startsWith('/')) errors.path = 'Use an absolute path, starting with /.';
    else if (path.split('/').some((seg) => seg === '.' || seg === '..'))
      errors.path = 'The path must not contain . or .. parts.';
    if (Object.keys(errors).length) return { ok: false, errors };
    const clean = path === '/' ? '/' : path.replace(/\/{2,}/g, '/').replace(/\/+$/, '');
    return { ok: true, text: `server:${d.target}:${clean}` };
  }
  const ns = d.namespace.trim();
  if (!dnsLabel.test(ns)) errors.namespace = 'A namespace name: lowercase letters, digits and "-".';
  if (d.kind === 'cluster-resource') {
    if (!kindName.test(d.resourceKind.trim())) errors.resourceKind = 'A kind like Deployment or ConfigMap.';
    if (!dnsSubdomain.test(d.resourceName.trim()))
      errors.resourceName = 'A resource name: lowercase letters, digits, "-" and ".".';
  }
  if (Object.keys(errors).length) return { ok: false, errors };
  const base = `cluster:${d.target}:namespace/${ns}`;
  return {
    ok: true,
    text: d.kind === 'cluster-resource' ? `${base}/${d.resourceKind.trim()}/${d.resourceName.trim()}` : base,
  };
}

/** "server web-1: /etc/nginx", "cluster prod / namespace billing", "cluster prod / Deployment billing/api". */
export function describeScope(text: string): string {
  const m = /^(server|cluster):([^:]+):(.*)$/s.exec(text);
  if (!m) return text;
  const [, type, name, rest = ''] = m;
  if (type === 'server') return `server ${name}: ${rest}`;
  const parts = rest.split('/');
  if (parts.length >= 4) return `cluster ${name} / ${parts[2]} ${parts[1]}/${parts[3]}`;
  return `cluster ${name} / namespace ${parts[1] ?? ''}`;
}
