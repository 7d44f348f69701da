/**
 * Leader election on a coordination.k8s.io Lease, as client-go's `leaderelection`: candidates
 * try to acquire or renew the lease every `retryPeriodMs`; a lease not renewed for
 * `leaseDurationMs` (measured on the candidate's own clock since it last saw the lease change)
 * may be taken over; a leader that cannot renew within `renewDeadlineMs` steps down. Writes are
 * compare-and-swap on the lease's resourceVersion, so at most one candidate wins.
 */
import type { Logger } from 'pino';
import { nowMicroTimestamp } from '../api/object.js';
import type { Lease } from '../api/types/cluster.js';
import { StatusError } from '../api/status_error.js';
import type { Clock } from './clock.js';
import { realClock, sleep } from './clock.js';
import type { ResourceClient } from './resource_client.js';

/** Leader election settings (upstream's defaults: 15 s, 10 s, 2 s). */
export interface LeaderElectionOptions {
  leases: ResourceClient<Lease>;
  namespace: string;
  name: string;
  /** This candidate's identity (hostname_uuid upstream). */
  identity: string;
  leaseDurationMs?: number;
  renewDeadlineMs?: number;
  retryPeriodMs?: number;
  /** Give the lease up when stopping, so another candidate takes over at once. */
  releaseOnCancel?: boolean;
  /** Called when this candidate becomes leader; `leading` aborts when it stops leading. */
  onStartedLeading(leading: AbortSignal): void;
  /** Called when this candidate stops leading (lost the lease or stopped). */
  onStoppedLeading?(): void;
  /** Called when the observed leader changes. */
  onNewLeader?(identity: string): void;
  log?: Logger;
  clock?: Clock;
}

/**
 * Runs the election until `signal` aborts: campaigns, leads while it keeps renewing, and
 * campaigns again after losing the lease.
 */
export async function runLeaderElection(opts: LeaderElectionOptions, signal: AbortSignal): Promise<void> {
  const clock = opts.clock ?? realClock;
  const leaseDurationMs = opts.leaseDurationMs ?? 15_000;
  const renewDeadlineMs = opts.renewDeadlineMs ?? 10_000;
  const retryPeriodMs = opts.retryPeriodMs ?? 2_000;
  let observed: { holder: string; renewTime: string; rv: string; at: number } | undefined;
  let lastLeader = '';

  const tryAcquireOrRenew = async (): Promise<boolean> => {
    const now = clock.now();
    const stamp = nowMicroTimestamp(new Date(now));
    let current: Lease | undefined;
    try {
      current = await opts.leases.get(opts.namespace, opts.name, signal);
    } catch (err) {
      if (!(err instanceof StatusError && err.code === 404)) throw err;
    }
    const spec = {
      holderIdentity: opts.identity,
      leaseDurationSeconds: Math.round(leaseDurationMs / 1000),
      acquireTime: stamp,
      renewTime: stamp,
      leaseTransitions: 0,
    };
    if (!current) {
      await opts.leases.create({
        apiVersion: 'coordination.k8s.io/v1',
        kind: 'Lease',
        metadata: { name: opts.name, namespace: opts.namespace },
        spec,
      });
      observed = { holder: opts.identity, renewTime: stamp, rv: '', at: now };
      return true;
    }
    const cs = current.spec ?? {};
    const holder = cs.holderIdentity ?? '';
    if (!observed || observed.holder !== holder || observed.renewTime !== (cs.renewTime ?? '')) {
      observed = {
        holder,
        renewTime: cs.renewTime ?? '',
        rv: current.metadata.resourceVersion ?? '',
        at: now,
      };
    }
    if (holder !== lastLeader) {
      lastLeader = holder;
      if (holder) opts.onNewLeader?.(holder);
    }
    const durationMs = (cs.leaseDurationSeconds ?? leaseDurationMs / 1000) * 1000;
    if (holder && holder !== opts.identity && observed.at + durationMs > now) return false;
    const next: Lease = { ...current, spec: { ...cs, holderIdentity: opts.identity, renewTime: stamp } };
    next.spec!.leaseDurationSeconds = Math.round(leaseDurationMs / 1000);
    if (holder !== opts.identity) {
      next.spec!.acquireTime = stamp;
      next.spec!.leaseTransitions = (cs.leaseTransitions ?? 0) + 1;
    }
    const updated = await opts.leases.update(next);
    observed = {
      holder: opts.identity,
      renewTime: stamp,
      rv: updated.metadata.resourceVersion ?? '',
      at: now,
    };
    return true;
  };

  const attempt = async (): Promise<boolean> => {
    try {
      return await tryAcquireOrRenew();
    } catch (err) {
      if (!signal.aborted) opts.log?.debug({ err, lease: opts.name }, 'leader election attempt failed');
      return false;
    }
  };

  while (!signal.aborted) {
    // Campaign.
    while (!signal.aborted && !(await attempt())) await sleep(retryPeriodMs, signal, clock).catch(() => {});
    if (signal.aborted) break;
    if (lastLeader !== opts.identity) {
      lastLeader = opts.identity;
      opts.onNewLeader?.(opts.identity);
    }
    opts.log?.info({ lease: `${opts.namespace}/${opts.name}`, identity: opts.identity }, 'became leader');
    const leading = new AbortController();
    opts.onStartedLeading(leading.signal);
    // Lead: renew every retry period; step down when no renewal succeeded within the deadline.
    let lastRenew = clock.now();
    while (!signal.aborted) {
      await sleep(retryPeriodMs, signal, clock).catch(() => {});
      if (signal.aborted) break;
      if (await attempt()) lastRenew = clock.now();
      else if (clock.now() - lastRenew >= renewDeadlineMs || (observed && observed.holder !== opts.identity))
        break;
    }
    leading.abort(new Error('leadership lost'));
    opts.log?.info({ lease: `${opts.namespace}/${opts.name}`, identity: opts.identity }, 'stopped leading');
    opts.onStoppedLeading?.();
    if (signal.aborted && opts.releaseOnCancel) await release(opts).catch(() => {});
  }
}

async function release(opts: LeaderElectionOptions): Promise<void> {
  const current = await opts.leases.get(opts.namespace, opts.name);
  if (current.spec?.holderIdentity !== opts.identity) return;
  await opts.leases.update({
    ...current,
    spec: {
      ...current.spec,
      holderIdentity: '',
      leaseDurationSeconds: 1,
      renewTime: nowMicroTimestamp(new Date()),
    },
  });
}
