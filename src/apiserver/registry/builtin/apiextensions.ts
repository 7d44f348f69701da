/**
 * CustomResourceDefinitions (apiextensions.k8s.io/v1), stored under
 * `apiextensions.k8s.io/customresourcedefinitions`: the declaration and the basic shape checks
 * (`<plural>.<group>` name, names, scope, exactly one storage version). Serving the custom
 * resources is the CRD controller's job (src/apiserver/crd/); a DELETE leaves the CRD with the
 * `customresourcecleanup.apiextensions.k8s.io` finalizer until the controller removed its
 * custom resources.
 */
import type { FieldError } from '../../../api/field_errors.js';
import { FieldPath, invalid, notSupported, required } from '../../../api/field_errors.js';
import { isDNS1035Label, isDNS1123Subdomain } from '../../../api/name_validation.js';
import type { KubeObject } from '../../../api/object.js';
import { validateCustomResourceDefinition } from '../../crd/crd_validation.js';
import { CLEANUP_FINALIZER } from '../../crd/custom_resource_defs.js';
import { crdConditions, withCondition } from '../../crd/crd_conditions.js';
import type { ResourceDef } from '../resource.js';
import { defineResource } from './define.js';
import { rec, recs, specOf, str } from '../../../api/json_fields.js';
import { validateImmutable } from './validate.js';

function validateCRD(o: KubeObject): FieldError[] {
  const spec = rec(o.spec);
  const names = rec(spec.names);
  const path = FieldPath.root('spec');
  const errs: FieldError[] = [];
  const group = str(spec.group);
  const plural = str(names.plural);
  const name = o.metadata.name ?? '';
  if (name !== `${plural}.${group}`) {
    errs.push(invalid(FieldPath.root('metadata', 'name'), name, 'must be spec.names.plural+"."+spec.group'));
  }
  if (group === '') errs.push(required(path.child('group')));
  else {
    errs.push(...isDNS1123Subdomain(group).map((m) => invalid(path.child('group'), group, m)));
    if (group.split('.').length < 2)
      errs.push(invalid(path.child('group'), group, 'should be a domain with at least one dot'));
  }
  const np = path.child('names');
  for (const f of ['plural', 'singular']) {
    const v = str(names[f]);
    const msgs = isDNS1035Label(v);
    if (v !== '' && msgs.length > 0) errs.push(invalid(np.child(f), v, msgs.join(',')));
  }
  for (const f of ['kind', 'listKind']) {
    const v = str(names[f]);
    const msgs = isDNS1035Label(v.toLowerCase());
    if (v !== '' && msgs.length > 0)
      errs.push(
        invalid(np.child(f), v, `may have mixed case, but should otherwise match: ${msgs.join(',')}`),
      );
  }
  if (plural === '') errs.push(required(np.child('plural')));
  if (str(names.kind) === '') errs.push(required(np.child('kind')));
  const scope = str(spec.scope);
  if (scope === '') errs.push(required(path.child('scope')));
  else if (scope !== 'Cluster' && scope !== 'Namespaced')
    errs.push(notSupported(path.child('scope'), scope, ['Cluster', 'Namespaced']));
  const versions = recs(spec.versions);
  if (versions.length === 0)
    errs.push(invalid(path.child('versions'), [], 'must have exactly one version marked as storage version'));
  else if (versions.filter((v) => v.storage === true).length !== 1) {
    errs.push(
      invalid(
        path.child('versions'),
        versions.map((v) => str(v.name)),
        'must have exactly one version marked as storage version',
      ),
    );
  }
  versions.forEach((v, i) => {
    const vp = path.child('versions').index(i).child('name');
    const vn = str(v.name);
    if (vn === '') errs.push(required(vp));
    else errs.push(...isDNS1035Label(vn).map((m) => invalid(vp, vn, m)));
  });
  return errs;
}

/** CustomResourceDefinitions. */
export function customResourceDefinitionsResource(): ResourceDef {
  return defineResource({
    group: 'apiextensions.k8s.io',
    version: 'v1',
    kind: 'CustomResourceDefinition',
    plural: 'customresourcedefinitions',
    namespaced: false,
    shortNames: ['crd', 'crds'],
    categories: ['api-extensions'],
    subresources: ['status'],
    storagePrefix: 'apiextensions.k8s.io/customresourcedefinitions',
    tracksGeneration: true,
    kubeFinalizerCheck: false,
    strategy: {
      defaults(obj) {
        const names = rec(specOf(obj).names);
        if (!names.singular && typeof names.kind === 'string') names.singular = names.kind.toLowerCase();
        if (!names.listKind && typeof names.kind === 'string') names.listKind = `${names.kind}List`;
        const conversion = rec(specOf(obj).conversion);
        if (!conversion.strategy) specOf(obj).conversion = { ...conversion, strategy: 'None' };
      },
      prepareForCreate(obj) {
        const storage = recs(specOf(obj).versions).find((v) => v.storage === true);
        obj.status = {
          acceptedNames: { kind: '', plural: '' },
          storedVersions: storage ? [str(storage.name)] : [],
        };
      },
      prepareForUpdate(obj) {
        const storage = recs(specOf(obj).versions).find((v) => v.storage === true);
        const status = rec(obj.status);
        const stored = Array.isArray(status.storedVersions) ? (status.storedVersions as unknown[]) : [];
        if (storage && !stored.includes(storage.name))
          obj.status = { ...status, storedVersions: [...stored, str(storage.name)] };
      },
      validate: (o) => [...validateCRD(o), ...validateCustomResourceDefinition(o)],
      // The first DELETE holds the CRD with the cleanup finalizer until its custom resources are gone.
      deletionHeld: (obj) =>
        !obj.metadata.deletionTimestamp || (obj.metadata.finalizers ?? []).includes(CLEANUP_FINALIZER),
      prepareForDeletion(obj) {
        if (obj.metadata.deletionTimestamp) return;
        const finalizers = obj.metadata.finalizers ?? [];
        if (!finalizers.includes(CLEANUP_FINALIZER))
          obj.metadata.finalizers = [...finalizers, CLEANUP_FINALIZER];
        obj.status = {
          ...rec(obj.status),
          conditions: withCondition(crdConditions(obj), {
            type: 'Terminating',
            status: 'True',
            reason: 'InstanceDeletionPending',
            message: 'CustomResourceDefinition marked for deletion; CustomResource deletion will begin soon',
          }),
        };
      },
      validateUpdate: (obj, old) => [
        ...validateImmutable(rec(obj.spec).group, rec(old.spec).group, FieldPath.root('spec', 'group')),
        ...validateImmutable(
          rec(rec(obj.spec).names).plural,
          rec(rec(old.spec).names).plural,
          FieldPath.root('spec', 'names', 'plural'),
        ),
        ...validateImmutable(rec(obj.spec).scope, rec(old.spec).scope, FieldPath.root('spec', 'scope')),
      ],
    },
  });
}
