// URL paths to routes, the way the apiserver's RequestInfo resolver reads them.

export type Route =
  | { kind: 'version' }
  | { kind: 'health' }
  | { kind: 'api' }
  | { kind: 'apis' }
  | { kind: 'group'; group: string }
  | { kind: 'groupVersion'; group: string; version: string }
  | { kind: 'watch' }
  | {
      kind: 'resource';
      group: string;
      version: string;
      plural: string;
      namespace?: string;
      name?: string;
      subresource?: string;
    }
  | { kind: 'unknown' };

/** Subresources of namespaces, so `/api/v1/namespaces/x/status` is not read as a resource `status` in `x`. */
const NAMESPACE_SUBRESOURCES = new Set(['status', 'finalize']);

function resourceRoute(group: string, version: string, rest: string[]): Route {
  if (rest[0] === 'watch') return { kind: 'watch' };
  const namespaced =
    rest[0] === 'namespaces' &&
    rest.length >= 3 &&
    !(rest.length === 3 && NAMESPACE_SUBRESOURCES.has(rest[2]!));
  const [namespace, parts] = namespaced ? [rest[1], rest.slice(2)] : [undefined, rest];
  if (parts.length === 0 || parts.length > 3) return { kind: 'unknown' };
  const route: Route = { kind: 'resource', group, version, plural: parts[0]! };
  if (namespace !== undefined) route.namespace = namespace;
  if (parts[1] !== undefined) route.name = parts[1];
  if (parts[2] !== undefined) route.subresource = parts[2];
  return route;
}

export function parseRoute(pathname: string): Route {
  let segments: string[];
  try {
    segments = pathname
      .split('/')
      .filter((s) => s.length > 0)
      .map(decodeURIComponent);
  } catch {
    return { kind: 'unknown' };
  }
  const [root, a, b, ...rest] = segments;
  if (segments.length === 1 && root === 'version') return { kind: 'version' };
  if (root && ['healthz', 'livez', 'readyz'].includes(root)) return { kind: 'health' };
  if (root === 'api') {
    if (a === undefined) return { kind: 'api' };
    if (b === undefined) return { kind: 'groupVersion', group: '', version: a };
    return resourceRoute('', a, [b, ...rest]);
  }
  if (root === 'apis') {
    if (a === undefined) return { kind: 'apis' };
    if (b === undefined) return { kind: 'group', group: a };
    if (rest.length === 0) return { kind: 'groupVersion', group: a, version: b };
    return resourceRoute(a, b, rest);
  }
  return { kind: 'unknown' };
}
