/**
 * The controller manager, as kube-controller-manager: it runs the enabled controllers on shared
 * informers, only while it holds the kube-system/kube-controller-manager Lease (when leader
 * election is on), and serves /metrics and /healthz. Losing the lease stops every controller;
 * they start afresh from the API's state when the lease is won again.
 */
import os from 'node:os';
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { Registry, collectDefaultMetrics } from 'prom-client';
import type { Clock } from '../client/clock.js';
import { realClock } from '../client/clock.js';
import { EventRecorder } from '../client/event_recorder.js';
import { InformerFactory } from '../client/informer_factory.js';
import { runLeaderElection } from '../client/leader_election.js';
import { ResourceClient } from '../client/resource_client.js';
import { Resources } from '../client/resource_type.js';
import type { RestClient } from '../client/rest_client.js';
import { startComponentServer } from '../component/component_server.js';
import type { ComponentServer } from '../component/component_server.js';
import type {
  ControllerContext,
  ControllerDescriptor,
  ControllerSettings,
} from '../controller/controller_context.js';
import { DEFAULT_CONTROLLER_SETTINGS } from '../controller/controller_context.js';
import { ALL_CONTROLLERS } from './all_controllers.js';
import { ServiceAccountClients } from './service_account_clients.js';

/** Options of the controller manager. */
export interface ControllerManagerOptions {
  rest: RestClient;
  log: Logger;
  clock?: Clock;
  settings?: Partial<ControllerSettings>;
  /** Upstream's `--controllers`: `*` (the default ones), `name` enables, `-name` disables. */
  controllers?: string[];
  /** Run only while holding the lease (default true). */
  leaderElect?: boolean;
  /** This instance's identity in the lease (hostname_uuid by default). */
  identity?: string;
  /** Port of /metrics and /healthz (undefined: not served; 0: a free one). */
  metricsPort?: number;
  /** The controllers known (all of kubets' by default). */
  descriptors?: ControllerDescriptor[];
  /**
   * Upstream's `--use-service-account-credentials`: each controller talks to the API as its own
   * service account in kube-system (created when missing, its tokens requested through
   * TokenRequest with `rest`); the shared informers, the lease and the events of controllers
   * without an account stay on `rest`.
   */
  useServiceAccountCredentials?: boolean;
}

/** A running controller manager. */
export interface ControllerManager {
  /** The names of the controllers enabled. */
  enabled: string[];
  /** Whether this instance currently runs the controllers. */
  isLeading(): boolean;
  /** The /metrics endpoint, when served. */
  metricsUrl?: string;
  stop(): Promise<void>;
}

/** Unknown names in `--controllers`. */
export class UnknownControllerError extends Error {
  override name = 'UnknownControllerError';
}

/** The controllers `spec` enables among `known`, as upstream's `--controllers` flag. */
export function enabledControllers(
  known: ControllerDescriptor[],
  spec: string[] = ['*'],
): ControllerDescriptor[] {
  const names = new Set(known.map((d) => d.name));
  for (const s of spec) {
    const n = s.startsWith('-') ? s.slice(1) : s;
    if (n !== '*' && !names.has(n))
      throw new UnknownControllerError(`"${n}" is not in the list of known controllers`);
  }
  return known.filter((d) => {
    if (spec.includes(`-${d.name}`)) return false;
    if (spec.includes(d.name)) return true;
    return spec.includes('*') && d.enabledByDefault !== false;
  });
}

/** Starts the controller manager; it runs until `stop()`. */
export async function startControllerManager(opts: ControllerManagerOptions): Promise<ControllerManager> {
  const clock = opts.clock ?? realClock;
  const log = opts.log;
  const descriptors = enabledControllers(opts.descriptors ?? ALL_CONTROLLERS, opts.controllers);
  const settings: ControllerSettings = {
    ...DEFAULT_CONTROLLER_SETTINGS,
    rootCA: opts.rest.config.ca,
    ...opts.settings,
  };
  const metrics = new Registry();
  collectDefaultMetrics({ register: metrics });
  const stopAll = new AbortController();
  let leading = false;
  const runs = new Set<Promise<void>>();

  const clients = opts.useServiceAccountCredentials
    ? new ServiceAccountClients(opts.rest, { clock })
    : undefined;
  const lead = (signal: AbortSignal) => {
    leading = true;
    const informers = new InformerFactory(opts.rest, { log, clock });
    const contextFor = (rest: RestClient): ControllerContext => {
      const events = new ResourceClient(rest, Resources.events);
      const mine = new Map<string, EventRecorder>();
      return {
        rest,
        informers,
        log,
        clock,
        metrics,
        settings,
        recorder(component) {
          let r = mine.get(component);
          if (!r) mine.set(component, (r = new EventRecorder(events, { component }, { clock, log })));
          return r;
        },
      };
    };
    const contexts = new Map<RestClient, ControllerContext>();
    const ctxOf = (rest: RestClient) => {
      let c = contexts.get(rest);
      if (!c) contexts.set(rest, (c = contextFor(rest)));
      return c;
    };
    informers.start(signal);
    for (const d of descriptors) {
      const rest = clients && d.serviceAccount ? clients.clientFor(d.serviceAccount) : opts.rest;
      if (clients && d.serviceAccount) {
        const account = d.serviceAccount;
        clients.prepare(account, signal).catch((err: unknown) => {
          if (!signal.aborted) log.warn({ err, serviceAccount: account }, 'no token for the controller yet');
        });
      }
      const run = d
        .run(ctxOf(rest), signal)
        .catch((err: unknown) => log.error({ err, controller: d.name }, 'controller stopped with an error'))
        .finally(() => runs.delete(run));
      runs.add(run);
    }
    log.info({ controllers: descriptors.map((d) => d.name) }, 'started controllers');
    signal.addEventListener('abort', () => (leading = false), { once: true });
  };

  const election =
    opts.leaderElect === false
      ? (lead(stopAll.signal), Promise.resolve())
      : runLeaderElection(
          {
            leases: new ResourceClient(opts.rest, Resources.leases),
            namespace: 'kube-system',
            name: 'kube-controller-manager',
            identity: opts.identity ?? `${os.hostname()}_${randomUUID()}`,
            releaseOnCancel: true,
            onStartedLeading: lead,
            log,
            clock,
          },
          stopAll.signal,
        );

  let server: ComponentServer | undefined;
  if (opts.metricsPort !== undefined) {
    server = await startComponentServer({ port: opts.metricsPort, metrics });
  }
  return {
    enabled: descriptors.map((d) => d.name),
    isLeading: () => leading,
    metricsUrl: server?.url,
    async stop() {
      stopAll.abort(new Error('controller manager stopping'));
      await election;
      await Promise.all([...runs]);
      clients?.close();
      await server?.close();
    },
  };
}
