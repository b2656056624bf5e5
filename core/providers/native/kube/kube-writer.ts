// Writes to the Kubernetes API for a restore, through the same client-node HTTP stack and error
// classes as the reads (`kube-reader.ts`): create (POST to the collection), JSON merge patch
// (RFC 7386, so only the fields the restore owns are sent and server-set or allocated fields stay
// as they are), delete. Bodies are plain JSON, never typed models.
import type { KubeConfig } from '@kubernetes/client-node';
import { kubeRequester, type KubeClientOptions, type KubeReader } from './kube-reader';

export const mergePatchType = 'application/merge-patch+json';

export interface KubeWriter extends KubeReader {
  /** POST `body` to the collection at `collectionPath`; the created object. */
  create(collectionPath: string, body: unknown): Promise<unknown>;
  /** PATCH `objectPath` with a JSON merge patch; the patched object. */
  mergePatch(objectPath: string, patch: unknown): Promise<unknown>;
  /**
   * DELETE `objectPath` (background propagation: dependents are collected by the server).
   * The answer (the object, or a Status).
   */
  remove(objectPath: string): Promise<unknown>;
}

export function kubeWriter(kc: KubeConfig, opts: KubeClientOptions = {}): KubeWriter {
  const r = kubeRequester(kc, opts);
  return {
    server: r.server,
    get: (path, query = {}) => r.send({ method: 'GET', path, query }),
    create: (path, body) => r.send({ method: 'POST', path, body }),
    mergePatch: (path, patch) => r.send({ method: 'PATCH', path, body: patch, contentType: mergePatchType }),
    remove: (path) => r.send({ method: 'DELETE', path, query: { propagationPolicy: 'Background' } }),
  };
}
