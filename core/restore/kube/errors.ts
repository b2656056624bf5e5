// Failures that stop a whole plan or apply, as the codes the API reports. Per-object HTTP
// errors are not here: they become skipped items (plan) or failed items (apply).
import { LifeboatError } from '../../api/errors';
import { KubeHttpError, KubeUnreachableError } from '../../providers/native/kube/kube-reader';

/** Whether the error ends the whole run (every later call would fail the same way). */
export function isFatal(e: unknown): boolean {
  return e instanceof KubeUnreachableError || (e instanceof KubeHttpError && e.status === 401);
}

export function asRestoreError(e: unknown, cluster: string): unknown {
  if (e instanceof KubeUnreachableError) {
    return new LifeboatError(
      'restore.cluster_unreachable',
      `Cluster "${cluster}" cannot be reached at ${e.server} (${e.why}). Is the API server up, or is a VPN needed?`,
    );
  }
  if (e instanceof KubeHttpError && e.status === 401) {
    return new LifeboatError(
      'restore.cluster_unauthorized',
      `Cluster "${cluster}" rejected the stored credentials (HTTP 401): they may have expired.`,
    );
  }
  if (e instanceof KubeHttpError) {
    return new LifeboatError(
      'restore.cluster_failed',
      `Cluster "${cluster}" answered ${e.path} with HTTP ${e.status}: ${e.message}`,
    );
  }
  return e;
}

/** One object's HTTP error, for an item's reason or message. */
export function httpMessage(e: KubeHttpError): string {
  return `${e.message} (HTTP ${e.status}${e.reason ? ` ${e.reason}` : ''})`;
}
