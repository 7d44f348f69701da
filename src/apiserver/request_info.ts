/**
 * What a request asks for, parsed from its method, path and query, as upstream's
 * `RequestInfoFactory`: a resource request (`/api/v1/namespaces/ns/pods/name/status`) or a
 * non-resource one (`/version`, `/apis`, `/openapi/v2`).
 */
import { parseFieldSelector } from '../api/field_selector.js';

/** A parsed request. */
export interface RequestInfo {
  isResourceRequest: boolean;
  path: string;
  /** get, list, watch, create, update, patch, delete, deletecollection (or the HTTP verb lowercased). */
  verb: string;
  /** `api` or `apis` for resource requests. */
  apiPrefix: string;
  apiGroup: string;
  apiVersion: string;
  namespace: string;
  resource: string;
  subresource: string;
  /** The object's name: from the path, or for a list or watch from `fieldSelector=metadata.name=X`. */
  name: string;
  /** Path segments after the version. */
  parts: string[];
}

const methodVerbs: Record<string, string> = {
  POST: 'create',
  GET: 'get',
  HEAD: 'get',
  PUT: 'update',
  PATCH: 'patch',
  DELETE: 'delete',
};

/** Subresources of namespaces addressed as `/namespaces/<name>/<sub>`. */
const NAMESPACE_SUBRESOURCES = new Set(['status', 'finalize']);

/** Parses a request; never throws (unknown shapes are non-resource requests). */
export function parseRequestInfo(method: string, path: string, query: URLSearchParams): RequestInfo {
  const info: RequestInfo = {
    isResourceRequest: false,
    path,
    verb: method.toLowerCase(),
    apiPrefix: '',
    apiGroup: '',
    apiVersion: '',
    namespace: '',
    resource: '',
    subresource: '',
    name: '',
    parts: [],
  };
  const segments = path.split('/').filter((s) => s !== '');
  if (segments.length === 0) return info;
  const prefix = segments[0]!;
  if (prefix !== 'api' && prefix !== 'apis') return info;
  let rest = segments.slice(1);
  info.apiPrefix = prefix;
  if (prefix === 'apis') {
    if (rest.length < 2) return info; // /apis or /apis/<group>: discovery
    info.apiGroup = rest[0]!;
    rest = rest.slice(1);
  } else if (rest.length < 1) {
    return info; // /api: discovery
  }
  info.apiVersion = rest[0]!;
  rest = rest.slice(1);
  if (rest.length === 0) return info; // /api/v1, /apis/g/v: discovery
  info.isResourceRequest = true;
  info.verb = methodVerbs[method] ?? method.toLowerCase();

  let watchPath = false;
  if (rest[0] === 'watch') {
    watchPath = true;
    rest = rest.slice(1);
  }
  if (rest[0] === 'namespaces') {
    if (rest.length > 1) {
      info.namespace = rest[1]!;
      // /namespaces/<name>[/status|/finalize] addresses the namespace object itself.
      if (rest.length > 2 && !NAMESPACE_SUBRESOURCES.has(rest[2]!)) rest = rest.slice(2);
    }
  }
  info.parts = rest.map(decodeURIComponentSafe);
  const [resource, name, ...sub] = info.parts;
  info.resource = resource ?? '';
  if (name !== undefined) info.name = name;
  if (sub.length > 0) info.subresource = sub[0]!;
  // The namespace resource itself: /api/v1/namespaces/<name> means name, not namespace scope.
  if (info.resource === 'namespaces' && info.parts.length >= 2 && info.namespace === info.name) {
    info.namespace = '';
    // Keep the namespace as the name (`kubectl get ns foo`); a namespaced request has parts[0] != namespaces.
  }

  if (watchPath) {
    info.verb = 'watch';
  } else if (info.verb === 'get' && !info.name) {
    const w = query.get('watch');
    info.verb = w === 'true' || w === '1' ? 'watch' : 'list';
    // A list or watch of one object by `fieldSelector=metadata.name=X` is about that object.
    const named = selectedName(query.get('fieldSelector'));
    if (named) info.name = named;
  } else if (info.verb === 'delete' && !info.name) {
    info.verb = 'deletecollection';
  }
  return info;
}

/**
 * The name a field selector requires exactly (`metadata.name=X`), when it is a valid path
 * segment (upstream's `IsValidPathSegmentName`); '' otherwise.
 */
export function selectedName(fieldSelector: string | null): string {
  if (!fieldSelector) return '';
  let name: string | undefined;
  try {
    name = parseFieldSelector(fieldSelector).requiresExactMatch('metadata.name');
  } catch {
    return '';
  }
  if (!name || name === '.' || name === '..' || /[/%]/.test(name)) return '';
  return name;
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
