// Resource requests: method + route to the read/create/update/patch/delete handlers.

import { parse as parseYaml } from 'yaml';
import { createObject } from './create';
import { deleteCollection, deleteObject, deleteOptionsFrom } from './delete';
import { managerFromUserAgent, type WriteOrigin } from './managed-fields';
import { patchObject, type PatchOptions } from './patch';
import { listObjects, readObject } from './read';
import type { ResourceType } from './resources';
import { answerReview } from './reviews';
import type { Route } from './routes';
import type { EmulatorState } from './state';
import { badRequest, methodNotAllowed, resourceNotFound, unsupportedMediaType } from './status';
import { patchScale, readScale, replaceScale } from './subresources';
import { replaceObject } from './update';

export interface ApiRequest {
  method: string;
  query: URLSearchParams;
  rawBody: string;
  contentType: string;
  userAgent?: string;
}

export interface ApiReply {
  code: number;
  body: unknown;
}

const BODY_TYPES = ['application/json', 'application/yaml', 'application/vnd.kubernetes.protobuf'];

/** The body of a POST/PUT/DELETE as JSON (or YAML); undefined when empty. */
function parseBody(req: ApiRequest): unknown {
  if (req.rawBody.trim() === '') return undefined;
  const media = (req.contentType.split(';')[0] ?? '').trim().toLowerCase();
  if (media !== '' && media !== 'application/json' && media !== 'application/yaml')
    throw unsupportedMediaType(BODY_TYPES);
  try {
    return media === 'application/yaml'
      ? (parseYaml(req.rawBody) as unknown)
      : (JSON.parse(req.rawBody) as unknown);
  } catch (e) {
    throw badRequest(
      `couldn't get version/kind; json parse error: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
}

function dryRunOf(query: URLSearchParams): boolean {
  const values = query.getAll('dryRun');
  for (const v of values)
    if (v !== 'All') throw badRequest(`dryRun: Unsupported value: "${v}": supported values: "All"`);
  return values.length > 0;
}

type ResourceRoute = Extract<Route, { kind: 'resource' }>;

/** Resolves the route's type and checks its shape (scope, subresource); 404 like a real server otherwise. */
export function resolveType(state: EmulatorState, route: ResourceRoute): ResourceType {
  const type = state.registry.find(route.group, route.version, route.plural);
  if (!type) throw resourceNotFound();
  if (route.namespace !== undefined && !type.namespaced) throw resourceNotFound();
  if (route.namespace === undefined && type.namespaced && route.name !== undefined) throw resourceNotFound();
  if (route.subresource !== undefined && !(type.subresources as string[]).includes(route.subresource))
    throw resourceNotFound();
  return type;
}

export function dispatchResource(state: EmulatorState, route: ResourceRoute, req: ApiRequest): ApiReply {
  const type = resolveType(state, route);
  const { namespace: ns, name, subresource } = route;
  const watch = req.query.get('watch');
  if (watch === 'true' || watch === '1') {
    throw methodNotAllowed('watch is not supported by the Lifeboat Kubernetes emulator (see its README)');
  }
  if (type.createOnly) {
    if (req.method !== 'POST' || name !== undefined) throw methodNotAllowed();
    return { code: 201, body: answerReview(type, parseBody(req)) };
  }
  const fieldManager = req.query.get('fieldManager') ?? undefined;
  const origin: WriteOrigin = {
    manager: fieldManager ?? managerFromUserAgent(req.userAgent),
    operation: 'Update',
  };
  const write = () => ({ dryRun: dryRunOf(req.query), origin });

  switch (req.method) {
    case 'GET':
      if (name === undefined) {
        return {
          code: 200,
          body: listObjects(state, type, ns, {
            labelSelector: req.query.get('labelSelector'),
            fieldSelector: req.query.get('fieldSelector'),
            limit: req.query.get('limit'),
            continue: req.query.get('continue'),
          }),
        };
      }
      return {
        code: 200,
        body: subresource === 'scale' ? readScale(state, type, ns, name) : readObject(state, type, ns, name),
      };
    case 'POST':
      if (name !== undefined || (type.namespaced && ns === undefined)) throw methodNotAllowed();
      return { code: 201, body: createObject(state, type, ns, parseBody(req), write()) };
    case 'PUT':
      if (name === undefined) throw methodNotAllowed();
      if (subresource === 'scale')
        return { code: 200, body: replaceScale(state, type, ns, name, parseBody(req), write()) };
      return {
        code: 200,
        body: replaceObject(state, type, ns, name, parseBody(req), {
          ...write(),
          ...(subresource === 'status' ? { subresource } : {}),
        }),
      };
    case 'PATCH': {
      if (name === undefined) throw methodNotAllowed();
      if (subresource === 'scale') {
        return { code: 200, body: patchScale(state, type, ns, name, req.rawBody, req.contentType, write()) };
      }
      const opts: PatchOptions = { ...write(), ...(fieldManager ? { fieldManager } : {}) };
      if (subresource === 'status') opts.subresource = 'status';
      return patchObject(state, type, ns, name, req.rawBody, req.contentType, opts);
    }
    case 'DELETE': {
      if (subresource !== undefined) throw methodNotAllowed();
      const opts = deleteOptionsFrom(parseBody(req), req.query, dryRunOf(req.query));
      if (name !== undefined) return { code: 200, body: deleteObject(state, type, ns, name, opts) };
      const q = {
        labelSelector: req.query.get('labelSelector'),
        fieldSelector: req.query.get('fieldSelector'),
      };
      return { code: 200, body: deleteCollection(state, type, ns, q, opts) };
    }
    default:
      throw methodNotAllowed();
  }
}
