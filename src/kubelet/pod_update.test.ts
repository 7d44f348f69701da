import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Pod } from '../api/types/pod.js';
import { podNeedsSync } from './pod_update.js';

const base: Pod = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p', namespace: 'ns', uid: 'u1', resourceVersion: '10', labels: { app: 'a' } },
  spec: { nodeName: 'n1', containers: [{ name: 'c', image: 'busybox' }] },
  status: { phase: 'Pending' },
};

describe('podNeedsSync', () => {
  const cases: [string, (p: Pod) => Pod, boolean][] = [
    ['nothing changed', (p) => p, false],
    [
      'only the status (the kubelet’s own write)',
      (p) => ({ ...p, status: { phase: 'Running', podIP: '10.42.0.5' } }),
      false,
    ],
    [
      'resourceVersion and managedFields',
      (p) => ({
        ...p,
        metadata: { ...p.metadata, resourceVersion: '11', managedFields: [{ manager: 'kubelet' }] },
      }),
      false,
    ],
    [
      'the spec (an image)',
      (p) => ({ ...p, spec: { ...p.spec, containers: [{ name: 'c', image: 'busybox:2' }] } }),
      true,
    ],
    ['a label', (p) => ({ ...p, metadata: { ...p.metadata, labels: { app: 'b' } } }), true],
    ['an annotation', (p) => ({ ...p, metadata: { ...p.metadata, annotations: { x: 'y' } } }), true],
    [
      'deletion',
      (p) => ({
        ...p,
        metadata: {
          ...p.metadata,
          deletionTimestamp: '2026-01-01T00:00:00Z',
          deletionGracePeriodSeconds: 30,
        },
      }),
      true,
    ],
    [
      'the deletion grace period only',
      (p) => ({ ...p, metadata: { ...p.metadata, deletionGracePeriodSeconds: 0 } }),
      true,
    ],
    ['a new pod of the same name', (p) => ({ ...p, metadata: { ...p.metadata, uid: 'u2' } }), true],
  ];
  for (const [name, change, want] of cases)
    it(`${want ? 'syncs' : 'does not sync'} on ${name}`, () =>
      assert.equal(podNeedsSync(base, change(base)), want));
});
