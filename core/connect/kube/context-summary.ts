// What a context is, as the contract shows it: server, user entry, namespace, how it authenticates.

import type { KubeContextSummary } from '../../api/contract';
import { isRec, type ContextEntry, type Kubeconfig, type Rec } from './kubeconfig-model';

export type AuthKind = KubeContextSummary['authKind'];

const has = (user: Rec, ...keys: string[]) =>
  keys.some((k) => user[k] !== undefined && user[k] !== null && user[k] !== '');

/**
 * How a user entry authenticates. When several are configured, the one that decides is named:
 * a plugin (exec, auth-provider) first, then a client certificate, a token, username/password.
 */
export function authKindOf(user: Rec | undefined): AuthKind {
  if (!user) return 'none';
  if (isRec(user.exec)) return 'exec';
  if (isRec(user['auth-provider'])) return 'auth-provider';
  if (has(user, 'client-certificate', 'client-certificate-data')) return 'client-certificate';
  if (has(user, 'token', 'tokenFile', 'token-file')) return 'token';
  if (has(user, 'username', 'password')) return 'basic';
  return 'none';
}

export function summarize(kc: Kubeconfig, ctx: ContextEntry): KubeContextSummary {
  const cluster = kc.clusters.get(ctx.cluster)?.body ?? {};
  const user = ctx.user ? kc.users.get(ctx.user)?.body : undefined;
  return {
    name: ctx.name,
    cluster: ctx.cluster,
    server: String(cluster.server).trim(),
    user: ctx.user ?? '',
    ...(ctx.namespace ? { namespace: ctx.namespace } : {}),
    authKind: authKindOf(user),
    insecure: cluster['insecure-skip-tls-verify'] === true,
  };
}
