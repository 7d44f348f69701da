/**
 * Hollow nodes against a real API server: they register Ready, run the pods bound to them to
 * Running through one shared watch (each kubelet seeing only its own), and stop cleanly.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { pino } from 'pino';
import type { Node } from '../../api/types/node.js';
import type { Pod } from '../../api/types/pod.js';
import { ResourceClient } from '../../client/resource_client.js';
import { Resources } from '../../client/resource_type.js';
import type { TestCluster } from '../../../test/fixtures/test_cluster.js';
import { startTestCluster, waitFor } from '../../../test/fixtures/test_cluster.js';
import type { HollowNodes } from './hollow_nodes.js';
import { startHollowNodes } from './hollow_nodes.js';

let tc: TestCluster;
let hollow: HollowNodes;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hollow-test-'));
const COUNT = 20;

before(async () => {
  tc = await startTestCluster();
  hollow = await startHollowNodes({
    clients: [tc.newClient(), tc.newClient()],
    log: pino({ level: 'silent' }),
    count: COUNT,
    prefix: 'hn-',
    rootDir: dir,
    kubelet: { relistMs: 50 },
  });
});

after(async () => {
  await hollow.stop();
  await tc.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

test('hollow nodes register Ready and run the pods bound to them, each only its own', async () => {
  const nodes = new ResourceClient<Node>(tc.rest, Resources.nodes);
  const ready = (n: Node) => n.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True');
  const list = await nodes.list('');
  assert.equal(list.items.filter((n) => n.metadata.name!.startsWith('hn-') && ready(n)).length, COUNT);
  assert.equal(list.items[0]!.metadata.labels?.kubemark, 'true');
  const pods = new ResourceClient<Pod>(tc.rest, Resources.pods);
  for (let i = 0; i < COUNT * 2; i++)
    await pods.create({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: `p${i}`, namespace: 'default' },
      spec: { nodeName: `hn-${i % COUNT}`, containers: [{ name: 'c', image: 'busybox' }] },
    });
  await waitFor(async () => {
    const l = await pods.list('default');
    return l.items.filter((p) => p.status?.phase === 'Running').length === COUNT * 2;
  }, 'all pods Running');
  for (const [i, k] of hollow.kubelets.entries()) {
    assert.deepEqual(
      k
        .pods()
        .map((p) => p.metadata.name)
        .sort(),
      [`p${i}`, `p${i + COUNT}`].sort(),
      `node ${k.nodeName} runs exactly its pods`,
    );
    assert.equal(hollow.runtimes[i]!.running().length, 2);
  }
});
