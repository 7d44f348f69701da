/**
 * The roles of the server's own node, as k3s sets them: a kubelet may not label itself
 * `node-role.kubernetes.io/*` (NodeRestriction refuses it), so the server, as the admin, adds
 * `node-role.kubernetes.io/control-plane` and `node-role.kubernetes.io/master` once the kubelet has
 * registered the Node.
 */
import type { Logger } from 'pino';
import { StatusError } from '../api/status_error.js';
import type { Clock } from '../client/clock.js';
import { realClock, sleep } from '../client/clock.js';
import { ResourceClient } from '../client/resource_client.js';
import { Resources } from '../client/resource_type.js';
import type { RestClient } from '../client/rest_client.js';

/** The labels of a server's node (k3s'). */
export const CONTROL_PLANE_NODE_LABELS: Readonly<Record<string, string>> = {
  'node-role.kubernetes.io/control-plane': 'true',
  'node-role.kubernetes.io/master': 'true',
};

/** Options of `labelControlPlaneNode`. */
export interface ControlPlaneNodeLabelsOptions {
  /** A client allowed to patch nodes (the admin's). */
  rest: RestClient;
  nodeName: string;
  signal: AbortSignal;
  log: Logger;
  /** How often to look for the Node, ms (default 500). */
  pollMs?: number;
  clock?: Clock;
}

/**
 * Waits until the Node `nodeName` exists, then merge-patches the control-plane labels onto it
 * (nothing when it already has them); retries failures until it succeeds or `signal` aborts.
 * Resolves true once labelled, false when aborted first.
 */
export async function labelControlPlaneNode(opts: ControlPlaneNodeLabelsOptions): Promise<boolean> {
  const nodes = new ResourceClient(opts.rest, Resources.nodes);
  const clock = opts.clock ?? realClock;
  let warned = false;
  while (!opts.signal.aborted) {
    try {
      const node = await nodes.get('', opts.nodeName, opts.signal);
      const labels = node.metadata.labels ?? {};
      const missing = Object.entries(CONTROL_PLANE_NODE_LABELS).filter(([k, v]) => labels[k] !== v);
      if (missing.length) {
        await nodes.patch(
          '',
          opts.nodeName,
          'merge',
          { metadata: { labels: Object.fromEntries(missing) } },
          { signal: opts.signal },
        );
        opts.log.info(
          { node: opts.nodeName, labels: Object.fromEntries(missing) },
          'labelled the server node',
        );
      }
      return true;
    } catch (err) {
      if (opts.signal.aborted) break;
      if (!(err instanceof StatusError && err.code === 404) && !warned) {
        warned = true;
        opts.log.warn({ err, node: opts.nodeName }, 'could not label the server node yet; retrying');
      }
    }
    try {
      await sleep(opts.pollMs ?? 500, opts.signal, clock);
    } catch {
      break;
    }
  }
  return false;
}
