// Kubernetes `Status` error objects, shaped like k8s.io/apimachinery/pkg/api/errors builds them.

/** One field problem, like apimachinery's field.Error. */
export interface FieldError {
  type: 'Invalid' | 'Required' | 'Forbidden' | 'NotSupported' | 'TooLong' | 'Duplicate';
  field: string;
  detail?: string;
  value?: unknown;
  /** The bad value already rendered (e.g. `0x0`), used instead of `value`. */
  raw?: string;
}

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  uid?: string;
  causes?: Array<{ reason: string; message: string; field: string }>;
}

export interface StatusBody {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Failure' | 'Success';
  message?: string;
  reason?: string;
  details?: StatusDetails;
  code?: number;
}

/** Thrown by handlers; the server answers with `status` and HTTP code `status.code`. */
export class ApiError extends Error {
  constructor(readonly status: StatusBody) {
    super(status.message);
  }
  get code(): number {
    return this.status.code ?? 500;
  }
}

/** What errors need to know about the resource: its group and plural (as k8s reports them). */
export interface ResourceRef {
  group: string;
  plural: string;
  kind: string;
}

function failure(
  code: number,
  reason: string | undefined,
  message: string,
  details?: StatusDetails,
): ApiError {
  const body: StatusBody = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message };
  if (reason) body.reason = reason;
  if (details) body.details = details;
  body.code = code;
  return new ApiError(body);
}

/** `deployments.apps` or `configmaps`: the qualified resource name k8s puts in messages. */
export function qualifiedResource(r: ResourceRef): string {
  return r.group ? `${r.plural}.${r.group}` : r.plural;
}

function resourceDetails(r: ResourceRef, name: string): StatusDetails {
  const d: StatusDetails = { name };
  if (r.group) d.group = r.group;
  d.kind = r.plural; // k8s puts the resource (not the kind) here for these errors
  return d;
}

export function notFound(r: ResourceRef, name: string): ApiError {
  return failure(404, 'NotFound', `${qualifiedResource(r)} "${name}" not found`, resourceDetails(r, name));
}

export function alreadyExists(r: ResourceRef, name: string): ApiError {
  return failure(
    409,
    'AlreadyExists',
    `${qualifiedResource(r)} "${name}" already exists`,
    resourceDetails(r, name),
  );
}

export function conflict(r: ResourceRef, name: string, why: string): ApiError {
  return failure(
    409,
    'Conflict',
    `Operation cannot be fulfilled on ${qualifiedResource(r)} "${name}": ${why}`,
    resourceDetails(r, name),
  );
}

export const STALE_OBJECT =
  'the object has been modified; please apply your changes to the latest version and try again';

export function forbidden(r: ResourceRef, name: string, why: string): ApiError {
  return failure(
    403,
    'Forbidden',
    `${qualifiedResource(r)} "${name}" is forbidden: ${why}`,
    resourceDetails(r, name),
  );
}

export function badRequest(message: string): ApiError {
  return failure(400, 'BadRequest', message);
}

export function methodNotAllowed(
  message = 'the server does not allow this method on the requested resource',
): ApiError {
  return failure(405, 'MethodNotAllowed', message);
}

export function unauthorized(): ApiError {
  return failure(401, 'Unauthorized', 'Unauthorized');
}

/** The generic "could not find the requested resource" 404 for unknown paths and types. */
export function resourceNotFound(): ApiError {
  return failure(404, 'NotFound', 'the server could not find the requested resource', {});
}

/** apimachinery NewGenericServerResponse(422): e.g. a JSON patch operation that cannot be applied. */
export function unprocessable(serverMessage: string): ApiError {
  return failure(422, 'Invalid', 'the server rejected our request due to an error in our request', {
    causes: [{ reason: 'UnexpectedServerResponse', message: serverMessage, field: '' }],
  });
}

export function unsupportedMediaType(accepted: string[]): ApiError {
  return failure(
    415,
    'UnsupportedMediaType',
    `the body of the request was in an unknown format - accepted media types include: ${accepted.join(', ')}`,
  );
}

export function tooLarge(limit: number): ApiError {
  return failure(413, 'RequestEntityTooLarge', `Request entity too large: limit is ${limit}`);
}

/** A plain (non-Status) error inside the apiserver: 500 with no reason, as the real server answers. */
export function internal(message: string): ApiError {
  return failure(500, undefined, message);
}

const causeReason: Record<FieldError['type'], string> = {
  Invalid: 'FieldValueInvalid',
  Required: 'FieldValueRequired',
  Forbidden: 'FieldValueForbidden',
  NotSupported: 'FieldValueNotSupported',
  TooLong: 'FieldValueTooLong',
  Duplicate: 'FieldValueDuplicate',
};

/** Renders a bad value roughly the way Go's %#v does for the common cases. */
export function goValue(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) {
    return `[]string{${v.map((x) => JSON.stringify(x)).join(', ')}}`;
  }
  if (isStringMap(v)) {
    const entries = Object.entries(v).map(([k, x]) => `${JSON.stringify(k)}:${JSON.stringify(x)}`);
    return `map[string]string{${entries.join(', ')}}`;
  }
  if (isLabelSelector(v)) {
    const labels = v.matchLabels === undefined ? 'map[string]string(nil)' : goValue(v.matchLabels);
    const expressions = Array.isArray(v.matchExpressions)
      ? `[]v1.LabelSelectorRequirement{${v.matchExpressions.map((e) => JSON.stringify(e)).join(', ')}}`
      : '[]v1.LabelSelectorRequirement(nil)';
    return `v1.LabelSelector{MatchLabels:${labels}, MatchExpressions:${expressions}}`;
  }
  return JSON.stringify(v);
}

function isLabelSelector(v: unknown): v is { matchLabels?: unknown; matchExpressions?: unknown } {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const keys = Object.keys(v);
  return keys.length > 0 && keys.every((k) => k === 'matchLabels' || k === 'matchExpressions');
}

function isStringMap(v: unknown): v is Record<string, string> {
  return (
    typeof v === 'object' &&
    v !== null &&
    !Array.isArray(v) &&
    Object.values(v).every((x) => typeof x === 'string')
  );
}

/** The text after the field path: "Invalid value: \"x\": detail", "Required value", ... */
export function fieldErrorBody(e: FieldError): string {
  const shown = e.raw ?? goValue(e.value);
  switch (e.type) {
    case 'Invalid':
      return `Invalid value: ${shown}${e.detail ? `: ${e.detail}` : ''}`;
    case 'Required':
      return `Required value${e.detail ? `: ${e.detail}` : ''}`;
    case 'Forbidden':
      return `Forbidden${e.detail ? `: ${e.detail}` : ''}`;
    case 'NotSupported':
      return `Unsupported value: ${shown}${e.detail ? `: ${e.detail}` : ''}`;
    case 'TooLong':
      return `Too long: ${e.detail ?? 'value is too long'}`;
    case 'Duplicate':
      return `Duplicate value: ${shown}`;
  }
}

function fieldErrorString(e: FieldError): string {
  return e.field ? `${e.field}: ${fieldErrorBody(e)}` : fieldErrorBody(e);
}

/** 422 Invalid: `Deployment.apps "web" is invalid: spec.selector: Invalid value: ...: field is immutable`. */
export function invalid(kind: { group: string; kind: string }, name: string, errors: FieldError[]): ApiError {
  const qualifiedKind = kind.group ? `${kind.kind}.${kind.group}` : kind.kind;
  const list = errors.map(fieldErrorString);
  const aggregate = list.length === 1 ? list[0] : `[${list.join(', ')}]`;
  const details: StatusDetails = { name };
  if (kind.group) details.group = kind.group;
  details.kind = kind.kind;
  details.causes = errors.map((e) => ({
    reason: causeReason[e.type],
    message: fieldErrorBody(e),
    field: e.field,
  }));
  return failure(422, 'Invalid', `${qualifiedKind} "${name}" is invalid: ${aggregate}`, details);
}

/** The body DELETE answers with when the object is gone and the resource does not return it. */
export function deletedStatus(r: ResourceRef, name: string, uid: string): Omit<StatusBody, 'code'> {
  const details: StatusDetails = { name };
  if (r.group) details.group = r.group;
  details.kind = r.plural;
  details.uid = uid;
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details };
}
