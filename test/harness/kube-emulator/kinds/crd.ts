// CustomResourceDefinitions: validation, an Established status at once, and registration of the
// served versions in discovery and routing (deleting the CRD removes the type and its objects).

import { forResources, type KindBehaviour } from '../behaviour';
import { child, isRec, nowIso, recList, setDefault, type KubeObject, type Rec } from '../json';
import { STANDARD_VERBS, type ResourceType } from '../resources';
import type { FieldError } from '../status';
import { immutable, required } from '../validation';

function names(obj: KubeObject): Rec {
  return child(child(obj, 'spec'), 'names');
}

/** The resource types a CRD serves: one per served version. */
export function typesFromCrd(crd: KubeObject): ResourceType[] {
  const spec = child(crd, 'spec');
  const n = names(crd);
  const kind = String(n.kind);
  return recList(spec.versions)
    .filter((v) => v.served !== false)
    .map((v) => ({
      group: String(spec.group),
      version: String(v.name),
      kind,
      listKind: typeof n.listKind === 'string' ? n.listKind : `${kind}List`,
      plural: String(n.plural),
      singular: typeof n.singular === 'string' ? n.singular : kind.toLowerCase(),
      namespaced: spec.scope === 'Namespaced',
      verbs: STANDARD_VERBS,
      shortNames: Array.isArray(n.shortNames) ? n.shortNames.map(String) : [],
      categories: Array.isArray(n.categories) ? n.categories.map(String) : [],
      subresources: isRec(v.subresources) && isRec(v.subresources.status) ? ['status' as const] : [],
      nameRule: 'subdomain' as const,
      generation: true,
      unconditionalUpdate: false,
      deleteReturnsObject: false,
      createOnly: false,
      fieldLabels: [],
      crd: crd.metadata.name ?? '',
    }));
}

function validateCrd(obj: KubeObject): FieldError[] {
  const spec = child(obj, 'spec');
  const n = names(obj);
  const errors: FieldError[] = [
    ...required('spec.group', spec.group),
    ...required('spec.names.plural', n.plural),
    ...required('spec.names.kind', n.kind),
    ...required('spec.versions', spec.versions, 'must have exactly one version marked as storage version'),
  ];
  if (typeof spec.group === 'string' && spec.group && !spec.group.includes('.')) {
    errors.push({
      type: 'Invalid',
      field: 'spec.group',
      value: spec.group,
      detail: 'should be a domain with at least one dot',
    });
  }
  if (spec.scope !== 'Namespaced' && spec.scope !== 'Cluster') {
    errors.push({
      type: 'NotSupported',
      field: 'spec.scope',
      value: spec.scope,
      detail: 'supported values: "Cluster", "Namespaced"',
    });
  }
  const versions = recList(spec.versions);
  if (versions.length > 0 && versions.filter((v) => v.storage === true).length !== 1) {
    errors.push({
      type: 'Invalid',
      field: 'spec.versions',
      value: versions.map((v) => v.name),
      detail: 'must have exactly one version marked as storage version',
    });
  }
  versions.forEach((v, i) => {
    errors.push(...required(`spec.versions[${i}].name`, v.name));
    if (!isRec(v.schema) || !isRec(v.schema.openAPIV3Schema)) {
      errors.push({
        type: 'Required',
        field: `spec.versions[${i}].schema.openAPIV3Schema`,
        detail: 'schemas are required',
      });
    }
  });
  const expectedName = `${String(n.plural)}.${String(spec.group)}`;
  if (n.plural && spec.group && obj.metadata.name !== expectedName) {
    errors.push({
      type: 'Invalid',
      field: 'metadata.name',
      value: obj.metadata.name,
      detail: 'must be spec.names.plural+"."+spec.group',
    });
  }
  return errors;
}

export const crdBehaviour: KindBehaviour = {
  appliesTo: forResources('apiextensions.k8s.io/customresourcedefinitions'),
  defaults(obj) {
    const n = names(obj);
    if (typeof n.kind === 'string') {
      setDefault(n, 'singular', n.kind.toLowerCase());
      setDefault(n, 'listKind', `${n.kind}List`);
    }
    setDefault(child(obj, 'spec'), 'conversion', { strategy: 'None' });
  },
  validate: validateCrd,
  validateUpdate(obj, old) {
    const at = (o: KubeObject, key: string) => (isRec(o.spec) ? o.spec[key] : undefined);
    return [
      ...immutable('spec.group', at(obj, 'group'), at(old, 'group')),
      ...immutable('spec.scope', at(obj, 'scope'), at(old, 'scope')),
    ];
  },
  status(obj) {
    const spec = child(obj, 'spec');
    const storage = recList(spec.versions).find((v) => v.storage === true)?.name;
    const previous =
      isRec(obj.status) && Array.isArray(obj.status.storedVersions) ? obj.status.storedVersions : [];
    const now = nowIso();
    const condition = (type: string, reason: string, message: string) => ({
      type,
      status: 'True',
      lastTransitionTime: now,
      reason,
      message,
    });
    obj.status = {
      conditions: [
        condition('NamesAccepted', 'NoConflicts', 'no conflicts found'),
        condition('Established', 'InitialNamesAccepted', 'the initial names have been accepted'),
      ],
      acceptedNames: { ...names(obj) },
      storedVersions: [...new Set([...previous, storage].filter((v) => v !== undefined))],
    };
  },
  afterCreate(obj, ctx) {
    ctx.state.registry.setCrdTypes(obj.metadata.name ?? '', typesFromCrd(obj));
  },
  afterUpdate(obj, _old, ctx) {
    ctx.state.registry.setCrdTypes(obj.metadata.name ?? '', typesFromCrd(obj));
  },
  afterDelete(obj, ctx) {
    const types = ctx.state.registry.crdTypes(obj.metadata.name ?? '');
    ctx.state.registry.setCrdTypes(obj.metadata.name ?? '', []);
    if (types[0]) ctx.state.store.drop(types[0]);
  },
};
