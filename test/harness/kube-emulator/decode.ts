// Turning a request body into an object for a resource type, with the 400s the real decoder gives.

import { isRec, type KubeObject } from './json';
import { apiVersionOf, type ResourceType } from './resources';
import { badRequest } from './status';

function goType(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (v === null) return 'null';
  return typeof v === 'object' ? 'object' : typeof v;
}

function checkStringMap(v: unknown, field: string): void {
  if (v === undefined || v === null) return;
  if (!isRec(v))
    throw badRequest(
      `json: cannot unmarshal ${goType(v)} into Go struct field ObjectMeta.metadata.${field} of type map[string]string`,
    );
  for (const x of Object.values(v)) {
    if (typeof x !== 'string') {
      throw badRequest(
        `json: cannot unmarshal ${goType(x)} into Go struct field ObjectMeta.metadata.${field} of type string`,
      );
    }
  }
}

/**
 * Checks the body is an object of `type` in the requested version: apiVersion and kind may be
 * omitted for built-in types (the URL supplies them) but must match when given. Fills them in.
 */
export function decodeObject(body: unknown, type: ResourceType): KubeObject {
  if (!isRec(body)) {
    throw badRequest(
      `couldn't get version/kind; json parse error: json: cannot unmarshal ${goType(body)} into Go value of type struct { APIVersion string "json:\\"apiVersion,omitempty\\""; Kind string "json:\\"kind,omitempty\\"" }`,
    );
  }
  const expected = apiVersionOf(type);
  if (type.crd && (!body.kind || !body.apiVersion)) {
    throw badRequest(`Object '${body.kind ? 'apiVersion' : 'Kind'}' is missing in '${JSON.stringify(body)}'`);
  }
  if (body.apiVersion !== undefined && body.apiVersion !== expected) {
    throw badRequest(
      `the API version in the data (${String(body.apiVersion)}) does not match the expected API version (${expected})`,
    );
  }
  if (body.kind !== undefined && body.kind !== type.kind) {
    throw badRequest(
      `the object provided is unrecognized (must be of type ${type.kind}): kind ${String(body.kind)} is not served at this URL`,
    );
  }
  if (body.metadata !== undefined && !isRec(body.metadata)) {
    throw badRequest(
      `json: cannot unmarshal ${goType(body.metadata)} into Go struct field ${type.kind}.metadata of type v1.ObjectMeta`,
    );
  }
  const metadata = isRec(body.metadata) ? body.metadata : {};
  checkStringMap(metadata.labels, 'labels');
  checkStringMap(metadata.annotations, 'annotations');
  for (const key of ['name', 'namespace', 'generateName', 'resourceVersion', 'uid'] as const) {
    const v = metadata[key];
    if (v !== undefined && v !== null && typeof v !== 'string') {
      throw badRequest(
        `json: cannot unmarshal ${goType(v)} into Go struct field ObjectMeta.metadata.${key} of type string`,
      );
    }
  }
  if (
    metadata.finalizers !== undefined &&
    !(Array.isArray(metadata.finalizers) && metadata.finalizers.every((f) => typeof f === 'string'))
  ) {
    throw badRequest(
      'json: cannot unmarshal into Go struct field ObjectMeta.metadata.finalizers of type []string',
    );
  }
  if (
    metadata.ownerReferences !== undefined &&
    !(Array.isArray(metadata.ownerReferences) && metadata.ownerReferences.every(isRec))
  ) {
    throw badRequest(
      'json: cannot unmarshal into Go struct field ObjectMeta.metadata.ownerReferences of type []v1.OwnerReference',
    );
  }
  for (const key of Object.keys(metadata)) if (metadata[key] === null) delete metadata[key];
  // kind and apiVersion first, as the apiserver serializes them.
  return { kind: type.kind, apiVersion: expected, ...body, metadata } as KubeObject;
}

/**
 * The namespace rule for writes: a namespaced object takes the URL's namespace (400 when the body
 * names another); a cluster-scoped object has its namespace cleared.
 */
export function applyRequestNamespace(
  obj: KubeObject,
  type: ResourceType,
  urlNamespace: string | undefined,
): void {
  if (!type.namespaced) {
    delete obj.metadata.namespace;
    return;
  }
  const given = obj.metadata.namespace;
  if (given && given !== urlNamespace) {
    throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
  }
  obj.metadata.namespace = urlNamespace;
}
