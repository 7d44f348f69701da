import type { KubeObject } from '../../api/object.js';
import { getPath, isPlainObject, setPath } from '../../api/object.js';
import { badRequestError, conflictError, invalidError } from '../../api/status_error.js';
import { invalid } from '../../api/field_errors.js';
import { decodeBody, mediaType, readBody } from '../http/body.js';
import { sendObject } from '../http/respond.js';
import type { JsonObject } from '../patch/json_value.js';
import {
  applyPatch,
  decodePatchBody,
  MERGE_PATCH_TYPE,
  STRATEGIC_MERGE_PATCH_TYPE,
} from '../patch/patch_types.js';
import type { PatchType } from '../patch/patch_types.js';
import { parseResourceVersion } from '../store/resource_store.js';
import type { RequestContext } from './context.js';
import { writerOf } from '../fieldmanager/request_writer.js';
import { applyUpdate } from './update.js';
import { checkBody } from '../admission/field_validation.js';

const SCALE = 'io.k8s.api.autoscaling.v1.Scale';

/** The `autoscaling/v1 Scale` view of an object with a scale subresource. */
export function toScale(ctx: RequestContext, obj: KubeObject): Record<string, unknown> {
  const spec = ctx.def.scale!;
  const m = obj.metadata;
  const selector = spec.labelSelectorPath ? getPath(obj, spec.labelSelectorPath) : undefined;
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: {
      name: m.name,
      namespace: m.namespace,
      uid: m.uid,
      resourceVersion: m.resourceVersion,
      creationTimestamp: m.creationTimestamp,
    },
    spec: { replicas: Number(getPath(obj, spec.specReplicasPath) ?? 0) },
    status: {
      replicas: Number(getPath(obj, spec.statusReplicasPath) ?? 0),
      ...(typeof selector === 'string' && selector ? { selector } : {}),
    },
  };
}

function replicasOf(ctx: RequestContext, scale: unknown): number {
  const replicas = isPlainObject(scale) && isPlainObject(scale.spec) ? scale.spec.replicas : undefined;
  if (replicas === undefined) return 0;
  if (typeof replicas !== 'number' || !Number.isInteger(replicas) || replicas < 0) {
    throw invalidError({ group: 'autoscaling', kind: 'Scale' }, ctx.info.name, [
      invalid('spec.replicas', replicas, 'must be greater than or equal to 0'),
    ]);
  }
  return replicas;
}

/** GET, PUT and PATCH of `<resource>/scale`: reads and writes the object's replicas. */
export async function handleScale(ctx: RequestContext): Promise<void> {
  const spec = ctx.def.scale;
  if (!spec) throw badRequestError(`${ctx.def.plural} has no scale subresource`);
  if (ctx.info.verb === 'get') {
    const entry = await ctx.rs.get(
      ctx.info.namespace,
      ctx.info.name,
      ctx.query.get('resourceVersion') ?? undefined,
    );
    return sendObject(ctx.res, 200, toScale(ctx, entry.obj));
  }
  const body = await readBody(ctx.req);
  const gr = { group: ctx.def.group, resource: `${ctx.def.plural}/scale` };
  let compute: (current: KubeObject) => KubeObject;
  if (ctx.info.verb === 'update') {
    const scale = decodeBody(body, ctx.req.headers['content-type']);
    checkBody(ctx, scale, SCALE);
    const replicas = replicasOf(ctx, scale);
    const rv =
      isPlainObject(scale) && isPlainObject(scale.metadata) ? scale.metadata.resourceVersion : undefined;
    const expected = typeof rv === 'string' && rv ? parseResourceVersion(rv) : undefined;
    compute = (current) => {
      if (expected !== undefined && String(expected) !== current.metadata.resourceVersion) {
        throw conflictError(gr, ctx.info.name);
      }
      setPath(current as Record<string, unknown>, spec.specReplicasPath, replicas);
      return current;
    };
  } else if (ctx.info.verb === 'patch') {
    // Scale has no lists: a strategic merge patch of it is a JSON merge patch.
    const asked = mediaType(ctx.req.headers['content-type']);
    const type = (asked === STRATEGIC_MERGE_PATCH_TYPE ? MERGE_PATCH_TYPE : asked) as PatchType;
    const patch = decodePatchBody(type, body.toString('utf8'));
    compute = (current) => {
      const scale = toScale(ctx, current) as unknown as JsonObject;
      const { object } = applyPatch(type, scale, patch, undefined, 'Ignore');
      checkBody(ctx, object, SCALE);
      setPath(current as Record<string, unknown>, spec.specReplicasPath, replicasOf(ctx, object));
      return current;
    };
  } else {
    throw badRequestError(`${ctx.info.verb} is not supported on ${gr.resource}`);
  }
  const scaleCtx = { ...ctx, info: { ...ctx.info, subresource: '' } };
  const result = await applyUpdate(scaleCtx, compute, { writer: { ...writerOf(ctx), subresource: 'scale' } });
  sendObject(ctx.res, 200, toScale(ctx, result.obj));
}
