/**
 * ReplicaSets (apps/v1): 1 replica by default, `ValidateReplicaSetSpec` (whose empty-selector
 * message says "deployment", as upstream's does), an immutable selector, the
 * NAME DESIRED CURRENT READY AGE table and the scale subresource.
 */
import type { FieldError } from '../../../api/field_errors.js';
import { FieldPath, invalid } from '../../../api/field_errors.js';
import { formatLabelSelector } from '../../../api/label_selector.js';
import type { MetaLabelSelector } from '../../../api/label_selector.js';
import type { KubeObject } from '../../../api/object.js';
import { isPlainObject } from '../../../api/object.js';
import type { ResourceDef } from '../resource.js';
import { validateSelectorImmutable } from './apps_deployments.js';
import { defineResource } from './define.js';
import { replicaTable } from './replica_table.js';
import { ensureRec, num, rec, setDefault, specOf } from '../../../api/json_fields.js';
import { defaultPodTemplate } from '../../../api/pod_defaults.js';
import {
  selectorOf,
  validateNonnegativeFields,
  validateSpecSelector,
  validateTemplateForController,
} from './workload_validation.js';

/** `SetDefaults_ReplicaSet` and the template's pod defaults. */
export function defaultReplicaSet(obj: KubeObject): void {
  const spec = specOf(obj);
  setDefault(spec, 'replicas', 1);
  defaultPodTemplate(ensureRec(spec, 'template'));
}

/** `ValidateReplicaSetSpec`. */
export function validateReplicaSet(obj: KubeObject): FieldError[] {
  const spec = rec(obj.spec);
  const path = FieldPath.root('spec');
  const errs = validateNonnegativeFields(spec, ['replicas', 'minReadySeconds'], path);
  const { errs: selErrs, selector } = validateSpecSelector(spec, path, 'deployment');
  errs.push(...selErrs);
  if (selector || !isPlainObject(spec.selector))
    errs.push(...validateTemplateForController(spec, selector ?? selectorOf(null), path, 'ReplicaSet'));
  return errs;
}

/** `ValidateReplicaSetStatus`. */
export function validateReplicaSetStatus(obj: KubeObject): FieldError[] {
  const status = rec(obj.status);
  const path = FieldPath.root('status');
  const errs = validateNonnegativeFields(
    status,
    ['replicas', 'fullyLabeledReplicas', 'readyReplicas', 'availableReplicas', 'observedGeneration'],
    path,
  );
  for (const f of ['fullyLabeledReplicas', 'readyReplicas', 'availableReplicas']) {
    if (num(status[f]) > num(status.replicas))
      errs.push(invalid(path.child(f), num(status[f]), 'cannot be greater than status.replicas'));
  }
  if (num(status.availableReplicas) > num(status.readyReplicas)) {
    errs.push(
      invalid(
        path.child('availableReplicas'),
        num(status.availableReplicas),
        'cannot be greater than readyReplicas',
      ),
    );
  }
  return errs;
}

/** ReplicaSets. */
export function replicaSetsResource(): ResourceDef {
  return defineResource({
    group: 'apps',
    version: 'v1',
    kind: 'ReplicaSet',
    plural: 'replicasets',
    namespaced: true,
    shortNames: ['rs'],
    categories: ['all'],
    subresources: ['scale', 'status'],
    tracksGeneration: true,
    fieldSelectors: { 'status.replicas': (o) => String(num(rec(o.status).replicas)) },
    scale: {
      specReplicasPath: 'spec.replicas',
      statusReplicasPath: 'status.replicas',
      labelSelectorPath: 'spec.selector',
    },
    table: replicaTable((spec) =>
      formatLabelSelector(isPlainObject(spec.selector) ? (spec.selector as MetaLabelSelector) : null),
    ),
    strategy: {
      defaults: defaultReplicaSet,
      prepareForCreate(obj) {
        obj.status = { replicas: 0 };
      },
      validate: validateReplicaSet,
      validateUpdate: validateSelectorImmutable,
      validateStatusUpdate: validateReplicaSetStatus,
    },
  });
}
