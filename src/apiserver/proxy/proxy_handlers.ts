/**
 * The API server's subresources that reach beyond it: `pods/log`, `pods/exec`, `pods/attach`,
 * `pods/portforward` (to the pod's kubelet), `nodes/proxy` (to the node's kubelet) and
 * `pods/proxy`, `services/proxy` (to the pod, or a ready endpoint of the service). Errors before
 * a connection is made are ordinary Status answers.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { ConnectionOptions } from 'node:tls';
import type { KubeObject } from '../../api/object.js';
import { badRequestError, serviceUnavailableError } from '../../api/status_error.js';
import type { Node } from '../../api/types/node.js';
import type { Pod } from '../../api/types/pod.js';
import type { Endpoints, Service } from '../../api/types/service.js';
import type { RequestContext } from '../handlers/context.js';
import { forwardRequest, streamFrom } from './http_forward.js';
import { kubeletBaseUrl, kubeletEndpoint } from './kubelet_connection.js';
import { chooseContainer, podLogQuery, portForwardQuery, streamQuery } from './pod_stream_options.js';
import { proxyUpgradeRequest } from './upgrade_proxy.js';

/** What the handlers read and how they reach kubelets. */
export interface ProxyDeps {
  /** An object from the API server's own store; rejects NotFound. */
  get(
    resource: 'pods' | 'nodes' | 'services' | 'endpoints',
    namespace: string,
    name: string,
  ): Promise<KubeObject>;
  kubeletTls: ConnectionOptions;
}

/** The connection of an HTTP/1.1 Upgrade request, handed over by the listener. */
export interface Upgrade {
  req: IncomingMessage;
  socket: Duplex;
  head: Buffer;
}

async function nodeBase(deps: ProxyDeps, nodeName: string): Promise<string> {
  const node = (await deps.get('nodes', '', nodeName)) as Node;
  return kubeletBaseUrl(kubeletEndpoint(node));
}

const seg = encodeURIComponent;

/** `GET pods/log`: the container's log streamed from its kubelet's `/containerLogs`. */
export async function handlePodLog(ctx: RequestContext, deps: ProxyDeps): Promise<void> {
  if (ctx.info.verb !== 'get') throw badRequestError(`${ctx.info.verb} is not supported on pods/log`);
  const pod = (await deps.get('pods', ctx.info.namespace, ctx.info.name)) as Pod;
  const { container: asked, kubelet } = podLogQuery(ctx.info.name, ctx.query);
  const container = chooseContainer(pod, asked, 'log');
  if (!pod.spec.nodeName) {
    // Not yet on a node: upstream answers with an empty log.
    ctx.res.writeHead(200, { 'content-type': 'text/plain' });
    ctx.res.end();
    return;
  }
  const base = await nodeBase(deps, pod.spec.nodeName);
  const qs = kubelet.toString();
  const url = new URL(
    `${base}/containerLogs/${seg(pod.metadata.namespace ?? '')}/${seg(pod.metadata.name ?? '')}/${seg(container)}${qs ? `?${qs}` : ''}`,
  );
  await streamFrom(url, ctx.res, deps.kubeletTls, { group: '', resource: 'pods/log' }, ctx.info.name);
}

/** `pods/exec`, `pods/attach`, `pods/portforward`: the upgrade proxied to the kubelet. */
export async function handlePodStream(
  ctx: RequestContext,
  deps: ProxyDeps,
  kind: 'exec' | 'attach' | 'portforward',
  upgrade: Upgrade | undefined,
): Promise<void> {
  if (ctx.info.verb !== 'get' && ctx.info.verb !== 'create')
    throw badRequestError(`${ctx.info.verb} is not supported on pods/${kind}`);
  const pod = (await deps.get('pods', ctx.info.namespace, ctx.info.name)) as Pod;
  const name = pod.metadata.name ?? '';
  const ns = pod.metadata.namespace ?? '';
  let path: string;
  let query: URLSearchParams;
  if (kind === 'portforward') {
    path = `/portForward/${seg(ns)}/${seg(name)}`;
    query = portForwardQuery(ctx.query);
  } else {
    const container = chooseContainer(pod, ctx.query.get('container') ?? '', 'stream');
    path = `/${kind}/${seg(ns)}/${seg(name)}/${seg(container)}`;
    query = streamQuery(ctx.query, kind === 'exec');
  }
  if (!pod.spec.nodeName) throw badRequestError(`pod ${name} does not have a host assigned`);
  const base = await nodeBase(deps, pod.spec.nodeName);
  if (!upgrade) throw badRequestError('Upgrade request required');
  const qs = query.toString();
  await proxyUpgradeRequest(
    upgrade.req,
    upgrade.socket,
    upgrade.head,
    new URL(`${base}${path}${qs ? `?${qs}` : ''}`),
    deps.kubeletTls,
  );
}

/**
 * The part of the request path after `<name>/proxy` (with its trailing slash), and the query
 * as sent: what the proxy subresources pass on.
 */
export function proxiedPath(rawUrl: string, name: string): string {
  const u = new URL(rawUrl, 'https://kubets');
  const parts = u.pathname.split('/');
  let i = -1;
  for (let k = 0; k + 1 < parts.length; k++) {
    if (decodeSafe(parts[k]!) === name && parts[k + 1] === 'proxy') i = k + 1;
  }
  const rest = i < 0 ? '' : parts.slice(i + 1).join('/');
  return `/${rest}${u.search}`;
}

/** `name`, `name:port` or `scheme:name:port` of a proxy request. */
export function splitProxyName(id: string): { scheme: string; name: string; port: string } {
  const p = id.split(':');
  if (p.length === 1) return { scheme: '', name: p[0]!, port: '' };
  if (p.length === 2) return { scheme: '', name: p[0]!, port: p[1]! };
  return { scheme: p[0]!, name: p[1]!, port: p[2]! };
}

/** `nodes/proxy`: the request passed to the node's kubelet over its HTTPS port. */
export async function handleNodeProxy(
  ctx: RequestContext,
  deps: ProxyDeps,
  upgrade: Upgrade | undefined,
): Promise<void> {
  const { name, port } = splitProxyName(ctx.info.name);
  const node = (await deps.get('nodes', '', name)) as Node;
  const ep = kubeletEndpoint(node);
  if (port) ep.port = Number(port);
  const target = new URL(`${kubeletBaseUrl(ep)}${proxiedPath(ctx.req.url ?? '/', ctx.info.name)}`);
  return send(ctx, target, deps.kubeletTls, upgrade);
}

/** `pods/proxy`: to the pod's IP, at the port named or numbered (default: its first container port). */
export async function handlePodProxy(
  ctx: RequestContext,
  deps: ProxyDeps,
  upgrade: Upgrade | undefined,
): Promise<void> {
  const id = splitProxyName(ctx.info.name);
  const pod = (await deps.get('pods', ctx.info.namespace, id.name)) as Pod;
  const ip = pod.status?.podIP;
  if (!ip) throw badRequestError(`address not allowed`);
  const ports = pod.spec.containers.flatMap((c) => c.ports ?? []);
  let port = id.port;
  if (port && !/^\d+$/.test(port)) {
    const named = ports.find((p) => p.name === port);
    if (!named) throw badRequestError(`no such port ${JSON.stringify(port)} on pod ${id.name}`);
    port = String(named.containerPort);
  }
  if (!port && ports[0]) port = String(ports[0].containerPort);
  const host = ip.includes(':') ? `[${ip}]` : ip;
  const scheme = id.scheme === 'https' ? 'https' : 'http';
  const target = new URL(
    `${scheme}://${host}${port ? `:${port}` : ''}${proxiedPath(ctx.req.url ?? '/', ctx.info.name)}`,
  );
  return send(ctx, target, { rejectUnauthorized: false }, upgrade);
}

/** `services/proxy`: to a ready endpoint of the service's port (named, numbered, or the only one). */
export async function handleServiceProxy(
  ctx: RequestContext,
  deps: ProxyDeps,
  upgrade: Upgrade | undefined,
): Promise<void> {
  const id = splitProxyName(ctx.info.name);
  const svc = (await deps.get('services', ctx.info.namespace, id.name)) as Service;
  const svcPorts = svc.spec?.ports ?? [];
  const svcPort = id.port
    ? svcPorts.find((p) => p.name === id.port || String(p.port) === id.port)
    : svcPorts.length === 1
      ? svcPorts[0]
      : svcPorts.find((p) => !p.name);
  if (!svcPort)
    throw serviceUnavailableError(
      `no service port ${JSON.stringify(id.port)} found for service ${JSON.stringify(id.name)}`,
    );
  let eps: Endpoints;
  try {
    eps = (await deps.get('endpoints', ctx.info.namespace, id.name)) as Endpoints;
  } catch {
    throw serviceUnavailableError(`no endpoints available for service ${JSON.stringify(id.name)}`);
  }
  const candidates: { ip: string; port: number }[] = [];
  for (const ss of eps.subsets ?? []) {
    const p = (ss.ports ?? []).find((sp) => (sp.name ?? '') === (svcPort.name ?? ''));
    if (!p) continue;
    for (const a of ss.addresses ?? []) candidates.push({ ip: a.ip, port: p.port });
  }
  const pick = candidates[Math.floor(Math.random() * candidates.length)];
  if (!pick) throw serviceUnavailableError(`no endpoints available for service ${JSON.stringify(id.name)}`);
  const host = pick.ip.includes(':') ? `[${pick.ip}]` : pick.ip;
  const scheme = id.scheme === 'https' ? 'https' : 'http';
  const target = new URL(`${scheme}://${host}:${pick.port}${proxiedPath(ctx.req.url ?? '/', ctx.info.name)}`);
  return send(ctx, target, { rejectUnauthorized: false }, upgrade);
}

function send(
  ctx: RequestContext,
  target: URL,
  tls: ConnectionOptions,
  upgrade: Upgrade | undefined,
): Promise<void> {
  if (upgrade) return proxyUpgradeRequest(upgrade.req, upgrade.socket, upgrade.head, target, tls);
  return forwardRequest(ctx.req, ctx.res, target, tls);
}

function decodeSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
