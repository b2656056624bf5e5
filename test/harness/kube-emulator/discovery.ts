// Discovery documents: /version, /api, /api/v1, /apis, /apis/<group>, /apis/<group>/<version>.

import { createHash } from 'node:crypto';
import type { Registry } from './registry';
import type { ResourceType } from './resources';

export const VERSION_INFO = {
  major: '1',
  minor: '30',
  gitVersion: 'v1.30.0-lifeboat-emulator',
  gitCommit: '0000000000000000000000000000000000000000',
  gitTreeState: 'clean',
  buildDate: '2024-04-17T00:00:00Z',
  goVersion: 'go1.22.2',
  compiler: 'gc',
  platform: 'linux/amd64',
};

export function apiVersions(serverAddress: string): unknown {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
  };
}

function groupDoc(name: string, versions: string[]): Record<string, unknown> {
  const list = versions.map((version) => ({ groupVersion: `${name}/${version}`, version }));
  return { name, versions: list, preferredVersion: list[0] };
}

export function apiGroupList(registry: Registry): unknown {
  return {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: registry.groups().map((g) => groupDoc(g.name, g.versions)),
  };
}

/** `/apis/<group>`, or undefined when no such group is served. */
export function apiGroup(registry: Registry, name: string): unknown {
  const g = registry.group(name);
  return g ? { kind: 'APIGroup', apiVersion: 'v1', ...groupDoc(g.name, g.versions) } : undefined;
}

function storageVersionHash(t: ResourceType): string {
  return createHash('sha256')
    .update(`${t.group}/${t.version}/${t.kind}`)
    .digest()
    .subarray(0, 8)
    .toString('base64');
}

function resourceEntries(t: ResourceType): unknown[] {
  const main: Record<string, unknown> = {
    name: t.plural,
    singularName: t.singular,
    namespaced: t.namespaced,
    kind: t.kind,
    verbs: t.verbs,
  };
  if (t.shortNames.length > 0) main.shortNames = t.shortNames;
  if (t.categories.length > 0) main.categories = t.categories;
  if (!t.createOnly) main.storageVersionHash = storageVersionHash(t);
  const subs = [...t.subresources].sort().map((sub) =>
    sub === 'scale'
      ? {
          name: `${t.plural}/scale`,
          singularName: '',
          namespaced: t.namespaced,
          group: 'autoscaling',
          version: 'v1',
          kind: 'Scale',
          verbs: ['get', 'patch', 'update'],
        }
      : {
          name: `${t.plural}/status`,
          singularName: '',
          namespaced: t.namespaced,
          kind: t.kind,
          verbs: ['get', 'patch', 'update'],
        },
  );
  return [main, ...subs];
}

/** `/api/v1` or `/apis/<group>/<version>`, or undefined when that group version is not served. */
export function apiResourceList(registry: Registry, group: string, version: string): unknown {
  const types = registry.resourcesFor(group, version);
  if (types.length === 0) return undefined;
  const doc: Record<string, unknown> = { kind: 'APIResourceList' };
  if (group) doc.apiVersion = 'v1';
  doc.groupVersion = group ? `${group}/${version}` : version;
  doc.resources = [...types].sort((a, b) => a.plural.localeCompare(b.plural)).flatMap(resourceEntries);
  return doc;
}
