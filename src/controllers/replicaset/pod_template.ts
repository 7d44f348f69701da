/**
 * Pods from a workload's template, as upstream's `GetPodFromTemplate`: the template's labels,
 * annotations, finalizers and spec, a `generateName` of `<owner>-` (the API server appends five
 * random characters), and the controller reference.
 */
import type { OwnerReference } from '../../api/object.js';
import { deepCopy } from '../../api/object.js';
import type { Pod, PodTemplateSpec } from '../../api/types/pod.js';

/** Thrown when the template has no labels (a controller could never find its pods). */
export class NoLabelsError extends Error {
  override name = 'NoLabelsError';
}

/** The pod to create in `namespace` for the owner named `ownerName` from `template`. */
export function podFromTemplate(
  template: PodTemplateSpec,
  namespace: string,
  ownerName: string,
  ref: OwnerReference,
): Pod {
  const labels = { ...template.metadata?.labels };
  if (Object.keys(labels).length === 0) throw new NoLabelsError('unable to create pods, no labels');
  const pod: Pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { generateName: `${ownerName}-`, namespace, labels, ownerReferences: [ref] },
    spec: deepCopy(template.spec),
  };
  const annotations = template.metadata?.annotations;
  if (annotations && Object.keys(annotations).length) pod.metadata.annotations = { ...annotations };
  const finalizers = template.metadata?.finalizers;
  if (finalizers?.length) pod.metadata.finalizers = [...finalizers];
  return pod;
}
