/**
 * LimitRanger: the LimitRanges of a namespace fill in container defaults on pod create and
 * bound pods (on create) and persistent volume claims (on create and update); a violation is
 * 403 Forbidden with upstream's text (`maximum cpu usage per Container is 1, but limit is 2`).
 * Pod updates are not checked (containers' resources are immutable), as upstream.
 */
import { aggregateMessages } from '../../api/label_requirement.js';
import type { KubeObject } from '../../api/object.js';
import type { RequestContext } from '../handlers/context.js';
import type { AdmissionDeps, AdmissionPlugin } from './admission.js';
import { admissionForbidden, isCoreResource, listFresh } from './admission.js';
import { applyLimitRangeDefaults, podLimitViolations, pvcLimitViolations } from './limit_range_rules.js';

function limitRanges(deps: AdmissionDeps, obj: KubeObject): Promise<KubeObject[]> {
  return listFresh(deps, '', 'limitranges', obj.metadata.namespace ?? '');
}

/** The LimitRanger plugin. */
export function limitRanger(deps: AdmissionDeps): AdmissionPlugin {
  const validate = async (ctx: RequestContext, obj: KubeObject) => {
    const pod = isCoreResource(ctx, 'pods');
    if (!pod && !isCoreResource(ctx, 'persistentvolumeclaims')) return;
    for (const lr of await limitRanges(deps, obj)) {
      const errs = pod ? podLimitViolations(lr, obj) : pvcLimitViolations(lr, obj);
      if (errs.length > 0) throw admissionForbidden(ctx, obj, aggregateMessages(errs));
    }
  };
  return {
    name: 'LimitRanger',
    async admitCreate(ctx, obj) {
      if (!isCoreResource(ctx, 'pods')) return;
      for (const lr of await limitRanges(deps, obj)) applyLimitRangeDefaults(lr, obj);
    },
    validateCreate: validate,
    async validateUpdate(ctx, obj, old) {
      if (!isCoreResource(ctx, 'persistentvolumeclaims') || old.metadata.deletionTimestamp) return;
      await validate(ctx, obj);
    },
  };
}
