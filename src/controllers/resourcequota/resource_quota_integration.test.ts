import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ResourceClient } from '../../client/resource_client.js';
import type { ResourceType } from '../../client/resource_type.js';
import { Resources } from '../../client/resource_type.js';
import { waitFor } from '../../../test/fixtures/test_cluster.js';
import { useControllerCluster } from '../../../test/fixtures/controller_test_cluster.js';
import type { ResourceQuota } from '../../api/types/resource_quota.js';

const cluster = useControllerCluster(['resourcequota']);

test('a quota status shows hard and used, kept current as objects come and go', async () => {
  const quotas = new ResourceClient(cluster.tc.rest, Resources.resourcequotas as ResourceType<ResourceQuota>);
  const pods = new ResourceClient(cluster.tc.rest, Resources.pods);
  const cms = new ResourceClient(cluster.tc.rest, Resources.configmaps);
  await quotas.create({
    metadata: { name: 'q', namespace: 'default' },
    spec: { hard: { pods: '10', 'requests.cpu': '2', configmaps: '5', 'count/deployments.apps': '3' } },
  });
  await pods.create({
    metadata: { name: 'p', namespace: 'default' },
    spec: { containers: [{ name: 'c', image: 'busybox', resources: { requests: { cpu: '250m' } } }] },
  });
  await cms.create({ metadata: { name: 'c1', namespace: 'default' } });
  const used = async () => (await quotas.get('default', 'q')).status?.used;
  await waitFor(
    async () => (await used())?.pods === '1' && (await used())?.['requests.cpu'] === '250m',
    'used',
  );
  const q = await quotas.get('default', 'q');
  assert.deepEqual(q.status?.hard, q.spec?.hard);
  assert.equal(q.status?.used?.['count/deployments.apps'], '0');
  // The controller's caches may lag the admission's charge for a moment: wait for the true count.
  const before = (await cms.list('default')).items.length;
  await waitFor(async () => Number((await used())?.configmaps) === before, 'configmaps counted');
  await cms.create({ metadata: { name: 'c2', namespace: 'default' } });
  await waitFor(async () => Number((await used())?.configmaps) === before + 1, 'configmap counted');
  await pods.delete('default', 'p');
  await waitFor(async () => (await used())?.pods === '0', 'pod released');
});
