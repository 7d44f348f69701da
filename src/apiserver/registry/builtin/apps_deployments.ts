/**
 * Deployments (apps/v1): defaults (1 replica, RollingUpdate 25%/25%, 10 revisions, 600s progress
 * deadline), `ValidateDeploymentSpec` with the selector immutable once created, the
 * NAME READY UP-TO-DATE AVAILABLE AGE table and the scale subresource.
 */
import type { FieldError } from '../../../api/field_errors.js';
import { FieldPath, forbidden, invalid, notSupported, required } from '../../../api/field_errors.js';
import type { KubeObject } from '../../../api/object.js';
import { deepEqual, isPlainObject } from '../../../api/object.js';
import type { PrinterColumn, ResourceDef } from '../resource.js';
import {
  AGE_COLUMN,
  CONTAINERS_COLUMN,
  IMAGES_COLUMN,
  NAME_COLUMN,
  col,
  containerCells,
  objectAge,
  templateContainers,
} from './cells.js';
import { defineResource } from './define.js';
import { goIntOrString, goLabelSelector, invalidGo } from './go_value.js';
import { ensureRec, num, rec, setDefault, specOf } from '../../../api/json_fields.js';
import { defaultPodTemplate } from '../../../api/pod_defaults.js';
import {
  intOrPercentValue,
  selectorOf,
  validateNonnegativeFields,
  validateNotMoreThan100Percent,
  validatePositiveIntOrPercent,
  validateSpecSelector,
  validateTemplateForController,
} from './workload_validation.js';

/** `SetDefaults_Deployment` and the template's pod defaults. */
export function defaultDeployment(obj: KubeObject): void {
  const spec = specOf(obj);
  setDefault(spec, 'replicas', 1);
  const strategy = ensureRec(spec, 'strategy');
  if (!strategy.type) strategy.type = 'RollingUpdate';
  if (strategy.type === 'RollingUpdate') {
    const rolling = ensureRec(strategy, 'rollingUpdate');
    setDefault(rolling, 'maxUnavailable', '25%');
    setDefault(rolling, 'maxSurge', '25%');
  }
  setDefault(spec, 'revisionHistoryLimit', 10);
  setDefault(spec, 'progressDeadlineSeconds', 600);
  defaultPodTemplate(ensureRec(spec, 'template'));
}

function validateStrategy(spec: Record<string, unknown>, path: FieldPath): FieldError[] {
  const strategy = rec(spec.strategy);
  const errs: FieldError[] = [];
  switch (strategy.type) {
    case 'Recreate':
      if (strategy.rollingUpdate !== undefined && strategy.rollingUpdate !== null) {
        errs.push(
          forbidden(path.child('rollingUpdate'), "may not be specified when strategy `type` is 'Recreate'"),
        );
      }
      break;
    case 'RollingUpdate': {
      if (!isPlainObject(strategy.rollingUpdate)) {
        errs.push(required(path.child('rollingUpdate'), 'this should be defaulted and never be nil'));
        break;
      }
      const ru = strategy.rollingUpdate;
      const rp = path.child('rollingUpdate');
      errs.push(...validatePositiveIntOrPercent(ru.maxUnavailable, rp.child('maxUnavailable')));
      errs.push(...validatePositiveIntOrPercent(ru.maxSurge, rp.child('maxSurge')));
      if (intOrPercentValue(ru.maxUnavailable) === 0 && intOrPercentValue(ru.maxSurge) === 0) {
        errs.push(
          invalidGo(
            rp.child('maxUnavailable'),
            goIntOrString(ru.maxUnavailable),
            'may not be 0 when `maxSurge` is 0',
          ),
        );
      }
      errs.push(...validateNotMoreThan100Percent(ru.maxUnavailable, rp.child('maxUnavailable')));
      break;
    }
    default:
      errs.push(notSupported(path, strategy, ['Recreate', 'RollingUpdate']));
  }
  return errs;
}

/** `ValidateDeploymentSpec`. */
export function validateDeployment(obj: KubeObject): FieldError[] {
  const spec = rec(obj.spec);
  const path = FieldPath.root('spec');
  const errs = validateNonnegativeFields(spec, ['replicas'], path);
  const { errs: selErrs, selector } = validateSpecSelector(spec, path, 'deployment');
  errs.push(...selErrs);
  if (selector || !isPlainObject(spec.selector))
    errs.push(...validateTemplateForController(spec, selector ?? selectorOf(null), path, 'ReplicaSet'));
  errs.push(...validateStrategy(spec, path.child('strategy')));
  errs.push(...validateNonnegativeFields(spec, ['minReadySeconds', 'revisionHistoryLimit'], path));
  if (typeof spec.progressDeadlineSeconds === 'number') {
    errs.push(...validateNonnegativeFields(spec, ['progressDeadlineSeconds'], path));
    if (spec.progressDeadlineSeconds <= num(spec.minReadySeconds)) {
      errs.push(
        invalid(
          path.child('progressDeadlineSeconds'),
          spec.progressDeadlineSeconds,
          'must be greater than minReadySeconds',
        ),
      );
    }
  }
  return errs;
}

/** The selector of an apps/v1 workload may not change (`ValidateImmutableField` of `spec.selector`). */
export function validateSelectorImmutable(obj: KubeObject, old: KubeObject): FieldError[] {
  const sel = rec(obj.spec).selector;
  const oldSel = rec(old.spec).selector;
  if (deepEqual(sel, oldSel)) return [];
  return [invalidGo(FieldPath.root('spec', 'selector'), goLabelSelector(sel), 'field is immutable')];
}

/** `ValidateDeploymentStatus` (status subresource). */
export function validateDeploymentStatus(obj: KubeObject): FieldError[] {
  const status = rec(obj.status);
  const path = FieldPath.root('status');
  const errs = validateNonnegativeFields(
    status,
    [
      'observedGeneration',
      'replicas',
      'updatedReplicas',
      'readyReplicas',
      'availableReplicas',
      'unavailableReplicas',
      'collisionCount',
    ],
    path,
  );
  const msg = 'cannot be greater than status.replicas';
  for (const f of ['updatedReplicas', 'readyReplicas', 'availableReplicas']) {
    if (num(status[f]) > num(status.replicas)) errs.push(invalid(path.child(f), num(status[f]), msg));
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

const DEPLOYMENT_COLUMNS: PrinterColumn[] = [
  NAME_COLUMN,
  col('Ready', 'Number of the pod with ready state'),
  col('Up-to-date'),
  col('Available'),
  AGE_COLUMN,
  CONTAINERS_COLUMN,
  IMAGES_COLUMN,
  col('Selector', undefined, true),
];

/** One row of the deployment table. */
export function printDeployment(o: KubeObject, now: Date): unknown[] {
  const spec = rec(o.spec);
  const status = rec(o.status);
  const [names, images] = containerCells(templateContainers(spec));
  const selector = selectorOf(spec.selector);
  return [
    o.metadata.name ?? '',
    `${num(status.readyReplicas)}/${num(spec.replicas)}`,
    num(status.updatedReplicas),
    num(status.availableReplicas),
    objectAge(o, now),
    names,
    images,
    selector ? selector.toString() : '<invalid>',
  ];
}

/** Deployments. */
export function deploymentsResource(): ResourceDef {
  return defineResource({
    group: 'apps',
    version: 'v1',
    kind: 'Deployment',
    plural: 'deployments',
    namespaced: true,
    shortNames: ['deploy'],
    categories: ['all'],
    subresources: ['scale', 'status'],
    tracksGeneration: true,
    scale: {
      specReplicasPath: 'spec.replicas',
      statusReplicasPath: 'status.replicas',
      labelSelectorPath: 'spec.selector',
    },
    table: { columns: DEPLOYMENT_COLUMNS, printRow: printDeployment },
    strategy: {
      defaults: defaultDeployment,
      prepareForCreate(obj) {
        obj.status = {};
      },
      validate: validateDeployment,
      validateUpdate: validateSelectorImmutable,
      validateStatusUpdate: validateDeploymentStatus,
    },
  });
}
