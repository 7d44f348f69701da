/**
 * DaemonSets (apps/v1): defaults (RollingUpdate with maxUnavailable 1 and maxSurge 0, 10
 * revisions), the `deprecated.daemonset.template.generation` annotation upstream keeps in step
 * with template changes, `ValidateDaemonSetSpec` and the DESIRED CURRENT READY … table.
 */
import type { FieldError } from '../../../api/field_errors.js';
import { FieldPath, forbidden, notSupported, required } from '../../../api/field_errors.js';
import type { MetaLabelSelector } from '../../../api/label_selector.js';
import { formatLabelSelector, validateLabelSelector } from '../../../api/label_selector.js';
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
  formatLabels,
  intCol,
  objectAge,
  templateContainers,
} from './cells.js';
import { validateSelectorImmutable } from './apps_deployments.js';
import { defineResource } from './define.js';
import { goIntOrString, goLabelSelector, invalidGo } from './go_value.js';
import { ensureRec, num, rec, recs, setDefault, specOf } from '../../../api/json_fields.js';
import { defaultPodTemplate } from '../../../api/pod_defaults.js';
import { validatePodTemplateSpec } from './pod_spec_validation.js';
import {
  intOrPercentValue,
  selectorMismatch,
  selectorOf,
  templateLabels,
  validateNonnegativeFields,
  validateNotMoreThan100Percent,
  validatePositiveIntOrPercent,
} from './workload_validation.js';

/** The annotation apps/v1 carries the internal `templateGeneration` in. */
export const TEMPLATE_GENERATION_ANNOTATION = 'deprecated.daemonset.template.generation';

/** `SetDefaults_DaemonSet` and the template's pod defaults. */
export function defaultDaemonSet(obj: KubeObject): void {
  const spec = specOf(obj);
  const strategy = ensureRec(spec, 'updateStrategy');
  if (!strategy.type) strategy.type = 'RollingUpdate';
  if (strategy.type === 'RollingUpdate') {
    const ru = ensureRec(strategy, 'rollingUpdate');
    setDefault(ru, 'maxUnavailable', 1);
    setDefault(ru, 'maxSurge', 0);
  }
  setDefault(spec, 'revisionHistoryLimit', 10);
  defaultPodTemplate(ensureRec(spec, 'template'));
}

function validateUpdateStrategy(spec: Record<string, unknown>, path: FieldPath): FieldError[] {
  const strategy = rec(spec.updateStrategy);
  if (strategy.type === 'OnDelete') return [];
  if (strategy.type !== 'RollingUpdate') return [notSupported(path, strategy, ['RollingUpdate', 'OnDelete'])];
  if (!isPlainObject(strategy.rollingUpdate)) return [required(path.child('rollingUpdate'))];
  const ru = strategy.rollingUpdate;
  const rp = path.child('rollingUpdate');
  const errs = [
    ...validatePositiveIntOrPercent(ru.maxUnavailable, rp.child('maxUnavailable')),
    ...validatePositiveIntOrPercent(ru.maxSurge, rp.child('maxSurge')),
    ...validateNotMoreThan100Percent(ru.maxUnavailable, rp.child('maxUnavailable')),
    ...validateNotMoreThan100Percent(ru.maxSurge, rp.child('maxSurge')),
  ];
  const hasUnavailable = intOrPercentValue(ru.maxUnavailable) !== 0;
  const hasSurge = intOrPercentValue(ru.maxSurge) !== 0;
  if (hasUnavailable && hasSurge)
    errs.push(
      invalidGo(
        rp.child('maxSurge'),
        goIntOrString(ru.maxSurge),
        'may not be set when maxUnavailable is non-zero',
      ),
    );
  if (!hasUnavailable && !hasSurge)
    errs.push(required(rp.child('maxUnavailable'), 'cannot be 0 when maxSurge is 0'));
  return errs;
}

/** `ValidateDaemonSetSpec`. */
export function validateDaemonSet(obj: KubeObject): FieldError[] {
  const spec = rec(obj.spec);
  const path = FieldPath.root('spec');
  const errs: FieldError[] = [];
  if (isPlainObject(spec.selector))
    errs.push(...validateLabelSelector(spec.selector as MetaLabelSelector, path.child('selector')));
  const selector = selectorOf(spec.selector);
  if (selector && !selector.matches(templateLabels(spec))) {
    errs.push(
      selectorMismatch(rec(rec(spec.template).metadata).labels, path.child('template', 'metadata', 'labels')),
    );
  }
  if (
    isPlainObject(spec.selector) &&
    Object.keys(rec(spec.selector.matchLabels)).length + recs(spec.selector.matchExpressions).length === 0
  ) {
    errs.push(
      invalidGo(
        path.child('selector'),
        goLabelSelector(spec.selector),
        'empty selector is invalid for daemonset',
      ),
    );
  }
  errs.push(...validatePodTemplateSpec(spec.template, path.child('template')));
  const podSpec = rec(rec(spec.template).spec);
  if (podSpec.restartPolicy !== 'Always')
    errs.push(
      notSupported(path.child('template', 'spec', 'restartPolicy'), podSpec.restartPolicy ?? '', ['Always']),
    );
  if (podSpec.activeDeadlineSeconds !== undefined && podSpec.activeDeadlineSeconds !== null) {
    errs.push(
      forbidden(
        path.child('template', 'spec', 'activeDeadlineSeconds'),
        'activeDeadlineSeconds in DaemonSet is not Supported',
      ),
    );
  }
  errs.push(...validateNonnegativeFields(spec, ['minReadySeconds'], path));
  errs.push(...validateUpdateStrategy(spec, path.child('updateStrategy')));
  errs.push(...validateNonnegativeFields(spec, ['revisionHistoryLimit'], path));
  return errs;
}

const templateGeneration = (o: KubeObject) =>
  Number.parseInt(o.metadata.annotations?.[TEMPLATE_GENERATION_ANNOTATION] ?? '0', 10) || 0;

const DAEMONSET_COLUMNS: PrinterColumn[] = [
  NAME_COLUMN,
  intCol('Desired'),
  intCol('Current'),
  intCol('Ready'),
  intCol('Up-to-date'),
  intCol('Available'),
  col('Node Selector'),
  AGE_COLUMN,
  CONTAINERS_COLUMN,
  IMAGES_COLUMN,
  col('Selector', undefined, true),
];

/** DaemonSets. */
export function daemonSetsResource(): ResourceDef {
  return defineResource({
    group: 'apps',
    version: 'v1',
    kind: 'DaemonSet',
    plural: 'daemonsets',
    namespaced: true,
    shortNames: ['ds'],
    categories: ['all'],
    subresources: ['status'],
    tracksGeneration: true,
    table: {
      columns: DAEMONSET_COLUMNS,
      printRow(o, now) {
        const spec = rec(o.spec);
        const s = rec(o.status);
        const [names, images] = containerCells(templateContainers(spec));
        const selector = isPlainObject(spec.selector) ? (spec.selector as MetaLabelSelector) : null;
        return [
          o.metadata.name ?? '',
          num(s.desiredNumberScheduled),
          num(s.currentNumberScheduled),
          num(s.numberReady),
          num(s.updatedNumberScheduled),
          num(s.numberAvailable),
          formatLabels(rec(rec(spec.template).spec).nodeSelector),
          objectAge(o, now),
          names,
          images,
          formatLabelSelector(selector),
        ];
      },
    },
    strategy: {
      defaults: defaultDaemonSet,
      prepareForCreate(obj) {
        obj.status = {
          currentNumberScheduled: 0,
          numberMisscheduled: 0,
          desiredNumberScheduled: 0,
          numberReady: 0,
        };
        if (templateGeneration(obj) < 1)
          obj.metadata.annotations = { ...obj.metadata.annotations, [TEMPLATE_GENERATION_ANNOTATION]: '1' };
      },
      prepareForUpdate(obj, old) {
        let generation = templateGeneration(obj) || templateGeneration(old);
        if (!deepEqual(rec(obj.spec).template, rec(old.spec).template))
          generation = templateGeneration(old) + 1;
        obj.metadata.annotations = {
          ...obj.metadata.annotations,
          [TEMPLATE_GENERATION_ANNOTATION]: String(generation),
        };
      },
      validate: validateDaemonSet,
      validateUpdate: validateSelectorImmutable,
    },
  });
}
