/**
 * Pod networking across nodes, host-gw style (flannel's host-gw backend): every node routes each
 * other node's podCIDR via that node's InternalIP, kept in step with the Node objects. The routes
 * carry kubets' own routing protocol number, so the ones no longer wanted are found and removed
 * without touching anyone else's.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { Logger } from 'pino';
import type { Node } from '../api/types/node.js';
import { InformerFactory } from '../client/informer_factory.js';
import { Resources } from '../client/resource_type.js';
import type { RestClient } from '../client/rest_client.js';

const run = promisify(execFile);

/** The `proto` of kubets' routes (a number no routing daemon uses by default). */
export const KUBETS_ROUTE_PROTO = '213';

/** A route to one node's pods. */
export interface PodRoute {
  cidr: string;
  via: string;
}

/** The routes this node wants: every other node's podCIDR via its InternalIP (IPv4). */
export function desiredPodRoutes(nodes: readonly Node[], self: string): PodRoute[] {
  const routes: PodRoute[] = [];
  for (const n of nodes) {
    if (n.metadata.name === self) continue;
    const cidr = n.spec?.podCIDR;
    const via = n.status?.addresses?.find((a) => a.type === 'InternalIP')?.address;
    if (
      !cidr ||
      !via ||
      !/^\d{1,3}(\.\d{1,3}){3}\/\d{1,2}$/.test(cidr) ||
      !/^\d{1,3}(\.\d{1,3}){3}$/.test(via)
    )
      continue;
    routes.push({ cidr, via });
  }
  return routes.sort((a, b) => a.cidr.localeCompare(b.cidr));
}

/** Parses `ip -4 route show proto 213` into routes. */
export function parseRoutes(text: string): PodRoute[] {
  const out: PodRoute[] = [];
  for (const line of text.split('\n')) {
    const m = /^(\S+) via (\S+)/.exec(line.trim());
    if (m) out.push({ cidr: m[1]!, via: m[2]! });
  }
  return out;
}

/** Options of the route keeper. */
export interface NodeRoutesOptions {
  rest: RestClient;
  log: Logger;
  signal: AbortSignal;
  nodeName: string;
}

/** Keeps the routes until the signal aborts (they stay in place, as flannel leaves them). */
export async function startNodeRoutes(opts: NodeRoutesOptions): Promise<{ done: Promise<void> }> {
  const informers = new InformerFactory(opts.rest, { log: opts.log });
  const nodes = informers.informer(Resources.nodes);
  let syncing: Promise<void> = Promise.resolve();
  const reported = new Set<string>();
  let again = false;
  const sync = () => {
    if (again) return;
    again = true;
    syncing = syncing.then(async () => {
      again = false;
      try {
        const failed = await syncRoutes(desiredPodRoutes(nodes.cache.list(), opts.nodeName), opts.log);
        // A node not on this node's network cannot be a next hop: said once, not every sync.
        for (const [key, err] of failed)
          if (!reported.has(key)) opts.log.warn({ route: key, err }, 'a pod route cannot be programmed');
        reported.clear();
        for (const key of failed.keys()) reported.add(key);
      } catch (err) {
        opts.log.warn({ err: (err as Error).message }, 'programming pod routes failed');
      }
    });
  };
  nodes.addHandler({ onAdd: sync, onUpdate: sync, onDelete: sync });
  informers.start(opts.signal);
  await informers.waitForSync(opts.signal);
  sync();
  await syncing;
  // Routes lost under us (an interface going down) come back on the periodic check.
  const timer = setInterval(sync, 30_000);
  const done = new Promise<void>((resolve) =>
    opts.signal.addEventListener(
      'abort',
      () => {
        clearInterval(timer);
        void syncing.then(resolve);
      },
      { once: true },
    ),
  );
  return { done };
}

/**
 * Makes the kernel's kubets routes `want` (in the network namespace `netns`, when given): the
 * others are removed, each wanted one added on its own; resolves with the routes that could not
 * be added (`cidr via`) and why. Rejects only when the routes cannot be listed.
 */
export async function syncRoutes(
  want: PodRoute[],
  log: Logger,
  netns?: string,
): Promise<Map<string, string>> {
  const failed = new Map<string, string>();
  const ip = (args: string[]) => run('ip', netns ? ['-n', netns, ...args] : args);
  const { stdout } = await ip(['-4', 'route', 'show', 'proto', KUBETS_ROUTE_PROTO]);
  const have = parseRoutes(stdout);
  const key = (r: PodRoute) => `${r.cidr} ${r.via}`;
  const wanted = new Set(want.map(key));
  for (const r of have)
    if (!wanted.has(key(r))) {
      await ip(['route', 'del', r.cidr, 'via', r.via, 'proto', KUBETS_ROUTE_PROTO]);
      log.info(r, 'pod route removed');
    }
  const present = new Set(have.map(key));
  for (const r of want)
    if (!present.has(key(r))) {
      try {
        await ip(['route', 'replace', r.cidr, 'via', r.via, 'proto', KUBETS_ROUTE_PROTO]);
        log.info(r, 'pod route added');
      } catch (err) {
        failed.set(key(r), ((err as { stderr?: string }).stderr ?? (err as Error).message).trim());
      }
    }
  return failed;
}
