import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { TestCluster } from '../../test/fixtures/test_cluster.js';
import { startTestCluster, waitFor } from '../../test/fixtures/test_cluster.js';
import { runLeaderElection } from './leader_election.js';
import { ResourceClient } from './resource_client.js';
import { Resources } from './resource_type.js';

let tc: TestCluster;
before(async () => {
  tc = await startTestCluster();
});
after(() => tc.stop());

test('leader election: one of two candidates leads; the other takes over when it stops', async () => {
  const leases = new ResourceClient(tc.rest, Resources.leases);
  const leading = new Set<string>();
  const stops: Record<string, AbortController> = {};
  const runs: Promise<void>[] = [];
  for (const id of ['a', 'b']) {
    const ac = new AbortController();
    stops[id] = ac;
    runs.push(
      runLeaderElection(
        {
          leases,
          namespace: 'kube-system',
          name: 'test-election',
          identity: id,
          leaseDurationMs: 1500,
          renewDeadlineMs: 1000,
          retryPeriodMs: 100,
          releaseOnCancel: true,
          onStartedLeading: () => leading.add(id),
          onStoppedLeading: () => leading.delete(id),
        },
        ac.signal,
      ),
    );
  }
  await waitFor(() => leading.size === 1, 'a leader');
  // Stays exactly one over several renew periods.
  for (let i = 0; i < 5; i++) {
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(leading.size, 1);
  }
  const first = [...leading][0]!;
  const other = first === 'a' ? 'b' : 'a';
  const lease = await leases.get('kube-system', 'test-election');
  assert.equal(lease.spec?.holderIdentity, first);
  stops[first]!.abort();
  await waitFor(() => leading.has(other), 'takeover by the other candidate');
  assert.equal(leading.size, 1);
  const taken = await leases.get('kube-system', 'test-election');
  assert.equal(taken.spec?.holderIdentity, other);
  assert.ok((taken.spec?.leaseTransitions ?? 0) >= 1);
  stops[other]!.abort();
  await Promise.all(runs);
});
