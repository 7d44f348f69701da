/**
 * Micro-benchmark of the scheduling cycle alone (no API server): 5,000 nodes in the cache,
 * pods scheduled one after another with assume; prints µs per pod. For profiling the hot path.
 *
 *   node dist/bench/scheduler/algorithm_bench.js [nodes] [pods]
 */
import { pino } from 'pino';
import type { Pod } from '../../src/api/types/pod.js';
import { realClock } from '../../src/client/clock.js';
import { SchedulerCache } from '../../src/scheduler/cache/scheduler_cache.js';
import { Snapshot } from '../../src/scheduler/cache/snapshot.js';
import { normalizeConfig } from '../../src/scheduler/framework/config.js';
import type { Handle } from '../../src/scheduler/framework/handle.js';
import { buildFramework } from '../../src/scheduler/framework/profile.js';
import { inTreeRegistry } from '../../src/scheduler/framework/registry.js';
import { Nominator } from '../../src/scheduler/queue/nominator.js';
import { ScheduleAlgorithm } from '../../src/scheduler/schedule_algorithm.js';
import { makeNode, makePod } from '../../test/fixtures/scheduler_objects.js';

const numNodes = Number(process.argv[2] ?? 5000);
const numPods = Number(process.argv[3] ?? 10000);
const cache = new SchedulerCache();
for (let i = 0; i < numNodes; i++) cache.setNode(makeNode(`node-${i}`));
const snap = new Snapshot();
const empty = { get: () => undefined, list: () => [] };
const handle: Handle = {
  snapshot: () => snap,
  clients: {} as Handle['clients'],
  listers: {
    namespaces: empty,
    persistentVolumeClaims: empty,
    persistentVolumes: empty,
    storageClasses: empty,
    services: empty,
    replicationControllers: empty,
    replicaSets: empty,
    statefulSets: empty,
    podDisruptionBudgets: empty,
    pods: empty,
  },
  nominator: new Nominator(),
  podPriority: () => 0,
  log: pino({ level: 'silent' }),
  clock: realClock,
};
const fwk = buildFramework(normalizeConfig({}).profiles[0]!, inTreeRegistry(), handle, 0);
const algo = new ScheduleAlgorithm(0);
const pods: Pod[] = Array.from({ length: numPods }, (_, i) => ({
  ...makePod(`pod-${i}`),
  metadata: { name: `pod-${i}`, namespace: 'default', uid: `uid-${i}` },
}));
const start = performance.now();
for (const pod of pods) {
  cache.updateSnapshot(snap);
  const r = algo.schedule(fwk, fwk.newCycleState(), pod, snap);
  if (!('host' in r)) throw new Error('unschedulable');
  cache.assumePod({ ...pod, spec: { ...pod.spec, nodeName: r.host } });
}
const us = ((performance.now() - start) * 1000) / numPods;
process.stdout.write(
  `${JSON.stringify({ bench: 'scheduler-algorithm', nodes: numNodes, pods: numPods, usPerPod: Math.round(us) })}\n`,
);
