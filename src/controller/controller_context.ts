/**
 * What every controller of the controller manager is given: the API client, the shared
 * informers, a logger, the clock, metrics, an event recorder per component, and the manager's
 * settings. A controller is declared as a `ControllerDescriptor` and started on a context.
 */
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { Clock } from '../client/clock.js';
import type { EventRecorder } from '../client/event_recorder.js';
import type { InformerFactory } from '../client/informer_factory.js';
import type { RestClient } from '../client/rest_client.js';

/** Settings of the controller manager that controllers read (upstream's flag names in comments). */
export interface ControllerSettings {
  /** --cluster-cidr: pod addresses of the cluster (10.42.0.0/16). */
  clusterCIDR: string;
  /** --node-cidr-mask-size: prefix length of each node's podCIDR (24). */
  nodeCIDRMaskSize: number;
  /** --node-monitor-grace-period: a node not heard from this long is NotReady/Unknown (40 s). */
  nodeMonitorGracePeriodMs: number;
  /** --node-monitor-period (5 s). */
  nodeMonitorPeriodMs: number;
  /** --terminated-pod-gc-threshold (12500). */
  terminatedPodGCThreshold: number;
  /** The cluster CA bundle (PEM) published as kube-root-ca.crt. */
  rootCA?: string;
  /** --cluster-signing-*: the CAs csrsigning signs with (not signing when absent). */
  clusterSigning?: ClusterSigning;
}

/** The CAs csrsigning signs with (upstream's --cluster-signing-* flags), PEM. */
export interface ClusterSigning {
  /** Signs client certificates (kube-apiserver-client, kube-apiserver-client-kubelet). */
  client: { certPem: string; keyPem: string };
  /** Signs kubelet serving certificates. */
  server: { certPem: string; keyPem: string };
  /** --cluster-signing-duration (default one year). */
  durationMs?: number;
}

/** upstream's defaults of `ControllerSettings`. */
export const DEFAULT_CONTROLLER_SETTINGS: ControllerSettings = {
  clusterCIDR: '10.42.0.0/16',
  nodeCIDRMaskSize: 24,
  nodeMonitorGracePeriodMs: 40_000,
  nodeMonitorPeriodMs: 5_000,
  terminatedPodGCThreshold: 12_500,
};

/** The context a controller starts on. */
export interface ControllerContext {
  rest: RestClient;
  informers: InformerFactory;
  log: Logger;
  clock: Clock;
  metrics: Registry;
  settings: ControllerSettings;
  /** The event recorder writing as `component` (e.g. `deployment-controller`). */
  recorder(component: string): EventRecorder;
}

/** A controller of the manager, by upstream's name (`deployment`, `serviceaccount`, …). */
export interface ControllerDescriptor {
  name: string;
  /**
   * The kube-system service account it acts as under `--use-service-account-credentials`
   * (upstream's client name, e.g. `deployment-controller`), bound to the ClusterRole
   * `system:controller:<serviceAccount>`; without one it uses the manager's own identity.
   */
  serviceAccount?: string;
  /** Whether it runs when `--controllers` names only `*` (upstream disables a few by default). */
  enabledByDefault?: boolean;
  /**
   * Sets the controller up on `ctx` (informers, handlers) and runs it until `signal` aborts;
   * resolves once stopped. Informers are started by the manager after every controller was set up.
   */
  run(ctx: ControllerContext, signal: AbortSignal): Promise<void>;
}
