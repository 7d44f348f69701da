/**
 * ReplicationControllers (`/api/v1/replicationcontrollers`, stored under `controllers`): the
 * legacy replica controller with a map selector. Defaults take the selector and labels from the
 * template; validation is `ValidateReplicationControllerSpec`.
 */
import type { FieldError } from '../../../api/field_errors.js';
import { FieldPath, required } from '../../../api/field_errors.js';
import type { KubeObject } from '../../../api/object.js';
import { isPlainObject } from '../../../api/object.js';
import type { ResourceDef } from '../resource.js';
import { formatLabels } from './cells.js';
import { defineResource } from './define.js';
import { replicaTable } from './replica_table.js';
import { num, rec, setDefault, specOf, strMap } from '../../../api/json_fields.js';
import { defaultPodTemplate } from '../../../api/pod_defaults.js';
import {
  mapSelector,
  validateNonnegativeFields,
  validateTemplateForController,
} from './workload_validation.js';

/** `SetDefaults_ReplicationController` and the template's pod defaults. */
export function defaultReplicationController(obj: KubeObject): void {
  const spec = specOf(obj);
  const template = spec.template;
  if (isPlainObject(template)) {
    const labels = rec(template.metadata).labels;
    if (isPlainObject(labels)) {
      if (Object.keys(rec(spec.selector)).length === 0) spec.selector = { ...labels };
      if (Object.keys(obj.metadata.labels ?? {}).length === 0) obj.metadata.labels = strMap(labels);
    }
    defaultPodTemplate(template);
  }
  setDefault(spec, 'replicas', 1);
}

/** `ValidateReplicationControllerSpec`. */
export function validateReplicationController(obj: KubeObject): FieldError[] {
  const spec = rec(obj.spec);
  const path = FieldPath.root('spec');
  const errs = validateNonnegativeFields(spec, ['minReadySeconds'], path);
  const selector = mapSelector(spec.selector);
  if (selector.isEmpty()) errs.push(required(path.child('selector')));
  errs.push(...validateNonnegativeFields(spec, ['replicas'], path));
  errs.push(...validateTemplateForController(spec, selector, path, 'ReplicationController'));
  return errs;
}

/** ReplicationControllers. */
export function replicationControllersResource(): ResourceDef {
  return defineResource({
    group: '',
    version: 'v1',
    kind: 'ReplicationController',
    plural: 'replicationcontrollers',
    namespaced: true,
    shortNames: ['rc'],
    categories: ['all'],
    subresources: ['scale', 'status'],
    storagePrefix: 'controllers',
    tracksGeneration: true,
    allowCreateOnUpdate: true,
    fieldSelectors: { 'status.replicas': (o) => String(num(rec(o.status).replicas)) },
    scale: {
      specReplicasPath: 'spec.replicas',
      statusReplicasPath: 'status.replicas',
      labelSelectorPath: 'spec.selector',
    },
    table: replicaTable((spec) => formatLabels(spec.selector)),
    strategy: {
      defaults: defaultReplicationController,
      prepareForCreate(obj) {
        obj.status = { replicas: 0 };
      },
      validate: validateReplicationController,
    },
  });
}
