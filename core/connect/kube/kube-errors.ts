// The LifeboatErrors of kubeconfig handling. Messages name entries, fields and paths; never values.

import { LifeboatError } from '../../api/errors';

/** The file is not valid YAML, not a kubeconfig, or its entries do not fit together. */
export function badKubeconfig(message: string, details?: unknown): LifeboatError {
  return new LifeboatError('kube.bad_kubeconfig', message, details);
}

/** A certificate, key or token file the kubeconfig refers to cannot be read. */
export function fileUnreadable(message: string, details?: unknown): LifeboatError {
  return new LifeboatError('kube.file_unreadable', message, details);
}

export function contextNotFound(message: string, available: string[]): LifeboatError {
  return new LifeboatError('kube.context_not_found', message, { available });
}

export function cancelled(what: string): LifeboatError {
  return new LifeboatError('kube.cancelled', `${what} was cancelled.`);
}

/** "a", "b" and "c" — for lists of names in messages. */
export function quotedList(names: readonly string[]): string {
  const q = names.map((n) => `"${n}"`);
  if (q.length <= 1) return q.join('');
  return `${q.slice(0, -1).join(', ')} and ${q[q.length - 1]}`;
}
