// The live set of resource types: the built-in table plus what registered CRDs serve.

import { BUILTIN_GROUP_ORDER, BUILTIN_RESOURCES, storageKey, type ResourceType } from './resources';

export interface GroupInfo {
  name: string;
  versions: string[]; // highest priority first
}

export class Registry {
  private types: ResourceType[] = [...BUILTIN_RESOURCES];

  /** Back to the built-in types only (every CRD type unregistered). */
  reset(): void {
    this.types = [...BUILTIN_RESOURCES];
  }

  all(): readonly ResourceType[] {
    return this.types;
  }

  find(group: string, version: string, plural: string): ResourceType | undefined {
    return this.types.find((t) => t.group === group && t.version === version && t.plural === plural);
  }

  /** One type per stored resource (all versions of a resource share objects). */
  storedTypes(): ResourceType[] {
    const seen = new Set<string>();
    return this.types.filter((t) => {
      const key = storageKey(t);
      if (t.createOnly || seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  }

  /** The stored type for an owner reference's apiVersion + kind. */
  findByKind(apiVersion: string, kind: string): ResourceType | undefined {
    const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
    return this.types.find(
      (t) => t.group === group && t.kind === kind && t.version === version && !t.createOnly,
    );
  }

  /** Replaces the types served by one CRD (empty list: unregister). */
  setCrdTypes(crdName: string, types: ResourceType[]): void {
    this.types = this.types.filter((t) => t.crd !== crdName).concat(types);
  }

  crdTypes(crdName: string): ResourceType[] {
    return this.types.filter((t) => t.crd === crdName);
  }

  resourcesFor(group: string, version: string): ResourceType[] {
    return this.types.filter((t) => t.group === group && t.version === version);
  }

  /** API groups (not the core group), ordered like a real server lists them. */
  groups(): GroupInfo[] {
    const byGroup = new Map<string, Set<string>>();
    for (const t of this.types) {
      if (!t.group) continue;
      const versions = byGroup.get(t.group) ?? new Set<string>();
      versions.add(t.version);
      byGroup.set(t.group, versions);
    }
    const rank = (g: string) => {
      const i = BUILTIN_GROUP_ORDER.indexOf(g);
      return i === -1 ? BUILTIN_GROUP_ORDER.length : i;
    };
    return [...byGroup.entries()]
      .sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b))
      .map(([name, versions]) => ({ name, versions: [...versions].sort(compareVersions) }));
  }

  group(name: string): GroupInfo | undefined {
    return this.groups().find((g) => g.name === name);
  }
}

const VERSION_RE = /^v(\d+)(?:(alpha|beta)(\d+))?$/;

/**
 * Kubernetes version priority (for sorting, highest first): GA before beta before alpha, higher
 * numbers first; names that do not look like Kubernetes versions last, alphabetically.
 */
export function compareVersions(a: string, b: string): number {
  const ma = VERSION_RE.exec(a);
  const mb = VERSION_RE.exec(b);
  if (!ma || !mb) return ma ? -1 : mb ? 1 : a.localeCompare(b);
  const stage = (m: RegExpExecArray) => (m[2] === undefined ? 2 : m[2] === 'beta' ? 1 : 0);
  return stage(mb) - stage(ma) || Number(mb[1]) - Number(ma[1]) || Number(mb[3] ?? 0) - Number(ma[3] ?? 0);
}
