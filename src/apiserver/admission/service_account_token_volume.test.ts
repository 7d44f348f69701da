import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../../api/object.js';
import {
  mountServiceAccountToken,
  SERVICE_ACCOUNT_MOUNT_PATH,
  tokenVolumeSource,
} from './service_account_token_volume.js';

const account = (extra: Record<string, unknown> = {}): KubeObject => ({
  metadata: { name: 'default' },
  ...extra,
});
type Spec = {
  volumes?: { name: string; projected?: unknown }[];
  containers: { name: string; volumeMounts?: { name: string; mountPath: string; readOnly?: boolean }[] }[];
  initContainers?: { name: string; volumeMounts?: { name: string; mountPath: string }[] }[];
  automountServiceAccountToken?: boolean;
};

describe('mountServiceAccountToken', () => {
  it('adds kube-api-access-xxxxx and mounts it read-only in every init and app container', () => {
    const spec: Spec = {
      containers: [{ name: 'a' }, { name: 'b', volumeMounts: [{ name: 'data', mountPath: '/data' }] }],
      initContainers: [{ name: 'i' }],
    };
    mountServiceAccountToken(spec as unknown as Record<string, unknown>, account());
    assert.equal(spec.volumes?.length, 1);
    const vol = spec.volumes![0]!;
    assert.match(vol.name, /^kube-api-access-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    assert.deepEqual(vol.projected, tokenVolumeSource());
    for (const c of [...spec.containers, ...spec.initContainers!])
      assert.deepEqual(c.volumeMounts!.at(-1), {
        name: vol.name,
        readOnly: true,
        mountPath: SERVICE_ACCOUNT_MOUNT_PATH,
      });
    assert.equal(spec.containers[1]!.volumeMounts!.length, 2);
  });

  it('leaves containers that mount something there, and adds no volume when none needs it', () => {
    const own = { name: 'mine', mountPath: SERVICE_ACCOUNT_MOUNT_PATH };
    const spec: Spec = { volumes: [{ name: 'mine' }], containers: [{ name: 'a', volumeMounts: [own] }] };
    mountServiceAccountToken(spec as unknown as Record<string, unknown>, account());
    assert.deepEqual(spec, { volumes: [{ name: 'mine' }], containers: [{ name: 'a', volumeMounts: [own] }] });
  });

  it('honours automountServiceAccountToken: the pod first, then its account', () => {
    const off: Spec = { containers: [{ name: 'a' }] };
    mountServiceAccountToken(
      off as unknown as Record<string, unknown>,
      account({ automountServiceAccountToken: false }),
    );
    assert.equal(off.volumes, undefined);
    const podOn: Spec = { containers: [{ name: 'a' }], automountServiceAccountToken: true };
    mountServiceAccountToken(
      podOn as unknown as Record<string, unknown>,
      account({ automountServiceAccountToken: false }),
    );
    assert.equal(podOn.volumes?.length, 1);
    const podOff: Spec = { containers: [{ name: 'a' }], automountServiceAccountToken: false };
    mountServiceAccountToken(podOff as unknown as Record<string, unknown>, account());
    assert.equal(podOff.volumes, undefined);
  });

  it('reuses a kube-api-access volume the pod already has', () => {
    const spec: Spec = {
      volumes: [{ name: 'kube-api-access-abcde', projected: tokenVolumeSource() }],
      containers: [{ name: 'a' }],
    };
    mountServiceAccountToken(spec as unknown as Record<string, unknown>, account());
    assert.equal(spec.volumes!.length, 1);
    assert.equal(spec.containers[0]!.volumeMounts![0]!.name, 'kube-api-access-abcde');
  });
});
