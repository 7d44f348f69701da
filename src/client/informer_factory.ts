/**
 * Shared informers: one list+watch per resource (and selector) for every component of a
 * process, as client-go's `SharedInformerFactory`.
 */
import { setMaxListeners } from 'node:events';
import type { Logger } from 'pino';
import type { KubeObject } from '../api/object.js';
import type { Clock } from './clock.js';
import { Informer } from './informer.js';
import { ResourceClient } from './resource_client.js';
import type { ResourceType } from './resource_type.js';
import type { RestClient } from './rest_client.js';

/** Selects a subset of a resource. */
export interface InformerScope {
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
}

/** A factory handing out one shared informer per resource and scope. */
export class InformerFactory {
  private readonly informers = new Map<string, Informer<KubeObject>>();
  private signal: AbortSignal | undefined;

  constructor(
    readonly rest: RestClient,
    private readonly opts: { log?: Logger; clock?: Clock } = {},
  ) {}

  /** The shared informer of `type` in `scope`; started at once if the factory already runs. */
  informer<T extends KubeObject>(type: ResourceType<T>, scope: InformerScope = {}): Informer<T> {
    const key = [
      type.group,
      type.version,
      type.resource,
      scope.namespace,
      scope.labelSelector,
      scope.fieldSelector,
    ].join('|');
    let inf = this.informers.get(key) as Informer<T> | undefined;
    if (!inf) {
      inf = new Informer<T>(new ResourceClient<T>(this.rest, type), { ...scope, ...this.opts });
      this.informers.set(key, inf as unknown as Informer<KubeObject>);
      if (this.signal) inf.start(this.signal);
    }
    return inf;
  }

  /** Starts every informer handed out so far and any handed out later, until `signal` aborts. */
  start(signal: AbortSignal): void {
    // Every informer's watch and backoff listens on this one signal.
    setMaxListeners(0, signal);
    this.signal = signal;
    for (const inf of this.informers.values()) inf.start(signal);
  }

  /** Resolves once every informer handed out so far has loaded its initial list. */
  async waitForSync(signal?: AbortSignal): Promise<void> {
    await Promise.all([...this.informers.values()].map((i) => i.waitForSync(signal)));
  }
}
