/** DefaultBinder: binds the pod by POSTing a Binding to `pods/<name>/binding`. */
import type { Pod } from '../../../api/types/pod.js';
import type { Handle } from '../../framework/handle.js';
import type { BindPlugin } from '../../framework/interfaces.js';
import { SUCCESS, asStatus } from '../../framework/status.js';

/** The plugin's name. */
export const NAME = 'DefaultBinder';

/** The Binding object for `pod` onto `nodeName` (with the pod's uid as a precondition). */
export function bindingFor(pod: Pod, nodeName: string): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'Binding',
    metadata: { name: pod.metadata.name, namespace: pod.metadata.namespace, uid: pod.metadata.uid },
    target: { kind: 'Node', name: nodeName },
  };
}

/** Builds the plugin. */
export function newDefaultBinder(_args: unknown, h: Handle): BindPlugin {
  return {
    name: NAME,
    async bind(_s, pod, nodeName) {
      try {
        await h.clients.pods.createSubresource(
          pod.metadata.namespace ?? 'default',
          pod.metadata.name ?? '',
          'binding',
          bindingFor(pod, nodeName),
        );
        return SUCCESS;
      } catch (err) {
        return asStatus(err);
      }
    },
  };
}
