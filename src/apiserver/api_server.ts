import http from 'node:http';
import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { ConnectionOptions } from 'node:tls';
import type { Logger } from 'pino';
import { nowTimestamp } from '../api/object.js';
import {
  methodNotSupportedError,
  notAcceptableError,
  StatusError,
  tooManyRequestsError,
} from '../api/status_error.js';
import {
  encodeOpenApiV2Protobuf,
  negotiateOpenApiV2,
  OPENAPI_V2_PROTOBUF,
} from './openapi/openapi_v2_proto.js';
import type { Store } from '../storage/store.js';
import { Admission, IMMORTAL_NAMESPACES, namespaceLifecycle } from './admission/admission.js';
import {
  DEFAULT_SERVICE_CIDR,
  kubernetesServiceIP,
  parseIpv4Cidr,
  serviceAllocation,
} from './admission/service_allocation.js';
import { CrdController } from './crd/crd_controller.js';
import { fieldValidation } from './admission/field_validation.js';
import { defaultTolerationSeconds } from './admission/default_toleration_seconds.js';
import { limitRanger } from './admission/limit_ranger.js';
import { nodeRestriction } from './admission/node_restriction.js';
import { ensureSystemPriorityClasses, priorityAdmission } from './admission/priority.js';
import { resourceQuotaAdmission } from './admission/resource_quota.js';
import type { ServiceAccountAdmissionOptions } from './admission/service_account.js';
import { serviceAccountAdmission } from './admission/service_account.js';
import { aggregatedContentType, Discovery, wantsAggregated } from './discovery.js';
import { OpenApi } from './openapi/openapi.js';
import type { ApiContext, RequestContext, UserInfo } from './handlers/context.js';
import { handleCreate } from './handlers/create.js';
import { handleDelete, handleDeleteCollection } from './handlers/delete.js';
import { handleGet } from './handlers/get.js';
import { handleList } from './handlers/list.js';
import { handlePatch } from './handlers/patch.js';
import { handleScale } from './handlers/scale.js';
import { handleBinding } from './handlers/binding.js';
import { handleFinalize } from './handlers/finalize.js';
import { handleEviction } from './handlers/eviction.js';
import { handleUpdate } from './handlers/update.js';
import { handleWatch } from './handlers/watch.js';
import type { AnyRequest } from './http/body.js';
import type { AnyResponse } from './http/respond.js';
import { sendError, sendJson, toStatusError } from './http/respond.js';
import type { Registry } from './registry/registry.js';
import type { ResourceDef } from './registry/resource.js';
import { parseRequestInfo } from './request_info.js';
import type { RequestInfo } from './request_info.js';
import { ResourceStore } from './store/resource_store.js';
import type { KubeletClientOptions } from './proxy/kubelet_connection.js';
import { kubeletTls } from './proxy/kubelet_connection.js';
import type { ProxyDeps, Upgrade } from './proxy/proxy_handlers.js';
import {
  handleNodeProxy,
  handlePodLog,
  handlePodProxy,
  handlePodStream,
  handleServiceProxy,
} from './proxy/proxy_handlers.js';
import { StorageWatchHub } from './store/storage_watch_hub.js';
import { ApiAuth } from './auth/api_auth.js';
import type { ApiAuthOptions } from './auth/api_auth.js';
import type { RequestAuthenticator } from './auth/authenticator.js';

/** The Kubernetes version kubets reports: kubectl 1.27–1.33 all talk to it. */
export const KUBERNETES_VERSION = { major: '1', minor: '31', gitVersion: 'v1.31.0+kubets' };

/** Options of the API server. */
export interface ApiServerOptions {
  store: Store;
  registry: Registry;
  log: Logger;
  /**
   * Who sent a request, from its client certificate: null when it has none (bearer tokens are
   * tried next); throws `AuthenticationError` for an invalid one.
   */
  authenticate: RequestAuthenticator;
  /** Tokens and authorization (default: AlwaysAllow, no service-account tokens). */
  auth?: ApiAuthOptions;
  /** `host:port` clients reach the server at (discovery's serverAddressByClientCIDRs). */
  serverAddress: () => string;
  /** Non-watch requests served at once; more are answered 429 (default 600). */
  maxInFlight?: number;
  /** Where the `kubernetes` service in `default` points: the API server's address and port. */
  advertise?: { address: string; port: number };
  /**
   * The ServiceAccount admission plugin: `requireAccount` (default true, as upstream) refuses
   * pods whose service account does not exist.
   */
  serviceAccountAdmission?: ServiceAccountAdmissionOptions;
  /**
   * The client certificate the API server presents to kubelets (pods/log, exec, attach,
   * portforward, nodes/proxy); without one it connects without a certificate.
   */
  kubeletClient?: KubeletClientOptions;
}

/** Subresources whose requests stay open (upstream's long-running request check). */
const LONG_RUNNING_SUBRESOURCES = new Set(['log', 'exec', 'attach', 'portforward', 'proxy']);

/**
 * The Kubernetes REST API over one datastore: routing, authentication, limits, discovery, and
 * the resource handlers. `handle` serves one HTTP/1.1 or HTTP/2 request and never throws.
 */
export class ApiServer implements ApiContext {
  readonly registry: Registry;
  readonly admission: Admission;
  private readonly store: Store;
  private readonly log: Logger;
  private readonly stores = new Map<ResourceDef, ResourceStore>();
  private readonly hub: StorageWatchHub;
  private readonly discovery: Discovery;
  private readonly openapi: OpenApi;
  private readonly crds: CrdController;
  private readonly maxInFlight: number;
  private inFlight = 0;
  private ready = false;
  private readonly upgrades = new WeakMap<object, Upgrade>();
  private readonly proxyDeps: ProxyDeps;
  private readonly kubeletTls: ConnectionOptions;
  private readonly auth: ApiAuth;

  constructor(private readonly opts: ApiServerOptions) {
    this.registry = opts.registry;
    this.store = opts.store;
    this.log = opts.log;
    this.discovery = new Discovery(this.registry, opts.serverAddress);
    this.openapi = new OpenApi(this.registry);
    this.maxInFlight = opts.maxInFlight ?? 600;
    this.hub = new StorageWatchHub(this.store, (err) => this.log.warn({ err }, 'storage watch error'));
    const deps = { registry: this.registry, storeFor: (d: ResourceDef) => this.storeFor(d) };
    // Upstream's plugin order; ResourceQuota comes last so that it charges what is stored.
    this.admission = new Admission([
      namespaceLifecycle(this.registry, (d) => this.storeFor(d)),
      limitRanger(deps),
      serviceAccountAdmission(deps, opts.serviceAccountAdmission),
      // Where the Node authorizer runs, NodeRestriction goes with it (upstream's pairing).
      ...(opts.auth?.authorization === 'RBAC' ? [nodeRestriction(deps)] : []),
      priorityAdmission(deps),
      defaultTolerationSeconds(),
      serviceAllocation(() => {
        const def = this.registry.get('', 'v1', 'services');
        return def ? this.storeFor(def) : undefined;
      }),
      fieldValidation(),
      resourceQuotaAdmission(deps),
    ]);
    this.kubeletTls = kubeletTls(opts.kubeletClient);
    this.proxyDeps = {
      kubeletTls: this.kubeletTls,
      get: async (resource, namespace, name) => {
        const def = this.registry.get('', 'v1', resource);
        if (!def) throw notFound();
        return (await this.storeFor(def).get(namespace, name)).obj;
      },
    };
    this.auth = new ApiAuth(opts.auth ?? {}, [opts.authenticate], {
      registry: this.registry,
      storeFor: (def) => this.storeFor(def),
      log: this.log,
    });
    this.crds = new CrdController({
      registry: this.registry,
      storeFor: (def) => this.storeFor(def),
      releaseStore: (def) => this.releaseStore(def),
      log: this.log,
    });
  }

  /** The store of a resource, created (and its cache started) on first use. */
  storeFor(def: ResourceDef): ResourceStore {
    let rs = this.stores.get(def);
    if (!rs) {
      rs = new ResourceStore(def, this.store, {
        hub: this.hub,
        onError: (err) => this.log.warn({ err, resource: def.plural }, 'watch cache error'),
      });
      this.stores.set(def, rs);
    }
    return rs;
  }

  /** Stops and forgets the store of a resource that is no longer served (custom resources). */
  releaseStore(def: ResourceDef): void {
    this.stores.get(def)?.cache.stop();
    this.stores.delete(def);
  }

  /**
   * Starts the caches of every resource, serves the custom resources of existing CRDs and makes
   * sure the immortal namespaces exist.
   */
  async start(): Promise<void> {
    const defs = this.registry.all().filter((d) => d.verbs.includes('list'));
    await Promise.all(defs.map((d) => this.storeFor(d).cache.whenReady()));
    await this.crds.start();
    const nsDef = this.registry.get('', 'v1', 'namespaces');
    if (nsDef) {
      const rs = this.storeFor(nsDef);
      for (const name of IMMORTAL_NAMESPACES) {
        if (rs.cache.get(rs.key('', name))) continue;
        const ns = {
          apiVersion: 'v1',
          kind: 'Namespace',
          metadata: {
            name,
            uid: crypto.randomUUID(),
            creationTimestamp: nowTimestamp(),
            labels: { 'kubernetes.io/metadata.name': name },
          },
          spec: { finalizers: ['kubernetes'] },
          status: { phase: 'Active' },
        };
        await rs.create(ns).catch((err) => {
          if (!(err instanceof StatusError && err.reason === 'AlreadyExists')) throw err;
        });
      }
    }
    await this.ensureKubernetesService();
    const pcDef = this.registry.get('scheduling.k8s.io', 'v1', 'priorityclasses');
    if (pcDef) await ensureSystemPriorityClasses(this.storeFor(pcDef));
    await this.auth.start();
    this.ready = true;
  }

  /** The `kubernetes` service in `default` (the service CIDR's first IP) and its endpoints. */
  private async ensureKubernetesService(): Promise<void> {
    const adv = this.opts.advertise;
    const svcDef = this.registry.get('', 'v1', 'services');
    const epDef = this.registry.get('', 'v1', 'endpoints');
    if (!adv || !svcDef || !epDef) return;
    const labels = { component: 'apiserver', provider: 'kubernetes' };
    const meta = (name: string) => ({
      name,
      namespace: 'default',
      uid: crypto.randomUUID(),
      creationTimestamp: nowTimestamp(),
      labels,
    });
    const ip = kubernetesServiceIP(parseIpv4Cidr(DEFAULT_SERVICE_CIDR));
    const svc = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: meta('kubernetes'),
      spec: {
        type: 'ClusterIP',
        clusterIP: ip,
        clusterIPs: [ip],
        ipFamilies: ['IPv4'],
        ipFamilyPolicy: 'SingleStack',
        internalTrafficPolicy: 'Cluster',
        sessionAffinity: 'None',
        ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: adv.port }],
      },
      status: { loadBalancer: {} },
    };
    const endpoints = {
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: meta('kubernetes'),
      subsets: [
        { addresses: [{ ip: adv.address }], ports: [{ name: 'https', port: adv.port, protocol: 'TCP' }] },
      ],
    };
    for (const [def, obj] of [
      [svcDef, svc],
      [epDef, endpoints],
    ] as const) {
      const rs = this.storeFor(def);
      const current = rs.cache.get(rs.key('default', 'kubernetes'));
      if (!current) {
        await rs.create(structuredClone(obj)).catch((err) => {
          if (!(err instanceof StatusError && err.reason === 'AlreadyExists')) throw err;
        });
      } else if (def === epDef) {
        await rs.update('default', 'kubernetes', (cur) => ({ ...cur, subsets: endpoints.subsets }));
      }
    }
  }

  /** Stops every watch cache. */
  stop(): void {
    void this.auth.stop();
    this.crds.stop();
    for (const rs of this.stores.values()) rs.cache.stop();
    this.hub.stop();
  }

  /** Serves one request. */
  readonly handle = (req: AnyRequest, res: AnyResponse): void => {
    void this.serve(req, res).catch((err) => {
      const se = toStatusError(err);
      if (se.code >= 500) this.log.error({ err, url: req.url, method: req.method }, 'request failed');
      if (!res.headersSent) sendError(res, se);
      else res.end();
    });
  };

  /**
   * Serves an HTTP/1.1 Upgrade request (the listener's `'upgrade'` event): exec, attach and
   * port-forward, or a proxy subresource, are piped to their backend once the checks pass; any
   * other request, and every refusal, is answered as an ordinary response on the connection.
   */
  readonly handleUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    socket.on('error', () => socket.destroy());
    this.upgrades.set(req, { req, socket, head });
    const res = new http.ServerResponse(req);
    res.shouldKeepAlive = false;
    res.assignSocket(socket as Socket);
    res.on('finish', () => socket.end());
    this.handle(req, res);
  };

  private async serve(req: AnyRequest, res: AnyResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'https://kubets');
    const path = url.pathname.length > 1 ? url.pathname.replace(/\/+$/, '') : url.pathname;
    const info = parseRequestInfo(req.method ?? 'GET', path, url.searchParams);
    const user = this.auth.authorize(req, await this.auth.authenticate(req), info);
    if (!info.isResourceRequest) return this.serveNonResource(req, res, path);

    // Watches and connections to kubelets and pods are long-running: they take no in-flight slot.
    const isWatch = info.verb === 'watch' || LONG_RUNNING_SUBRESOURCES.has(info.subresource);
    if (!isWatch && this.inFlight >= this.maxInFlight) {
      throw tooManyRequestsError('Too many requests, please try again later.', 1);
    }
    if (!isWatch) this.inFlight++;
    try {
      await this.serveResource(req, res, info, url.searchParams, user);
    } finally {
      if (!isWatch) this.inFlight--;
    }
  }

  private serveNonResource(req: AnyRequest, res: AnyResponse, path: string): void {
    const send = (body: string | null, contentType?: string) => {
      if (body === null) throw notFound();
      sendJson(res, 200, body, contentType);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') throw notFound();
    switch (path) {
      case '/healthz':
      case '/livez':
      case '/readyz': {
        const ok = path !== '/readyz' || this.ready;
        res.writeHead(ok ? 200 : 500, { 'content-type': 'text/plain; charset=utf-8' });
        res.end(ok ? 'ok' : '[-]informer-sync failed: not ready\nreadyz check failed');
        return;
      }
      case '/version':
        return send(
          JSON.stringify({
            ...KUBERNETES_VERSION,
            gitCommit: '',
            gitTreeState: 'clean',
            buildDate: '2026-11-01T00:00:00Z',
            goVersion: `node${process.versions.node}`,
            compiler: 'kubets',
            platform: `${process.platform}/${process.arch === 'x64' ? 'amd64' : process.arch}`,
          }),
        );
      case '/api':
      case '/apis': {
        const agg = wantsAggregated(req.headers.accept);
        if (agg) return send(this.discovery.aggregated(path === '/api', agg), aggregatedContentType(agg));
        return send(path === '/api' ? this.discovery.apiVersions() : this.discovery.apiGroupList());
      }
    }
    if (path === '/openapi/v2') {
      const form = negotiateOpenApiV2(req.headers.accept);
      if (form === null)
        throw notAcceptableError('only JSON and the protobuf form of /openapi/v2 are served');
      if (form === 'json') return send(this.openapi.v2Document());
      const body = encodeOpenApiV2Protobuf(this.openapi.v2Document());
      res.writeHead(200, {
        'content-type': OPENAPI_V2_PROTOBUF,
        'content-length': body.length,
        'cache-control': 'no-cache, private',
        vary: 'Accept',
      });
      res.end(body);
      return;
    }
    if (path === '/openapi/v3') return send(this.openapi.v3Index());
    const parts = path.split('/').filter(Boolean);
    if (parts[0] === 'openapi' && parts[1] === 'v3') {
      const [, , prefix, a, b] = parts;
      if (prefix === 'api' && a && !b) return send(this.openapi.v3Document('', a));
      if (prefix === 'apis' && a && b) return send(this.openapi.v3Document(a, b));
    }
    if (parts[0] === 'api' && parts.length === 2) return send(this.discovery.resourceList('', parts[1]!));
    if (parts[0] === 'apis' && parts.length === 2) return send(this.discovery.apiGroupDoc(parts[1]!));
    if (parts[0] === 'apis' && parts.length === 3)
      return send(this.discovery.resourceList(parts[1]!, parts[2]!));
    throw notFound();
  }

  private async serveResource(
    req: AnyRequest,
    res: AnyResponse,
    info: RequestInfo,
    query: URLSearchParams,
    user: UserInfo,
  ): Promise<void> {
    const def = this.registry.get(info.apiGroup, info.apiVersion, info.resource);
    if (!def || (info.namespace && !def.namespaced && info.resource !== 'namespaces')) throw notFound();
    if (info.subresource && !def.subresources.includes(info.subresource)) throw notFound();
    const ctx: RequestContext = { req, res, info, query, def, rs: this.storeFor(def), user, api: this };
    if (this.auth.serves(def, info)) return this.auth.serve(ctx);
    const verb = info.verb;
    const gr = {
      group: def.group,
      resource: info.subresource ? `${def.plural}/${info.subresource}` : def.plural,
    };
    if (!info.subresource && !def.verbs.includes(verb)) throw methodNotSupportedError(gr, verb);
    switch (info.subresource) {
      case '':
      case 'status':
      case 'approval':
        break;
      case 'scale':
        return handleScale(ctx);
      case 'binding':
        if (verb !== 'create') throw methodNotSupportedError(gr, verb);
        return handleBinding(ctx);
      case 'finalize':
        if (verb !== 'update') throw methodNotSupportedError(gr, verb);
        return handleFinalize(ctx);
      case 'eviction':
        if (verb !== 'create' || def.plural !== 'pods') throw methodNotSupportedError(gr, verb);
        return handleEviction(ctx);
      case 'log':
        if (def.plural !== 'pods' || def.group !== '') throw methodNotSupportedError(gr, verb);
        return handlePodLog(ctx, this.proxyDeps);
      case 'exec':
      case 'attach':
      case 'portforward':
        if (def.plural !== 'pods' || def.group !== '') throw methodNotSupportedError(gr, verb);
        return handlePodStream(ctx, this.proxyDeps, info.subresource, this.upgradeOf(req));
      case 'proxy':
        if (def.group !== '') throw methodNotSupportedError(gr, verb);
        if (def.plural === 'nodes') return handleNodeProxy(ctx, this.proxyDeps, this.upgradeOf(req));
        if (def.plural === 'pods') return handlePodProxy(ctx, this.proxyDeps, this.upgradeOf(req));
        if (def.plural === 'services') return handleServiceProxy(ctx, this.proxyDeps, this.upgradeOf(req));
        throw methodNotSupportedError(gr, verb);
      default:
        throw methodNotSupportedError(gr, verb);
    }
    if (info.subresource && !['get', 'update', 'patch'].includes(verb)) {
      throw methodNotSupportedError(gr, verb);
    }
    switch (verb) {
      case 'get':
        return handleGet(ctx);
      case 'list':
        return handleList(ctx);
      case 'watch':
        return handleWatch(ctx);
      case 'create':
        if (info.name && !info.subresource) throw methodNotSupportedError(gr, verb);
        return handleCreate(ctx);
      case 'update':
        return handleUpdate(ctx);
      case 'patch':
        return handlePatch(ctx);
      case 'delete':
        return handleDelete(ctx);
      case 'deletecollection':
        return handleDeleteCollection(ctx);
      default:
        throw methodNotSupportedError(gr, verb);
    }
  }

  private upgradeOf(req: AnyRequest): Upgrade | undefined {
    return this.upgrades.get(req);
  }
}

function notFound(): StatusError {
  return new StatusError(404, 'NotFound', 'the server could not find the requested resource', {});
}
