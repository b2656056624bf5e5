// Test helpers: an emulator with @kubernetes/client-node clients, and Status extraction from ApiException.

import {
  ApiException,
  ApiextensionsV1Api,
  AppsV1Api,
  BatchV1Api,
  CoreV1Api,
  CustomObjectsApi,
  KubeConfig,
  KubernetesObjectApi,
  type KubernetesObject,
  PatchStrategy,
  setHeaderOptions,
} from '@kubernetes/client-node';
import { startKubeEmulator, type KubeEmulator } from './index';

/** KubernetesObjectApi with its (protected) discovery lookup opened up for tests. */
export class ObjectApi extends KubernetesObjectApi {
  resourceFor(apiVersion: string, kind: string) {
    return this.resource(apiVersion, kind);
  }
  useContextNamespace(kc: KubeConfig): void {
    this.setDefaultNamespace(kc);
  }
}

/** A plain object literal as the KubernetesObject the generic API takes. */
export function kube(o: Record<string, unknown>): KubernetesObject {
  return o as KubernetesObject;
}

export interface Clients {
  emu: KubeEmulator;
  kc: KubeConfig;
  core: CoreV1Api;
  apps: AppsV1Api;
  batch: BatchV1Api;
  crds: ApiextensionsV1Api;
  custom: CustomObjectsApi;
  objects: ObjectApi;
}

function objectApi(kc: KubeConfig): ObjectApi {
  const api = kc.makeApiClient(ObjectApi);
  api.useContextNamespace(kc);
  return api;
}

export async function startWithClients(): Promise<Clients> {
  const emu = await startKubeEmulator();
  const kc = new KubeConfig();
  kc.loadFromString(emu.kubeconfig());
  return {
    emu,
    kc,
    core: kc.makeApiClient(CoreV1Api),
    apps: kc.makeApiClient(AppsV1Api),
    batch: kc.makeApiClient(BatchV1Api),
    crds: kc.makeApiClient(ApiextensionsV1Api),
    custom: kc.makeApiClient(CustomObjectsApi),
    objects: objectApi(kc),
  };
}

/** Content-Type for the generated clients' patch calls (they default to JSON patch). */
export const mergePatch = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);
export const strategicPatch = setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch);

export interface Failure {
  code: number;
  status: {
    kind?: string;
    status?: string;
    message?: string;
    reason?: string;
    code?: number;
    details?: {
      name?: string;
      group?: string;
      kind?: string;
      causes?: Array<{ reason: string; message: string; field: string }>;
    };
  };
}

/** Awaits a call that must fail with an ApiException; returns its HTTP code and parsed Status body. */
export async function failure(call: Promise<unknown>): Promise<Failure> {
  try {
    await call;
  } catch (e) {
    if (!(e instanceof ApiException)) throw e;
    const body: unknown = e.body;
    const status =
      typeof body === 'string' && body.startsWith('{') ? (JSON.parse(body) as Failure['status']) : {};
    return { code: e.code, status };
  }
  throw new Error('expected the call to fail');
}

/** A minimal valid pod template for workloads. */
export function podTemplate(labels: Record<string, string>, restartPolicy?: string) {
  return {
    metadata: { labels },
    spec: {
      ...(restartPolicy ? { restartPolicy } : {}),
      containers: [{ name: 'app', image: 'registry.example/app:1.0' }],
    },
  };
}
