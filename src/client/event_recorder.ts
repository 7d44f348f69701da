/**
 * Recording Events about objects, as client-go's event recorder and correlator: events are
 * written in the background (never blocking or failing the caller); a repeat of the same event
 * increments `count` and `lastTimestamp` of the existing Event instead of creating another;
 * more than 10 events of the same reason with different messages within 10 minutes are combined
 * ("(combined from similar events): …"); a token bucket per object (burst 25, one per 5 minutes)
 * drops floods.
 */
import type { Logger } from 'pino';
import type { KubeObject } from '../api/object.js';
import { nowTimestamp } from '../api/object.js';
import type { CoreEvent } from '../api/types/cluster.js';
import type { ObjectReference } from '../api/types/service.js';
import type { Clock } from './clock.js';
import { realClock } from './clock.js';
import type { ResourceClient } from './resource_client.js';
import type { ResourceType } from './resource_type.js';
import { apiVersionOf } from './resource_type.js';

/** The reference to `obj` (of resource `type`) an Event's involvedObject holds. */
export function referenceTo(
  obj: KubeObject,
  type: Pick<ResourceType, 'group' | 'version' | 'kind'>,
): ObjectReference {
  return {
    kind: type.kind,
    apiVersion: apiVersionOf(type as ResourceType),
    namespace: obj.metadata.namespace,
    name: obj.metadata.name,
    uid: obj.metadata.uid,
    resourceVersion: obj.metadata.resourceVersion,
  };
}

const SIMILAR_THRESHOLD = 10;
const SIMILAR_WINDOW_MS = 10 * 60_000;
const SPAM_BURST = 25;
const SPAM_REFILL_MS = 5 * 60_000;
const MAX_TRACKED = 4096;

interface Seen {
  name: string;
  namespace: string;
  count: number;
  firstTimestamp: string;
}

/** Writes Events for one component. */
export class EventRecorder {
  private readonly seen = new Map<string, Seen>();
  private readonly similar = new Map<string, { messages: Set<string>; since: number }>();
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly chains = new Map<string, Promise<void>>();
  private readonly clock: Clock;
  private pending = 0;
  private idleWaiters: (() => void)[] = [];

  constructor(
    private readonly events: ResourceClient<CoreEvent>,
    private readonly source: { component: string; host?: string },
    private readonly opts: { clock?: Clock; log?: Logger; maxPending?: number } = {},
  ) {
    this.clock = opts.clock ?? realClock;
  }

  /** Records an event about `ref`; returns at once. */
  event(ref: ObjectReference, type: 'Normal' | 'Warning', reason: string, message: string): void {
    const objKey = [ref.kind, ref.namespace, ref.name, ref.uid].join('/');
    if (!this.takeToken(objKey)) return;
    if (this.pending >= (this.opts.maxPending ?? 1000)) {
      this.opts.log?.warn({ reason, object: ref.name }, 'event queue full; dropping event');
      return;
    }
    const aggKey = [objKey, type, reason, this.source.component, this.source.host].join('|');
    let sim = this.similar.get(aggKey);
    const now = this.clock.now();
    if (!sim || now - sim.since > SIMILAR_WINDOW_MS)
      this.similar.set(aggKey, (sim = { messages: new Set(), since: now }));
    sim.messages.add(message);
    let msg = message;
    let dedupKey = `${aggKey}|${message}`;
    if (sim.messages.size > SIMILAR_THRESHOLD) {
      msg = `(combined from similar events): ${message}`;
      dedupKey = `${aggKey}|(combined)`;
    }
    this.trim();
    this.pending++;
    const prev = this.chains.get(dedupKey) ?? Promise.resolve();
    const next = prev
      .then(() => this.write(dedupKey, ref, type, reason, msg))
      .catch((err: unknown) => this.opts.log?.warn({ err, reason }, 'failed to write event'))
      .finally(() => {
        this.pending--;
        if (this.chains.get(dedupKey) === next) this.chains.delete(dedupKey);
        if (this.pending === 0) for (const w of this.idleWaiters.splice(0)) w();
      });
    this.chains.set(dedupKey, next);
  }

  /** Resolves once every event recorded so far has been written (or failed). */
  flush(): Promise<void> {
    if (this.pending === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private takeToken(key: string): boolean {
    const now = this.clock.now();
    let b = this.buckets.get(key);
    if (!b) this.buckets.set(key, (b = { tokens: SPAM_BURST, at: now }));
    b.tokens = Math.min(SPAM_BURST, b.tokens + (now - b.at) / SPAM_REFILL_MS);
    b.at = now;
    if (b.tokens < 1) return false;
    b.tokens -= 1;
    return true;
  }

  private trim(): void {
    for (const m of [this.seen, this.similar, this.buckets] as Map<string, unknown>[]) {
      if (m.size <= MAX_TRACKED) continue;
      for (const k of m.keys()) {
        m.delete(k);
        if (m.size <= MAX_TRACKED / 2) break;
      }
    }
  }

  private async write(
    dedupKey: string,
    ref: ObjectReference,
    type: 'Normal' | 'Warning',
    reason: string,
    message: string,
  ): Promise<void> {
    const stamp = nowTimestamp(new Date(this.clock.now()));
    const prior = this.seen.get(dedupKey);
    if (prior) {
      prior.count++;
      try {
        await this.events.patch(prior.namespace, prior.name, 'strategic', {
          count: prior.count,
          lastTimestamp: stamp,
          message,
        });
        return;
      } catch {
        // The event expired or was deleted: create it anew below.
        this.seen.delete(dedupKey);
      }
    }
    const namespace = ref.namespace || 'default';
    const ns = BigInt(this.clock.now()) * 1_000_000n + BigInt(Math.floor(Math.random() * 1_000_000));
    const created = await this.events.create({
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: `${ref.name}.${ns.toString(16)}`, namespace },
      involvedObject: ref,
      reason,
      message,
      type,
      source: { component: this.source.component, host: this.source.host },
      firstTimestamp: stamp,
      lastTimestamp: stamp,
      count: 1,
      reportingComponent: this.source.component,
      reportingInstance: this.source.host ?? '',
    });
    this.seen.set(dedupKey, { name: created.metadata.name!, namespace, count: 1, firstTimestamp: stamp });
  }
}
