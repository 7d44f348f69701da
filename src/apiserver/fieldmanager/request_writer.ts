/**
 * The writer of a request, for managedFields: the manager named by `?fieldManager=` or, as
 * upstream, the client's user-agent up to its first `/` ("kubectl", "kube-controller-manager").
 * A fieldManager longer than 128 characters or with non-printable characters is 422 Invalid.
 */
import { invalid } from '../../api/field_errors.js';
import type { KubeObject } from '../../api/object.js';
import { invalidError } from '../../api/status_error.js';
import type { RequestContext } from '../handlers/context.js';
import { patchMetaForKind } from '../patch/patch_meta.js';
import type { ResourceDef } from '../registry/resource.js';
import { groupVersion } from '../registry/resource.js';
import type { Writer } from './managed_fields.js';
import type { TypeInfo } from './type_info.js';
import { typeFromPatchMeta, typeFromSchema } from './type_info.js';

const MAX_MANAGER_LENGTH = 128;

/** The options kind a write's query belongs to, for the Invalid error's kind. */
function optionsKind(method: string | undefined): string {
  if (method === 'POST') return 'CreateOptions';
  if (method === 'PATCH') return 'PatchOptions';
  return 'UpdateOptions';
}

/** The writer of the request in `ctx`. */
export function writerOf(ctx: RequestContext): Writer {
  const explicit = ctx.query.get('fieldManager');
  let manager: string;
  if (explicit !== null) {
    if (explicit.length > MAX_MANAGER_LENGTH || !/^[\x20-\x7e]*$/.test(explicit)) {
      const detail =
        explicit.length > MAX_MANAGER_LENGTH
          ? `must be no more than ${MAX_MANAGER_LENGTH} characters`
          : 'must only contain printable characters';
      throw invalidError({ group: 'meta.k8s.io', kind: optionsKind(ctx.req.method) }, '', [
        invalid('fieldManager', explicit, detail),
      ]);
    }
    manager = explicit;
  } else {
    const ua = String(ctx.req.headers['user-agent'] ?? '');
    manager = ua.split('/')[0]!.slice(0, MAX_MANAGER_LENGTH) || 'unknown';
  }
  return {
    manager,
    apiVersion: groupVersion(ctx.def),
    subresource: ctx.info.subresource ?? '',
    hasStatus: ctx.def.hasStatus,
  };
}

const types = new WeakMap<ResourceDef, TypeInfo | null>();

/** How apply merges and tracks the fields of `def`'s objects. */
export function typeInfoOf(def: ResourceDef): TypeInfo | undefined {
  let t = types.get(def);
  if (t === undefined) {
    t =
      (def.crd ? typeFromSchema(def.schema) : typeFromPatchMeta(patchMetaForKind(def.group, def.kind))) ??
      null;
    types.set(def, t);
  }
  return t ?? undefined;
}

/** Whether two versions of an object have the same field ownership (times aside). */
export function sameOwnership(a: KubeObject, b: KubeObject): boolean {
  const strip = (o: KubeObject) =>
    JSON.stringify((o.metadata.managedFields ?? []).map((e) => ({ ...e, time: undefined })));
  return strip(a) === strip(b);
}
