/**
 * The secrets and config maps the kubelet's pods need, watched one object at a time, as
 * upstream's watch-based secret and configmap managers do: a list+watch of `metadata.name=X` in
 * the pod's namespace starts when the first pod needing X arrives and stops when the last one
 * goes. That is all the Node authorizer lets a kubelet read; a cluster-wide watch would be
 * refused. Changes to a watched object are reported with the pods that use it, so that their
 * volumes and env follow.
 */
import { setMaxListeners } from 'node:events';
import type { KubeObject } from '../api/object.js';
import type { Clock } from '../client/clock.js';
import { realClock, sleep } from '../client/clock.js';
import { Informer } from '../client/informer.js';
import { ResourceClient } from '../client/resource_client.js';
import type { ResourceType } from '../client/resource_type.js';
import type { RestClient } from '../client/rest_client.js';
import type { Logger } from 'pino';

/** Objects of one kind the kubelet's pods refer to. */
export interface PodObjectSource<T extends KubeObject> {
  /** The object, when it is known to exist. */
  get(namespace: string, name: string): T | undefined;
  /** Pod `uid` (in `namespace`) needs exactly `names` from now on. */
  track(uid: string, namespace: string, names: readonly string[]): void;
  /** Pod `uid` needs nothing any more. */
  untrack(uid: string): void;
  /** Resolves once what pod `uid` needs has been listed, or after `timeoutMs` regardless. */
  synced(uid: string, timeoutMs: number): Promise<void>;
}

/**
 * A source over one shared cluster-wide informer (hollow nodes, whose identity may read
 * everything and whose thousands of kubelets share one watch).
 */
export function informerSource<T extends KubeObject>(informer: Informer<T>): PodObjectSource<T> {
  return {
    get: (namespace, name) => informer.cache.get(`${namespace}/${name}`),
    track: () => undefined,
    untrack: () => undefined,
    // The kubelet waits for its informers to sync before it runs any pod.
    synced: async () => undefined,
  };
}

/** What per-object watches need. */
export interface ObjectWatchesOptions<T extends KubeObject> {
  /** A new, unstarted informer of `namespace`/`name` alone (fieldSelector metadata.name=name). */
  newInformer(namespace: string, name: string): Informer<T>;
  /** Every watch stops when this aborts. */
  signal: AbortSignal;
  /** Told the pods using an object that was added, changed or deleted. */
  changed?(podUids: readonly string[]): void;
  clock?: Clock;
}

interface Watch<T extends KubeObject> {
  informer: Informer<T>;
  ac: AbortController;
  users: Set<string>;
  unlink: () => void;
}

/** Per-object watches, reference-counted by the pods that need each object. */
export class ObjectWatches<T extends KubeObject> implements PodObjectSource<T> {
  private readonly watches = new Map<string, Watch<T>>();
  private readonly byPod = new Map<string, string[]>();
  private readonly clock: Clock;

  constructor(private readonly opts: ObjectWatchesOptions<T>) {
    this.clock = opts.clock ?? realClock;
    // Each watch and each wait listens on the one signal.
    setMaxListeners(0, opts.signal);
  }

  get(namespace: string, name: string): T | undefined {
    const key = `${namespace}/${name}`;
    return this.watches.get(key)?.informer.cache.get(key);
  }

  /** The `namespace/name` keys watched now (tests). */
  watched(): string[] {
    return [...this.watches.keys()].sort();
  }

  track(uid: string, namespace: string, names: readonly string[]): void {
    const next = [...new Set(names)].filter((n) => n !== '').map((n) => `${namespace}/${n}`);
    const prev = this.byPod.get(uid) ?? [];
    for (const key of next) if (!prev.includes(key)) this.addUser(key, uid);
    for (const key of prev) if (!next.includes(key)) this.removeUser(key, uid);
    if (next.length) this.byPod.set(uid, next);
    else this.byPod.delete(uid);
  }

  untrack(uid: string): void {
    this.track(uid, '', []);
  }

  async synced(uid: string, timeoutMs: number): Promise<void> {
    const watches = (this.byPod.get(uid) ?? []).map((k) => this.watches.get(k)!);
    const pending = watches.filter((w) => !w.informer.hasSynced());
    if (pending.length === 0) return;
    const ac = new AbortController();
    const stop = () => ac.abort();
    this.opts.signal.addEventListener('abort', stop, { once: true });
    try {
      await Promise.race([
        Promise.all(pending.map((w) => w.informer.waitForSync(ac.signal))),
        sleep(timeoutMs, ac.signal, this.clock),
      ]).catch(() => undefined);
    } finally {
      ac.abort();
      this.opts.signal.removeEventListener('abort', stop);
    }
  }

  private addUser(key: string, uid: string): void {
    let w = this.watches.get(key);
    if (!w) {
      const slash = key.indexOf('/');
      const informer = this.opts.newInformer(key.slice(0, slash), key.slice(slash + 1));
      const ac = new AbortController();
      const stop = () => ac.abort();
      this.opts.signal.addEventListener('abort', stop, { once: true });
      const watch: Watch<T> = {
        informer,
        ac,
        users: new Set(),
        unlink: () => this.opts.signal.removeEventListener('abort', stop),
      };
      const tell = () => this.opts.changed?.([...watch.users]);
      informer.addHandler({ onAdd: tell, onUpdate: tell, onDelete: tell });
      informer.start(ac.signal);
      this.watches.set(key, (w = watch));
    }
    w.users.add(uid);
  }

  private removeUser(key: string, uid: string): void {
    const w = this.watches.get(key);
    if (!w) return;
    w.users.delete(uid);
    if (w.users.size > 0) return;
    w.ac.abort();
    w.unlink();
    this.watches.delete(key);
  }
}

/**
 * Watches of objects of `type` through `rest`, each one by name (list and watch with
 * `fieldSelector=metadata.name=<name>` in its namespace), which is what the Node authorizer lets a
 * kubelet read of the secrets and configmaps its pods use.
 */
export function namedObjectWatches<T extends KubeObject>(
  rest: RestClient,
  type: ResourceType<T>,
  opts: Omit<ObjectWatchesOptions<T>, 'newInformer'> & { log?: Logger },
): ObjectWatches<T> {
  return new ObjectWatches<T>({
    ...opts,
    newInformer: (namespace, name) =>
      new Informer<T>(new ResourceClient<T>(rest, type), {
        namespace,
        fieldSelector: `metadata.name=${name}`,
        log: opts.log,
        clock: opts.clock,
      }),
  });
}
