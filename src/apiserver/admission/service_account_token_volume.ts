/**
 * The service account token volume the ServiceAccount admission plugin adds, as upstream's: a
 * projected volume `kube-api-access-<5 random characters>` with a bound token (`token`, 3607 s),
 * the cluster CA (`ca.crt` from the `kube-root-ca.crt` ConfigMap) and the pod's namespace, mounted
 * read-only at /var/run/secrets/kubernetes.io/serviceaccount in every init and app container that
 * has nothing mounted there — unless the pod, or else its account, sets
 * `automountServiceAccountToken: false`.
 */
import { randomInt } from 'node:crypto';
import { isPlainObject } from '../../api/object.js';
import type { KubeObject } from '../../api/object.js';

/** Where containers find the token, CA and namespace. */
export const SERVICE_ACCOUNT_MOUNT_PATH = '/var/run/secrets/kubernetes.io/serviceaccount';
/** The prefix of the volume's name. */
export const TOKEN_VOLUME_PREFIX = 'kube-api-access-';
// upstream's utilrand alphabet: no vowels, no confusable characters.
const ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** The projected volume's sources, as upstream writes them. */
export function tokenVolumeSource(): Record<string, unknown> {
  return {
    sources: [
      { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
      { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
      {
        downwardAPI: {
          items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }],
        },
      },
    ],
    defaultMode: 420,
  };
}

/** Whether the pod gets the volume: its own setting, else its account's, else yes. */
export function shouldAutomount(spec: Record<string, unknown>, account: KubeObject): boolean {
  if (typeof spec.automountServiceAccountToken === 'boolean') return spec.automountServiceAccountToken;
  const fromAccount = (account as { automountServiceAccountToken?: unknown }).automountServiceAccountToken;
  if (typeof fromAccount === 'boolean') return fromAccount;
  return true;
}

/** Adds the volume and its mounts to the pod `spec` (in place) when it should have them. */
export function mountServiceAccountToken(spec: Record<string, unknown>, account: KubeObject): void {
  if (!shouldAutomount(spec, account)) return;
  const volumes = (Array.isArray(spec.volumes) ? spec.volumes : []).filter(isPlainObject);
  const existing = volumes.find(
    (v) => typeof v.name === 'string' && v.name.startsWith(TOKEN_VOLUME_PREFIX) && isPlainObject(v.projected),
  );
  const name =
    (existing?.name as string | undefined) ??
    TOKEN_VOLUME_PREFIX + Array.from({ length: 5 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
  let needed = false;
  for (const field of ['initContainers', 'containers']) {
    const list = spec[field];
    if (!Array.isArray(list)) continue;
    for (const c of list) {
      if (!isPlainObject(c)) continue;
      const mounts = (Array.isArray(c.volumeMounts) ? c.volumeMounts : []) as unknown[];
      if (mounts.some((m) => isPlainObject(m) && m.mountPath === SERVICE_ACCOUNT_MOUNT_PATH)) continue;
      c.volumeMounts = [...mounts, { name, readOnly: true, mountPath: SERVICE_ACCOUNT_MOUNT_PATH }];
      needed = true;
    }
  }
  if (needed && !existing)
    spec.volumes = [
      ...(Array.isArray(spec.volumes) ? spec.volumes : []),
      { name, projected: tokenVolumeSource() },
    ];
}
