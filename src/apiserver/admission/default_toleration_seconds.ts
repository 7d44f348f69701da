/**
 * DefaultTolerationSeconds: every pod tolerates the `node.kubernetes.io/not-ready` and
 * `node.kubernetes.io/unreachable` NoExecute taints for 300 seconds, unless it already tolerates
 * them (a toleration with that key or no key, and effect NoExecute or none), as upstream.
 */
import type { KubeObject } from '../../api/object.js';
import { isPlainObject } from '../../api/object.js';
import type { AdmissionPlugin } from './admission.js';
import { isCoreResource } from './admission.js';

/** Upstream's default `--default-not-ready-toleration-seconds` and `--default-unreachable-…`. */
export const DEFAULT_TOLERATION_SECONDS = 300;
const TAINTS = ['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable'];

/** Adds the missing default tolerations to a pod. */
export function addDefaultTolerations(pod: KubeObject, seconds = DEFAULT_TOLERATION_SECONDS): void {
  const spec = (isPlainObject(pod.spec) ? pod.spec : (pod.spec = {})) as Record<string, unknown>;
  const tolerations = (Array.isArray(spec.tolerations) ? spec.tolerations : []).filter(isPlainObject);
  const added = TAINTS.filter(
    (key) => !tolerations.some((t) => (t.key === key || !t.key) && (t.effect === 'NoExecute' || !t.effect)),
  ).map((key) => ({ key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: seconds }));
  if (added.length > 0)
    spec.tolerations = [...(Array.isArray(spec.tolerations) ? spec.tolerations : []), ...added];
}

/** The DefaultTolerationSeconds plugin (pods, on create and update). */
export function defaultTolerationSeconds(): AdmissionPlugin {
  return {
    name: 'DefaultTolerationSeconds',
    admitCreate(ctx, obj) {
      if (isCoreResource(ctx, 'pods')) addDefaultTolerations(obj);
    },
    admitUpdate(ctx, obj) {
      if (isCoreResource(ctx, 'pods')) addDefaultTolerations(obj);
    },
  };
}
