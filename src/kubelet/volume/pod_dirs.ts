/**
 * Where a pod's things live on the node, as upstream's kubelet lays them out:
 * `<rootDir>/pods/<uid>/volumes/<escaped plugin>/<volume>`, `…/containers/<container>/<id>`
 * and `…/etc-hosts`.
 */
import * as path from 'node:path';

/** Upstream's plugin names, escaped for a directory (`kubernetes.io/empty-dir` → `kubernetes.io~empty-dir`). */
export const PLUGIN_DIRS = {
  emptyDir: 'kubernetes.io~empty-dir',
  configMap: 'kubernetes.io~configmap',
  secret: 'kubernetes.io~secret',
  downwardAPI: 'kubernetes.io~downward-api',
  projected: 'kubernetes.io~projected',
} as const;

/** A volume plugin that keeps its volumes under the pod directory. */
export type PodDirPlugin = keyof typeof PLUGIN_DIRS;

/** The directory of the pod `uid`. */
export function podDir(rootDir: string, uid: string): string {
  return path.join(rootDir, 'pods', uid);
}

/** The directory of volume `volName` of `plugin` of the pod `uid`. */
export function podVolumeDir(rootDir: string, uid: string, plugin: PodDirPlugin, volName: string): string {
  return path.join(podDir(rootDir, uid), 'volumes', PLUGIN_DIRS[plugin], volName);
}

/** The directory of container `name` of the pod `uid` (its termination-message files). */
export function podContainerDir(rootDir: string, uid: string, name: string): string {
  return path.join(podDir(rootDir, uid), 'containers', name);
}

/** The pod's managed hosts file. */
export function podEtcHostsPath(rootDir: string, uid: string): string {
  return path.join(podDir(rootDir, uid), 'etc-hosts');
}
