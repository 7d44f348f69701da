/**
 * The volume sources the kubelet's volume manager reads, as upstream's `v1.VolumeSource` members
 * (fuller than the API types' loose `Volume`): emptyDir, hostPath, configMap, secret,
 * downwardAPI, projected and persistentVolumeClaim, and the volumeMount fields it needs.
 */
import type { VolumeMount } from '../../api/types/pod.js';

/** `v1.KeyToPath`. */
export interface KeyToPath {
  key: string;
  path: string;
  mode?: number;
}

/** `v1.DownwardAPIVolumeFile`. */
export interface DownwardAPIVolumeFile {
  path: string;
  fieldRef?: { apiVersion?: string; fieldPath: string };
  resourceFieldRef?: { containerName?: string; resource: string; divisor?: string };
  mode?: number;
}

/** `v1.ConfigMapVolumeSource` (also a projection's `configMap`, without defaultMode). */
export interface ConfigMapSource {
  name?: string;
  items?: KeyToPath[];
  optional?: boolean;
  defaultMode?: number;
}

/** `v1.SecretVolumeSource` (a projection's `secret` names it `name`). */
export interface SecretSource {
  secretName?: string;
  name?: string;
  items?: KeyToPath[];
  optional?: boolean;
  defaultMode?: number;
}

/** `v1.DownwardAPIVolumeSource`. */
export interface DownwardAPISource {
  items?: DownwardAPIVolumeFile[];
  defaultMode?: number;
}

/** `v1.ServiceAccountTokenProjection`. */
export interface ServiceAccountTokenSource {
  audience?: string;
  expirationSeconds?: number;
  path: string;
}

/** `v1.VolumeProjection`: exactly one source is set. */
export interface VolumeProjection {
  configMap?: ConfigMapSource;
  secret?: SecretSource;
  downwardAPI?: DownwardAPISource;
  serviceAccountToken?: ServiceAccountTokenSource;
  [other: string]: unknown;
}

/** `v1.ProjectedVolumeSource`. */
export interface ProjectedSource {
  sources?: VolumeProjection[];
  defaultMode?: number;
}

/** `v1.VolumeMount` with the fields the API types leave out. */
export interface FullVolumeMount extends VolumeMount {
  subPathExpr?: string;
  mountPropagation?: 'None' | 'HostToContainer' | 'Bidirectional';
}

/** Upstream's default file mode of configMap, secret, downwardAPI and projected volumes (0644). */
export const DEFAULT_FILE_MODE = 0o644;
