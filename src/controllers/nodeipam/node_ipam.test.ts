import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Node } from '../../api/types/node.js';
import { CidrSet, CidrSetError, formatIP } from './cidr_set.js';
import { NodeIpamReconciler, cidrSetsFor } from './node_ipam_controller.js';

test('CidrSet: subnets in order, occupy, release, exhaustion, IPv6, bad configurations', () => {
  const s = new CidrSet('10.42.0.0/22', 24);
  assert.equal(s.toString(), '10.42.0.0/22');
  assert.ok(s.occupy('10.42.1.0/24'));
  assert.equal(s.occupy('10.43.0.0/24'), false);
  assert.equal(s.occupy('10.42.0.0/25'), false);
  assert.deepEqual(
    [s.allocateNext(), s.allocateNext(), s.allocateNext(), s.allocateNext()],
    ['10.42.0.0/24', '10.42.2.0/24', '10.42.3.0/24', undefined],
  );
  s.release('10.42.2.0/24');
  assert.equal(s.free, 1);
  assert.equal(s.allocateNext(), '10.42.2.0/24');
  const v6 = new CidrSet('fd00:10:42::/56', 64);
  assert.deepEqual([v6.allocateNext(), v6.allocateNext()], ['fd00:10:42::/64', 'fd00:10:42:1::/64']);
  assert.equal(new CidrSet('10.42.7.9/16', 24).allocateNext(), '10.42.0.0/24', 'host bits masked');
  assert.throws(() => new CidrSet('10.0.0.0/8', 30), CidrSetError);
  assert.throws(() => new CidrSet('10.0.0.0/24', 16), CidrSetError);
  assert.throws(() => new CidrSet('nope', 24), CidrSetError);
  assert.equal(formatIP(0x20010db8000000000000000000000001n, 128), '2001:db8::1');
  assert.equal(formatIP(0n, 128), '::');
});

const node = (name: string, uid: string, podCIDRs?: string[]): Node => ({
  metadata: { name, uid },
  spec: podCIDRs ? { podCIDR: podCIDRs[0], podCIDRs } : {},
});

test('reconciler: existing allocations respected, new nodes get the next, deleted nodes release theirs', async () => {
  const store = new Map<string, Node>([
    ['a', node('a', '1', ['10.42.0.0/24'])],
    ['b', node('b', '2')],
  ]);
  const writes: Node[] = [];
  const cache = { get: (k: string) => store.get(k), list: () => [...store.values()] };
  const client = {
    update: (n: Node) => {
      writes.push(n);
      store.set(n.metadata.name!, n);
      return Promise.resolve(n);
    },
  };
  const events: string[] = [];
  const recorder = {
    event: (_r: unknown, _t: string, reason: string, msg: string) => void events.push(`${reason}: ${msg}`),
  };
  const r = new NodeIpamReconciler(
    cidrSetsFor('10.42.0.0/23,fd00::/63', 24),
    cache,
    client,
    recorder as never,
  );
  await r.reconcile({ namespace: '', name: 'b' });
  assert.deepEqual(
    writes.map((n) => n.spec),
    [{ podCIDR: '10.42.1.0/24', podCIDRs: ['10.42.1.0/24', 'fd00::/64'] }],
  );
  await r.reconcile({ namespace: '', name: 'a' });
  assert.equal(writes.length, 1, 'a already has its CIDR');
  store.set('c', node('c', '3'));
  await assert.rejects(
    r.reconcile({ namespace: '', name: 'c' }),
    /there are no remaining CIDRs left to allocate/,
  );
  assert.deepEqual(events, ['CIDRNotAvailable: Node c status is now: CIDRNotAvailable']);
  store.delete('a');
  await r.reconcile({ namespace: '', name: 'a' });
  await r.reconcile({ namespace: '', name: 'c' });
  assert.deepEqual(writes.at(-1)!.spec?.podCIDRs, ['10.42.0.0/24', 'fd00:0:0:1::/64']);
});
