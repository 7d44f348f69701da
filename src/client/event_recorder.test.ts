import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Pod } from '../api/types/pod.js';
import type { TestCluster } from '../../test/fixtures/test_cluster.js';
import { startTestCluster } from '../../test/fixtures/test_cluster.js';
import { EventRecorder, referenceTo } from './event_recorder.js';
import { ResourceClient } from './resource_client.js';
import { Resources } from './resource_type.js';

let tc: TestCluster;
before(async () => {
  tc = await startTestCluster();
});
after(() => tc.stop());

test('events: repeats increment count; many similar messages are combined', async () => {
  const pods = new ResourceClient(tc.rest, Resources.pods);
  const events = new ResourceClient(tc.rest, Resources.events);
  const pod: Pod = await pods.create({
    metadata: { name: 'ev-pod', namespace: 'default' },
    spec: { containers: [{ name: 'c', image: 'busybox' }] },
  });
  const rec = new EventRecorder(events, { component: 'test-scheduler', host: 'h1' });
  const ref = referenceTo(pod, Resources.pods);
  rec.event(ref, 'Warning', 'FailedScheduling', '0/3 nodes are available');
  rec.event(ref, 'Warning', 'FailedScheduling', '0/3 nodes are available');
  rec.event(ref, 'Warning', 'FailedScheduling', '0/3 nodes are available');
  await rec.flush();
  let list = await events.list('default', { fieldSelector: 'involvedObject.name=ev-pod' });
  assert.equal(list.items.length, 1);
  const ev = list.items[0]!;
  assert.equal(ev.count, 3);
  assert.equal(ev.reason, 'FailedScheduling');
  assert.equal(ev.type, 'Warning');
  assert.equal(ev.involvedObject.uid, pod.metadata.uid);
  assert.equal(ev.involvedObject.kind, 'Pod');
  assert.equal(ev.source?.component, 'test-scheduler');
  for (let i = 0; i < 12; i++) rec.event(ref, 'Normal', 'Pulled', `message ${i}`);
  await rec.flush();
  list = await events.list('default', { fieldSelector: 'involvedObject.name=ev-pod,reason=Pulled' });
  const combined = list.items.find((e) => e.message?.startsWith('(combined from similar events): '));
  assert.ok(combined, 'a combined event exists');
  assert.equal(list.items.length, 11, '10 distinct events then one combined');
  assert.equal(combined.count, 2);
});
