// URL paths of the destination's objects, and which types it serves (its discovery documents):
// a stored object is written at the path its place in the point names (group, version, plural),
// an object known only by reference (an undo's delete) at the path discovery gives its kind.
import type { ResourceType } from '../../providers/native/kube/discovery';

export interface TypePlace {
  group: string;
  version: string;
  plural: string;
  namespaced: boolean;
}

export function collectionPath(t: TypePlace, namespace: string | undefined): string {
  const base = t.group ? `/apis/${t.group}/${t.version}` : `/api/${t.version}`;
  const ns = t.namespaced && namespace !== undefined ? `/namespaces/${encodeURIComponent(namespace)}` : '';
  return `${base}${ns}/${t.plural}`;
}

export function objectPath(t: TypePlace, namespace: string | undefined, name: string): string {
  return `${collectionPath(t, namespace)}/${encodeURIComponent(name)}`;
}

export const typeKey = (t: Pick<TypePlace, 'group' | 'version' | 'plural'>) =>
  `${t.group}/${t.version}/${t.plural}`;

export class ServedTypes {
  private readonly byKey: Map<string, ResourceType>;
  constructor(readonly types: readonly ResourceType[]) {
    this.byKey = new Map(types.map((t) => [typeKey(t), t]));
  }
  get(t: Pick<TypePlace, 'group' | 'version' | 'plural'>): ResourceType | undefined {
    return this.byKey.get(typeKey(t));
  }
  /** The type of an object reference (apiVersion + kind). */
  ofRef(apiVersion: string, kind: string): ResourceType | undefined {
    return this.types.find((t) => t.apiVersion === apiVersion && t.kind === kind);
  }
}

export const namespaceType: TypePlace = { group: '', version: 'v1', plural: 'namespaces', namespaced: false };
