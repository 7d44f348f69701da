import assert from 'node:assert/strict';
import { test } from 'node:test';
import { persistentVolumeSecrets, podRefs } from './pod_refs.js';
import type { Pod } from './types/pod.js';

function pod(spec: Record<string, unknown>): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web', namespace: 'ns' },
    spec: { containers: [], ...spec },
  } as Pod;
}

test('podRefs: every place a pod names a secret, config map, claim or service account', () => {
  const table: [string, Record<string, unknown>, Partial<ReturnType<typeof podRefs>>][] = [
    ['nothing', {}, { secrets: [], configMaps: [], persistentVolumeClaims: [], serviceAccount: '' }],
    ['image pull secrets', { imagePullSecrets: [{ name: 'pull' }, {}] }, { secrets: ['pull'] }],
    [
      'env and envFrom of every kind of container',
      {
        initContainers: [
          { name: 'i', env: [{ name: 'A', valueFrom: { secretKeyRef: { name: 's1', key: 'k' } } }] },
        ],
        containers: [
          {
            name: 'c',
            envFrom: [{ secretRef: { name: 's2' } }, { configMapRef: { name: 'c1' } }],
            env: [
              { name: 'B', valueFrom: { configMapKeyRef: { name: 'c2', key: 'k' } } },
              { name: 'C', value: 'plain' },
            ],
          },
        ],
        ephemeralContainers: [{ name: 'e', envFrom: [{ configMapRef: { name: 'c3' } }] }],
      },
      { secrets: ['s1', 's2'], configMaps: ['c1', 'c2', 'c3'] },
    ],
    [
      'volumes, projected sources and in-tree secretRefs',
      {
        volumes: [
          { name: 'a', secret: { secretName: 'vs' } },
          { name: 'b', configMap: { name: 'vc' } },
          {
            name: 'c',
            projected: {
              sources: [
                { secret: { name: 'ps' } },
                { configMap: { name: 'kube-root-ca.crt' } },
                { serviceAccountToken: { path: 'token' } },
              ],
            },
          },
          { name: 'd', csi: { driver: 'x', nodePublishSecretRef: { name: 'csi' } } },
          { name: 'e', rbd: { monitors: [], image: 'i', secretRef: { name: 'rbd' } } },
          { name: 'f', azureFile: { secretName: 'az', shareName: 's' } },
          { name: 'g', persistentVolumeClaim: { claimName: 'data' } },
          { name: 'scratch', ephemeral: { volumeClaimTemplate: { spec: {} } } },
        ],
      },
      {
        secrets: ['az', 'csi', 'ps', 'rbd', 'vs'],
        configMaps: ['kube-root-ca.crt', 'vc'],
        persistentVolumeClaims: ['data', 'web-scratch'],
      },
    ],
    ['service account', { serviceAccountName: 'bot' }, { serviceAccount: 'bot' }],
    ['deprecated serviceAccount', { serviceAccount: 'old' }, { serviceAccount: 'old' }],
    [
      'duplicates once, sorted',
      {
        imagePullSecrets: [{ name: 'z' }],
        volumes: [
          { name: 'a', secret: { secretName: 'z' } },
          { name: 'b', secret: { secretName: 'a' } },
        ],
      },
      { secrets: ['a', 'z'] },
    ],
  ];
  for (const [name, spec, want] of table) {
    const got = podRefs(pod(spec));
    for (const [k, v] of Object.entries(want))
      assert.deepEqual(got[k as keyof typeof got], v, `${name}: ${k}`);
  }
});

test('persistentVolumeSecrets: the kubelet-visible secrets, in the claim namespace by default', () => {
  const table: [string, Record<string, unknown>, string[]][] = [
    ['none', { claimRef: { namespace: 'ns', name: 'c' } }, []],
    [
      'csi node secrets, not controller ones',
      {
        claimRef: { namespace: 'ns', name: 'c' },
        csi: {
          driver: 'd',
          volumeHandle: 'h',
          nodeStageSecretRef: { name: 'stage', namespace: 'other' },
          nodePublishSecretRef: { name: 'publish', namespace: 'ns' },
          nodeExpandSecretRef: { name: 'expand', namespace: 'ns' },
          controllerPublishSecretRef: { name: 'ctrl', namespace: 'ns' },
          controllerExpandSecretRef: { name: 'ctrl2', namespace: 'ns' },
        },
      },
      ['other/stage', 'ns/publish', 'ns/expand'],
    ],
    [
      'cephfs without namespace',
      { claimRef: { namespace: 'ns' }, cephfs: { secretRef: { name: 'ceph' } } },
      ['ns/ceph'],
    ],
    [
      'azureFile',
      { claimRef: { namespace: 'ns' }, azureFile: { secretName: 'az', secretNamespace: 'x' } },
      ['x/az'],
    ],
    ['unbound, no namespace: nothing', { cephfs: { secretRef: { name: 'ceph' } } }, []],
  ];
  for (const [name, spec, want] of table) {
    assert.deepEqual(
      persistentVolumeSecrets({ spec }).map((r) => `${r.namespace}/${r.name}`),
      want,
      name,
    );
  }
});
