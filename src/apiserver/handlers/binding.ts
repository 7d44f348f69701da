import { isPlainObject, nowTimestamp } from '../../api/object.js';
import { badRequestError, conflictError } from '../../api/status_error.js';
import { decodeBody, readBody } from '../http/body.js';
import { sendObject } from '../http/respond.js';
import type { RequestContext } from './context.js';
import { checkBody } from '../admission/field_validation.js';

interface PodLike {
  spec?: { nodeName?: string };
  status?: { conditions?: Array<{ type: string; status: string; lastTransitionTime?: string | null }> };
}

/**
 * POST `pods/<name>/binding`: assigns the pod to the node named by the Binding's target, once.
 * A pod already assigned answers 409 Conflict, so no pod is ever bound twice.
 */
export async function handleBinding(ctx: RequestContext): Promise<void> {
  const binding = decodeBody(await readBody(ctx.req), ctx.req.headers['content-type']);
  checkBody(ctx, binding, 'io.k8s.api.core.v1.Binding');
  if (!isPlainObject(binding) || !isPlainObject(binding.target) || typeof binding.target.name !== 'string') {
    throw badRequestError('a Binding must name its target node in target.name');
  }
  const nodeName = binding.target.name;
  if (!nodeName) throw badRequestError('a Binding must name its target node in target.name');
  const gr = { group: '', resource: 'pods/binding' };
  // Binding writes spec.nodeName and the PodScheduled condition together, below the strategy
  // that keeps status out of main-resource updates.
  await ctx.rs.update(ctx.info.namespace, ctx.info.name, (current) => {
    const pod = current as PodLike & typeof current;
    if (current.metadata.deletionTimestamp) {
      throw conflictError(
        gr,
        ctx.info.name,
        `pod ${ctx.info.name} is being deleted, cannot be assigned to a host`,
      );
    }
    if (pod.spec?.nodeName) {
      throw conflictError(
        gr,
        ctx.info.name,
        `pod ${ctx.info.name} is already assigned to node "${pod.spec.nodeName}"`,
      );
    }
    pod.spec = { ...pod.spec, nodeName };
    const conditions = (pod.status?.conditions ?? []).filter((c) => c.type !== 'PodScheduled');
    conditions.push({ type: 'PodScheduled', status: 'True', lastTransitionTime: nowTimestamp() });
    pod.status = { ...pod.status, conditions };
    return current;
  });
  sendObject(ctx.res, 201, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 });
}
