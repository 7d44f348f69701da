/**
 * The benchmark's load generator, run in a worker thread so it does not share the scheduler's
 * event loop: creates the pods with a fixed number of concurrent requests and watches them,
 * reporting when each was created (request sent) and first seen bound.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { Pod } from '../../src/api/types/pod.js';
import { ResourceClient } from '../../src/client/resource_client.js';
import { Resources } from '../../src/client/resource_type.js';
import { RestClient } from '../../src/client/rest_client.js';

/** What the main thread asks for. */
export interface CreatorInput {
  kubeconfig: string;
  namespace: string;
  pods: Pod[];
  concurrency: number;
}

/** What the worker answers. */
export interface CreatorOutput {
  created: Record<string, number>;
  bound: Record<string, number>;
  nodeOf: Record<string, string>;
  errors: number;
}

const input = workerData as CreatorInput;
const rest = RestClient.fromKubeconfig(input.kubeconfig);
const pods = new ResourceClient<Pod>(rest, Resources.pods);
const created: Record<string, number> = {};
const bound: Record<string, number> = {};
const nodeOf: Record<string, string> = {};
let errors = 0;
const ac = new AbortController();
const total = input.pods.length;
let boundCount = 0;

const list = await pods.list(input.namespace);
const watching = (async () => {
  for await (const ev of pods.watch(input.namespace, {
    resourceVersion: list.metadata.resourceVersion,
    signal: ac.signal,
    timeoutSeconds: 3600,
  })) {
    const p = ev.object;
    const name = p.metadata.name!;
    if (p.spec?.nodeName && bound[name] === undefined) {
      bound[name] = performance.now() + performance.timeOrigin;
      nodeOf[name] = p.spec.nodeName;
      if (++boundCount === total) break;
    }
  }
})().catch(() => undefined);

let next = 0;
async function createLoop(): Promise<void> {
  while (next < total) {
    const pod = input.pods[next++]!;
    const t = performance.now() + performance.timeOrigin;
    try {
      await pods.create(pod);
      created[pod.metadata.name!] = t;
    } catch {
      errors++;
    }
  }
}
await Promise.all(Array.from({ length: input.concurrency }, () => createLoop()));
parentPort!.postMessage({ phase: 'created' });
await watching;
ac.abort();
rest.close();
parentPort!.postMessage({
  phase: 'done',
  result: { created, bound, nodeOf, errors } satisfies CreatorOutput,
});
