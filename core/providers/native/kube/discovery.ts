// Which namespaced resource types the server serves: the core group and every API group at its
// preferred version, keeping types that can be listed and read (`list` and `get`), without
// subresources. Done through the discovery documents, so custom resources come along.
import { z } from 'zod';
import { KubeHttpError, type KubeReader } from './kube-reader';

export interface ResourceType {
  /** '' for the core group. */
  group: string;
  version: string;
  /** `v1` or `<group>/<version>`. */
  apiVersion: string;
  plural: string;
  kind: string;
  namespaced: boolean;
}

const resourceList = z.object({
  resources: z.array(
    z.object({
      name: z.string().min(1),
      kind: z.string().min(1),
      namespaced: z.boolean(),
      verbs: z.array(z.string()).default([]),
    }),
  ),
});

const coreVersions = z.object({ versions: z.array(z.string().min(1)) });

const groupList = z.object({
  groups: z.array(
    z.object({
      name: z.string().min(1),
      preferredVersion: z.object({ version: z.string().min(1) }).optional(),
      versions: z.array(z.object({ version: z.string().min(1) })).default([]),
    }),
  ),
});

export interface Discovery {
  types: ResourceType[];
  /** Group versions whose resource list could not be read (the backup notes them). */
  failures: { groupVersion: string; message: string }[];
}

class NotDiscovery extends Error {}

function parse<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const r = schema.safeParse(value);
  if (!r.success) throw new NotDiscovery(`${what} is not a discovery document the backup understands`);
  return r.data;
}

/** Every namespaced, listable, readable type (core first, then groups in the server's order). */
export async function discoverTypes(reader: KubeReader): Promise<Discovery> {
  const core = parse(coreVersions, await reader.get('/api'), '/api');
  const groups = parse(groupList, await reader.get('/apis'), '/apis');
  const versions: { group: string; version: string; path: string }[] = [];
  const coreVersion = core.versions.includes('v1') ? 'v1' : core.versions[0];
  if (coreVersion) versions.push({ group: '', version: coreVersion, path: `/api/${coreVersion}` });
  for (const g of groups.groups) {
    const version = g.preferredVersion?.version ?? g.versions[0]?.version;
    if (version) versions.push({ group: g.name, version, path: `/apis/${g.name}/${version}` });
  }
  const types: ResourceType[] = [];
  const failures: Discovery['failures'] = [];
  for (const v of versions) {
    const apiVersion = v.group ? `${v.group}/${v.version}` : v.version;
    let list;
    try {
      list = parse(resourceList, await reader.get(v.path), v.path);
    } catch (e) {
      if (!(e instanceof KubeHttpError || e instanceof NotDiscovery)) throw e; // unreachable, cancelled
      failures.push({ groupVersion: apiVersion, message: e.message });
      continue;
    }
    for (const r of list.resources) {
      if (r.name.includes('/')) continue; // subresource (pods/log, deployments/scale …)
      if (!r.verbs.includes('list') || !r.verbs.includes('get')) continue;
      types.push({
        group: v.group,
        version: v.version,
        apiVersion,
        plural: r.name,
        kind: r.kind,
        namespaced: r.namespaced,
      });
    }
  }
  return { types, failures };
}

/** The URL path of a type's collection (in a namespace when namespaced) or of one object. */
export function resourcePath(t: ResourceType, namespace?: string, name?: string): string {
  const base = t.group ? `/apis/${t.group}/${t.version}` : `/api/${t.version}`;
  const ns = t.namespaced && namespace ? `/namespaces/${encodeURIComponent(namespace)}` : '';
  return `${base}${ns}/${t.plural}${name !== undefined ? `/${encodeURIComponent(name)}` : ''}`;
}
