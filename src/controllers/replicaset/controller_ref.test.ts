import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KubeObject } from '../../api/object.js';
import {
  adoptPatch,
  controllerUidIndex,
  newControllerRef,
  planClaims,
  releasePatch,
} from './controller_ref.js';

const owner: KubeObject = { metadata: { name: 'rs', namespace: 'ns', uid: 'U' } };
const ref = newControllerRef(owner, 'apps/v1', 'ReplicaSet');
const obj = (
  name: string,
  opts: { app?: string; ctrl?: string; ns?: string; deleting?: boolean } = {},
): KubeObject => ({
  metadata: {
    name,
    uid: `uid-${name}`,
    namespace: opts.ns ?? 'ns',
    labels: { app: opts.app ?? 'web' },
    deletionTimestamp: opts.deleting ? '2024-01-01T00:00:00Z' : undefined,
    ownerReferences: opts.ctrl ? [{ ...ref, uid: opts.ctrl }] : undefined,
  },
});

test('planClaims: own, adopt, release, and leave alone as ClaimObject', () => {
  const match = (o: KubeObject) => o.metadata.labels?.app === 'web';
  const candidates = [
    obj('mine', { ctrl: 'U' }),
    obj('mine-stale', { ctrl: 'U', app: 'other' }),
    obj('orphan'),
    obj('orphan-nomatch', { app: 'other' }),
    obj('orphan-deleting', { deleting: true }),
    obj('orphan-elsewhere', { ns: 'other' }),
    obj('theirs', { ctrl: 'X' }),
  ];
  const names = (xs: KubeObject[]) => xs.map((x) => x.metadata.name);
  const plan = planClaims(owner, candidates, match);
  assert.deepEqual(names(plan.owned), ['mine']);
  assert.deepEqual(names(plan.adopt), ['orphan']);
  assert.deepEqual(names(plan.release), ['mine-stale']);
  // An owner being deleted neither adopts nor releases, but keeps what it owns.
  const dying = { metadata: { ...owner.metadata, deletionTimestamp: '2024-01-01T00:00:00Z' } };
  const p2 = planClaims(dying, candidates, match);
  assert.deepEqual(names(p2.owned), ['mine']);
  assert.deepEqual(p2.adopt, []);
  assert.deepEqual(p2.release, []);
});

test('adopt and release patches carry the uid precondition; the index separates orphans per namespace', () => {
  const o = obj('p');
  assert.deepEqual(adoptPatch(o, ref), { metadata: { ownerReferences: [ref], uid: 'uid-p' } });
  assert.deepEqual(releasePatch(o, 'U'), {
    metadata: { ownerReferences: [{ $patch: 'delete', uid: 'U' }], uid: 'uid-p' },
  });
  assert.deepEqual(controllerUidIndex(o), ['orphan:ns']);
  assert.deepEqual(controllerUidIndex(obj('q', { ctrl: 'U' })), ['U']);
});
