/**
 * The `kube-system/kube-dns` Service and this DNS instance's EndpointSlice. kubets serves DNS
 * from the node process rather than from pods, so the Service has no selector: each instance
 * ensures the Service exists (ClusterIP 10.43.0.10 by default; ports `dns` 53/UDP, `dns-tcp`
 * 53/TCP, `metrics` 9153/TCP; labelled as CoreDNS's so `kubectl cluster-info` lists it) and keeps
 * one EndpointSlice of its own, `kube-dns-<instance>`, with the address and ports it listens on.
 * The slices carry their own managed-by label, so the endpointslice controllers leave them
 * alone, and the Service as owner, so they go when it goes. Several instances (one per node)
 * each add and remove their own slice; the service proxy sends the ClusterIP to all of them.
 */
import type { Logger } from 'pino';
import type { KubeObject } from '../api/object.js';
import { StatusError } from '../api/status_error.js';
import type { EndpointSlice, Service } from '../api/types/service.js';
import type { Clock } from '../client/clock.js';
import { realClock, sleep } from '../client/clock.js';
import { ResourceClient } from '../client/resource_client.js';
import { Resources } from '../client/resource_type.js';
import type { RestClient } from '../client/rest_client.js';
import { SERVICE_NAME_LABEL } from './cluster_records.js';

/** The namespace and name of the DNS Service. */
export const KUBE_DNS_NAMESPACE = 'kube-system';
/** The DNS Service's name, as in every Kubernetes distribution. */
export const KUBE_DNS_NAME = 'kube-dns';
/** The default ClusterIP of the DNS Service (the tenth address of 10.43.0.0/16). */
export const DEFAULT_DNS_SERVICE_IP = '10.43.0.10';
/** The managed-by value of the slices DNS instances keep. */
export const DNS_SLICE_MANAGER = 'dns.kubets.io';
/** The EndpointSlice label naming its manager. */
export const LABEL_MANAGED_BY = 'endpointslice.kubernetes.io/managed-by';

/** The labels of the Service (CoreDNS's manifests; `cluster-info` selects the second). */
export const KUBE_DNS_LABELS: Readonly<Record<string, string>> = {
  'k8s-app': 'kube-dns',
  'kubernetes.io/cluster-service': 'true',
  'kubernetes.io/name': 'CoreDNS',
};

/** Where one instance serves. */
export interface DnsInstance {
  /** A name unique among instances (the node's name): the slice is `kube-dns-<name>`. */
  instanceName: string;
  /** The address other hosts reach this instance at. */
  address: string;
  dnsPort: number;
  /** The /metrics port (0: none). */
  metricsPort: number;
  nodeName?: string;
}

/** The Service kube-dns as DNS instances create it. */
export function desiredKubeDnsService(serviceIp: string): Service {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name: KUBE_DNS_NAME,
      namespace: KUBE_DNS_NAMESPACE,
      labels: { ...KUBE_DNS_LABELS },
      annotations: { 'prometheus.io/port': '9153', 'prometheus.io/scrape': 'true' },
    },
    spec: {
      type: 'ClusterIP',
      clusterIP: serviceIp,
      clusterIPs: [serviceIp],
      ports: [
        { name: 'dns', port: 53, protocol: 'UDP', targetPort: 53 },
        { name: 'dns-tcp', port: 53, protocol: 'TCP', targetPort: 53 },
        { name: 'metrics', port: 9153, protocol: 'TCP', targetPort: 9153 },
      ],
    },
  };
}

/** The slice name of an instance: `kube-dns-<name>`, a valid DNS subdomain. */
export function instanceSliceName(instanceName: string): string {
  const clean = instanceName
    .toLowerCase()
    .replace(/[^a-z0-9.-]+/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '');
  return `${KUBE_DNS_NAME}-${clean || 'dns'}`.slice(0, 253).replace(/[-.]+$/, '');
}

/** The EndpointSlice of one instance, owned by the Service `owner`. */
export function desiredInstanceSlice(inst: DnsInstance, owner: Service): EndpointSlice {
  const ports: NonNullable<EndpointSlice['ports']> = [
    { name: 'dns', port: inst.dnsPort, protocol: 'UDP' },
    { name: 'dns-tcp', port: inst.dnsPort, protocol: 'TCP' },
  ];
  if (inst.metricsPort > 0) ports.push({ name: 'metrics', port: inst.metricsPort, protocol: 'TCP' });
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: {
      name: instanceSliceName(inst.instanceName),
      namespace: KUBE_DNS_NAMESPACE,
      labels: {
        [SERVICE_NAME_LABEL]: KUBE_DNS_NAME,
        [LABEL_MANAGED_BY]: DNS_SLICE_MANAGER,
        'k8s-app': 'kube-dns',
      },
      ownerReferences: owner.metadata.uid
        ? [
            {
              apiVersion: 'v1',
              kind: 'Service',
              name: KUBE_DNS_NAME,
              uid: owner.metadata.uid,
              controller: true,
              blockOwnerDeletion: true,
            },
          ]
        : undefined,
    },
    addressType: inst.address.includes(':') ? 'IPv6' : 'IPv4',
    endpoints: [
      {
        addresses: [inst.address],
        conditions: { ready: true, serving: true, terminating: false },
        ...(inst.nodeName ? { nodeName: inst.nodeName } : {}),
      },
    ],
    ports,
  };
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

/** Whether `live` already says what `want` does (labels, owners, endpoints, ports). */
function sliceUpToDate(live: EndpointSlice, want: EndpointSlice): boolean {
  const labels = live.metadata.labels ?? {};
  for (const [k, v] of Object.entries(want.metadata.labels ?? {})) if (labels[k] !== v) return false;
  return (
    sameJson(live.metadata.ownerReferences, want.metadata.ownerReferences) &&
    live.addressType === want.addressType &&
    sameJson(live.endpoints, want.endpoints) &&
    sameJson(live.ports, want.ports)
  );
}

function isStatus(err: unknown, code: number): boolean {
  return err instanceof StatusError && err.code === code;
}

/** Options of the registration. */
export interface KubeDnsRegistrationOptions extends DnsInstance {
  rest: RestClient;
  serviceIp: string;
  /** Re-check this often even without events, ms (default 60000). */
  resyncMs?: number;
  log?: Logger;
  clock?: Clock;
}

/** Keeps the kube-dns Service and this instance's slice in place. */
export class KubeDnsRegistration {
  private readonly services: ResourceClient<Service>;
  private readonly slices: ResourceClient<EndpointSlice>;
  private wake: (() => void) | undefined;
  private pending = true;

  constructor(private readonly opts: KubeDnsRegistrationOptions) {
    this.services = new ResourceClient(opts.rest, Resources.services);
    this.slices = new ResourceClient(opts.rest, Resources.endpointslices);
  }

  /** The name of this instance's slice. */
  get sliceName(): string {
    return instanceSliceName(this.opts.instanceName);
  }

  /** Whether an object change concerns the registration (the Service or this slice). */
  concerns(obj: KubeObject): boolean {
    const m = obj.metadata;
    return (
      m.namespace === KUBE_DNS_NAMESPACE &&
      (m.name === KUBE_DNS_NAME || (m.name === this.sliceName && obj.kind !== 'Service'))
    );
  }

  /** Asks for a sync soon. */
  trigger(): void {
    this.pending = true;
    this.wake?.();
  }

  /** Ensures the Service and the slice once; throws when the API server refuses. */
  async sync(signal?: AbortSignal): Promise<void> {
    let svc: Service;
    try {
      svc = await this.services.get(KUBE_DNS_NAMESPACE, KUBE_DNS_NAME, signal);
    } catch (err) {
      if (!isStatus(err, 404)) throw err;
      try {
        svc = await this.services.create(desiredKubeDnsService(this.opts.serviceIp), { signal });
        this.opts.log?.info({ clusterIP: this.opts.serviceIp }, 'created Service kube-system/kube-dns');
      } catch (err2) {
        if (!isStatus(err2, 409)) throw err2;
        svc = await this.services.get(KUBE_DNS_NAMESPACE, KUBE_DNS_NAME, signal);
      }
    }
    const want = desiredInstanceSlice(this.opts, svc);
    let live: EndpointSlice | undefined;
    try {
      live = await this.slices.get(KUBE_DNS_NAMESPACE, want.metadata.name!, signal);
    } catch (err) {
      if (!isStatus(err, 404)) throw err;
    }
    if (!live) {
      try {
        await this.slices.create(want, { signal });
      } catch (err) {
        // Another write won the race; the next sync compares again.
        if (!isStatus(err, 409)) throw err;
        this.pending = true;
      }
      return;
    }
    if (sliceUpToDate(live, want)) return;
    await this.slices.update(
      {
        ...want,
        metadata: {
          ...live.metadata,
          labels: { ...live.metadata.labels, ...want.metadata.labels },
          ownerReferences: want.metadata.ownerReferences,
        },
      },
      { signal },
    );
  }

  /** Syncs on every trigger and every resync period, with backoff on failure, until `signal` aborts. */
  async run(signal: AbortSignal): Promise<void> {
    const clock = this.opts.clock ?? realClock;
    let delay = 500;
    while (!signal.aborted) {
      if (this.pending) {
        this.pending = false;
        try {
          await this.sync(signal);
          delay = 500;
        } catch (err) {
          if (signal.aborted) break;
          this.pending = true;
          this.opts.log?.warn({ err }, 'could not register the DNS service; retrying');
          try {
            await sleep(delay, signal, clock);
          } catch {
            break;
          }
          delay = Math.min(delay * 2, 30_000);
          continue;
        }
      }
      await new Promise<void>((resolve) => {
        const timer = clock.setTimer(
          () => {
            this.pending = true;
            resolve();
          },
          this.opts.resyncMs ?? 60_000,
          { unref: true },
        );
        const done = () => {
          timer.cancel();
          signal.removeEventListener('abort', done);
          this.wake = undefined;
          resolve();
        };
        this.wake = done;
        signal.addEventListener('abort', done, { once: true });
        if (this.pending) done();
      });
    }
  }

  /** Deletes this instance's slice (the Service stays for the other instances). */
  async deregister(): Promise<void> {
    try {
      await this.slices.delete(KUBE_DNS_NAMESPACE, this.sliceName);
    } catch (err) {
      if (!isStatus(err, 404)) throw err;
    }
  }
}
