import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { pino } from 'pino';
import type { TestCluster } from '../../test/fixtures/test_cluster.js';
import { startTestCluster, waitFor } from '../../test/fixtures/test_cluster.js';
import { ResourceClient } from '../client/resource_client.js';
import { Resources } from '../client/resource_type.js';
import type { ControllerDescriptor } from '../controller/controller_context.js';
import { UnknownControllerError, enabledControllers, startControllerManager } from './controller_manager.js';
import { ROOT_CA_CONFIGMAP } from './rootcacertpublisher/root_ca_cert_publisher.js';

let tc: TestCluster;
before(async () => {
  tc = await startTestCluster();
});
after(() => tc.stop());

const d = (name: string, enabledByDefault?: boolean): ControllerDescriptor => ({
  name,
  enabledByDefault,
  run: () => Promise.resolve(),
});

test('--controllers semantics: *, named, -disabled, unknown names rejected', () => {
  const known = [d('a'), d('b'), d('off', false)];
  const names = (spec?: string[]) => enabledControllers(known, spec).map((x) => x.name);
  assert.deepEqual(names(), ['a', 'b']);
  assert.deepEqual(names(['*', '-a']), ['b']);
  assert.deepEqual(names(['*', 'off']), ['a', 'b', 'off']);
  assert.deepEqual(names(['b']), ['b']);
  assert.throws(() => names(['nope']), UnknownControllerError);
});

test('two managers: one leads; namespaces get the default account and the CA bundle', async () => {
  const log = pino({ level: 'silent' });
  const m1 = await startControllerManager({ rest: tc.newClient(), log, identity: 'one', metricsPort: 0 });
  const m2 = await startControllerManager({ rest: tc.newClient(), log, identity: 'two' });
  try {
    await waitFor(() => m1.isLeading() || m2.isLeading(), 'a leader');
    assert.ok(!(m1.isLeading() && m2.isLeading()), 'never both');
    const nss = new ResourceClient(tc.rest, Resources.namespaces);
    await nss.create({ metadata: { name: 'cm-test' } });
    const sas = new ResourceClient(tc.rest, Resources.serviceaccounts);
    const cms = new ResourceClient(tc.rest, Resources.configmaps);
    await waitFor(
      async () => (await sas.list('cm-test')).items.some((s) => s.metadata.name === 'default'),
      'default SA',
    );
    await waitFor(
      async () => (await cms.list('cm-test')).items.some((c) => c.metadata.name === ROOT_CA_CONFIGMAP),
      'kube-root-ca.crt',
    );
    const ca = await cms.get('cm-test', ROOT_CA_CONFIGMAP);
    assert.match(ca.data?.['ca.crt'] ?? '', /BEGIN CERTIFICATE/);
    // Deleted: recreated; tampered: restored.
    await sas.delete('cm-test', 'default');
    await waitFor(async () => (await sas.list('cm-test')).items.length === 1, 'default SA recreated');
    await cms.update({ ...ca, data: { 'ca.crt': 'tampered' } });
    await waitFor(
      async () => (await cms.get('cm-test', ROOT_CA_CONFIGMAP)).data?.['ca.crt'] === ca.data?.['ca.crt'],
      'CA restored',
    );
    // Every pre-existing namespace too.
    await waitFor(
      async () => (await sas.list('kube-system')).items.some((s) => s.metadata.name === 'default'),
      'kube-system',
    );
    const metrics = await (await fetch(`${m1.metricsUrl}/metrics`)).text();
    assert.match(metrics, /process_cpu_seconds_total/);
  } finally {
    await m1.stop();
    await m2.stop();
  }
});
