/**
 * A typed client of one resource: the verbs of the REST API (get, list, watch, create, update,
 * status update, patch, delete, deletecollection, subresources) over a `RestClient`. Namespace
 * `''` means cluster-scoped or, for lists and watches, all namespaces.
 */
import type { KubeList, KubeObject } from '../api/object.js';
import type { Status } from '../api/status_error.js';
import type { Query, RestClient } from './rest_client.js';
import type { ResourceType } from './resource_type.js';
import { resourcePath } from './resource_type.js';
import type { WatchEvent } from './watch_stream.js';
import { decodeWatchStream } from './watch_stream.js';

/** Options of LIST and WATCH. */
export interface ListOptions {
  labelSelector?: string;
  fieldSelector?: string;
  limit?: number;
  continue?: string;
  resourceVersion?: string;
  resourceVersionMatch?: 'Exact' | 'NotOlderThan';
  timeoutSeconds?: number;
  allowWatchBookmarks?: boolean;
  signal?: AbortSignal;
}

/** Options of writes. */
export interface WriteOptions {
  dryRun?: boolean;
  fieldManager?: string;
  fieldValidation?: 'Strict' | 'Warn' | 'Ignore';
  signal?: AbortSignal;
}

/** `metav1.DeleteOptions`. */
export interface DeleteOptions {
  gracePeriodSeconds?: number;
  propagationPolicy?: 'Background' | 'Foreground' | 'Orphan';
  preconditions?: { uid?: string; resourceVersion?: string };
  dryRun?: string[];
}

/** The patch types of PATCH. */
export type PatchType = 'json' | 'merge' | 'strategic' | 'apply';

const PATCH_CONTENT_TYPES: Record<PatchType, string> = {
  json: 'application/json-patch+json',
  merge: 'application/merge-patch+json',
  strategic: 'application/strategic-merge-patch+json',
  apply: 'application/apply-patch+yaml',
};

function writeQuery(o: WriteOptions | undefined): Query | undefined {
  if (!o) return undefined;
  return {
    dryRun: o.dryRun ? 'All' : undefined,
    fieldManager: o.fieldManager,
    fieldValidation: o.fieldValidation,
  };
}

function listQuery(o: ListOptions): Query {
  return {
    labelSelector: o.labelSelector,
    fieldSelector: o.fieldSelector,
    limit: o.limit,
    continue: o.continue,
    resourceVersion: o.resourceVersion,
    resourceVersionMatch: o.resourceVersionMatch,
    timeoutSeconds: o.timeoutSeconds,
  };
}

/** The client of one resource type. */
export class ResourceClient<T extends KubeObject = KubeObject> {
  constructor(
    readonly rest: RestClient,
    readonly type: ResourceType<T>,
  ) {}

  private path(namespace: string, name?: string, sub?: string): string {
    return resourcePath(this.type, namespace, name, sub);
  }

  private ns(obj: KubeObject): string {
    return this.type.namespaced ? (obj.metadata.namespace ?? 'default') : '';
  }

  /** GET one object. */
  get(namespace: string, name: string, signal?: AbortSignal): Promise<T> {
    return this.rest.request<T>({ method: 'GET', path: this.path(namespace, name), signal });
  }

  /** LIST (one page unless `limit` is unset). */
  list(namespace = '', opts: ListOptions = {}): Promise<KubeList<T>> {
    return this.rest.request<KubeList<T>>({
      method: 'GET',
      path: this.path(namespace),
      query: listQuery(opts),
      signal: opts.signal,
    });
  }

  /** POST a new object (into its own namespace). */
  create(obj: T, opts?: WriteOptions): Promise<T> {
    return this.rest.request<T>({
      method: 'POST',
      path: this.path(this.ns(obj)),
      body: obj,
      query: writeQuery(opts),
      signal: opts?.signal,
    });
  }

  /** PUT the object (a compare-and-swap on its resourceVersion when set). */
  update(obj: T, opts?: WriteOptions): Promise<T> {
    return this.rest.request<T>({
      method: 'PUT',
      path: this.path(this.ns(obj), obj.metadata.name),
      body: obj,
      query: writeQuery(opts),
      signal: opts?.signal,
    });
  }

  /** PUT the object's status subresource. */
  updateStatus(obj: T, opts?: WriteOptions): Promise<T> {
    return this.rest.request<T>({
      method: 'PUT',
      path: this.path(this.ns(obj), obj.metadata.name, 'status'),
      body: obj,
      query: writeQuery(opts),
      signal: opts?.signal,
    });
  }

  /** PATCH an object (or its subresource) with a patch of `type`. */
  patch(
    namespace: string,
    name: string,
    type: PatchType,
    patch: unknown,
    opts: WriteOptions & { subresource?: string; force?: boolean } = {},
  ): Promise<T> {
    return this.rest.request<T>({
      method: 'PATCH',
      path: this.path(namespace, name, opts.subresource),
      body: typeof patch === 'string' ? patch : JSON.stringify(patch),
      contentType: PATCH_CONTENT_TYPES[type],
      query: { ...writeQuery(opts), force: opts.force || undefined },
      signal: opts.signal,
    });
  }

  /** DELETE an object; answers the deleted (or deletion-marked) object or a Status. */
  delete(namespace: string, name: string, opts?: DeleteOptions, signal?: AbortSignal): Promise<T | Status> {
    return this.rest.request<T | Status>({
      method: 'DELETE',
      path: this.path(namespace, name),
      body: opts ? { kind: 'DeleteOptions', apiVersion: 'v1', ...opts } : undefined,
      signal,
    });
  }

  /** DELETE the collection (objects matching the selectors in `list`). */
  deleteCollection(namespace: string, list: ListOptions = {}, opts?: DeleteOptions): Promise<KubeList<T>> {
    return this.rest.request<KubeList<T>>({
      method: 'DELETE',
      path: this.path(namespace),
      query: listQuery(list),
      body: opts ? { kind: 'DeleteOptions', apiVersion: 'v1', ...opts } : undefined,
      signal: list.signal,
    });
  }

  /** GET a subresource (`scale`, `status`, …). */
  getSubresource<R>(namespace: string, name: string, sub: string, signal?: AbortSignal): Promise<R> {
    return this.rest.request<R>({ method: 'GET', path: this.path(namespace, name, sub), signal });
  }

  /** POST to a subresource (`binding`, `eviction`, `token`, …). */
  createSubresource<R>(
    namespace: string,
    name: string,
    sub: string,
    body: unknown,
    opts?: WriteOptions,
  ): Promise<R> {
    return this.rest.request<R>({
      method: 'POST',
      path: this.path(namespace, name, sub),
      body,
      query: writeQuery(opts),
      signal: opts?.signal,
    });
  }

  /** PUT a subresource (`scale`, …). */
  updateSubresource<R>(
    namespace: string,
    name: string,
    sub: string,
    body: unknown,
    opts?: WriteOptions,
  ): Promise<R> {
    return this.rest.request<R>({
      method: 'PUT',
      path: this.path(namespace, name, sub),
      body,
      query: writeQuery(opts),
      signal: opts?.signal,
    });
  }

  /**
   * WATCH from `opts.resourceVersion`: yields events until the server ends the watch (timeout)
   * or `opts.signal` aborts; throws the `StatusError` of an ERROR event (410 when compacted).
   */
  async *watch(namespace = '', opts: ListOptions = {}): AsyncGenerator<WatchEvent<T>> {
    const res = await this.rest.stream({
      method: 'GET',
      path: this.path(namespace),
      query: { ...listQuery(opts), watch: 1, allowWatchBookmarks: opts.allowWatchBookmarks || undefined },
      signal: opts.signal,
    });
    try {
      yield* decodeWatchStream<T>(res.stream);
    } finally {
      if (!res.stream.destroyed) res.stream.close();
    }
  }
}
