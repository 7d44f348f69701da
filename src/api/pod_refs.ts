/**
 * The objects a pod needs from the API to run, as upstream's `podutil.VisitPodSecretNames`,
 * `VisitPodConfigmapNames` and the Node authorizer's graph populator find them: secrets and
 * config maps from volumes (projected sources included), env and envFrom of every container
 * (init and ephemeral ones too) and image pull secrets; claims from volumes (an ephemeral volume's
 * claim is `<pod>-<volume>`); and the pod's service account. All live in the pod's namespace.
 */
import type { Container, Pod } from './types/pod.js';

/** What one pod refers to, by name (each list sorted, without duplicates or empty names). */
export interface PodRefs {
  secrets: string[];
  configMaps: string[];
  persistentVolumeClaims: string[];
  /** The pod's service account ('' when none is set). */
  serviceAccount: string;
}

type Json = Record<string, unknown>;
const rec = (v: unknown): Json => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** Volume sources whose `secretRef.name` names a secret of the pod's namespace (upstream's list). */
const SECRET_REF_VOLUMES = ['cephfs', 'cinder', 'flexVolume', 'rbd', 'scaleIO', 'iscsi', 'storageos'];

function containers(pod: Pod): Container[] {
  const s = pod.spec ?? { containers: [] };
  return [...arr(s.initContainers), ...arr(s.containers), ...arr(s.ephemeralContainers)] as Container[];
}

function sorted(names: Iterable<string>): string[] {
  return [...new Set(names)].filter((n) => n !== '').sort();
}

/** The secrets `pod` refers to. */
export function podSecretNames(pod: Pod): string[] {
  const out: string[] = [];
  for (const s of arr(pod.spec?.imagePullSecrets)) out.push(str(rec(s).name));
  for (const c of containers(pod)) {
    for (const e of arr(c.envFrom)) out.push(str(rec(rec(e).secretRef).name));
    for (const e of arr(c.env)) out.push(str(rec(rec(rec(e).valueFrom).secretKeyRef).name));
  }
  for (const v of arr(pod.spec?.volumes)) {
    const vol = rec(v);
    out.push(str(rec(vol.secret).secretName));
    out.push(str(rec(vol.azureFile).secretName));
    for (const src of SECRET_REF_VOLUMES) out.push(str(rec(rec(vol[src]).secretRef).name));
    out.push(str(rec(rec(vol.csi).nodePublishSecretRef).name));
    for (const p of arr(rec(vol.projected).sources)) out.push(str(rec(rec(p).secret).name));
  }
  return sorted(out);
}

/** The config maps `pod` refers to. */
export function podConfigMapNames(pod: Pod): string[] {
  const out: string[] = [];
  for (const c of containers(pod)) {
    for (const e of arr(c.envFrom)) out.push(str(rec(rec(e).configMapRef).name));
    for (const e of arr(c.env)) out.push(str(rec(rec(rec(e).valueFrom).configMapKeyRef).name));
  }
  for (const v of arr(pod.spec?.volumes)) {
    const vol = rec(v);
    out.push(str(rec(vol.configMap).name));
    for (const p of arr(rec(vol.projected).sources)) out.push(str(rec(rec(p).configMap).name));
  }
  return sorted(out);
}

/** The persistent volume claims `pod` mounts (an ephemeral volume's is `<pod>-<volume>`). */
export function podClaimNames(pod: Pod): string[] {
  const out: string[] = [];
  for (const v of arr(pod.spec?.volumes)) {
    const vol = rec(v);
    out.push(str(rec(vol.persistentVolumeClaim).claimName));
    if (vol.ephemeral !== undefined) out.push(`${pod.metadata.name ?? ''}-${str(vol.name)}`);
  }
  return sorted(out);
}

/** Everything `pod` refers to. */
export function podRefs(pod: Pod): PodRefs {
  return {
    secrets: podSecretNames(pod),
    configMaps: podConfigMapNames(pod),
    persistentVolumeClaims: podClaimNames(pod),
    serviceAccount: str(pod.spec?.serviceAccountName) || str(pod.spec?.serviceAccount),
  };
}

/** A secret a PersistentVolume refers to. */
export interface NamespacedName {
  namespace: string;
  name: string;
}

/**
 * The secrets of a PersistentVolume that the kubelet uses to mount it (upstream's
 * `VisitPVSecretNames` with `kubeletVisible`): CSI node stage, publish and expand secrets and
 * the secretRefs of the in-tree sources; a reference without a namespace is in the namespace of
 * the PV's claim. CSI controller secrets are the controllers' and are not listed.
 */
export function persistentVolumeSecrets(pv: { spec?: unknown }): NamespacedName[] {
  const spec = rec(pv.spec);
  const claimNs = str(rec(spec.claimRef).namespace);
  const out = new Map<string, NamespacedName>();
  const add = (namespace: string, name: string) => {
    if (name && namespace) out.set(`${namespace}/${name}`, { namespace, name });
  };
  const ref = (r: unknown) => add(str(rec(r).namespace) || claimNs, str(rec(r).name));
  const azure = rec(spec.azureFile);
  add(str(azure.secretNamespace) || claimNs, str(azure.secretName));
  for (const src of SECRET_REF_VOLUMES) ref(rec(spec[src]).secretRef);
  const csi = rec(spec.csi);
  for (const k of ['nodeStageSecretRef', 'nodePublishSecretRef', 'nodeExpandSecretRef']) ref(csi[k]);
  return [...out.values()];
}
