/**
 * StatefulSets (apps/v1): defaults (OrderedReady, RollingUpdate with partition 0, Retain PVC
 * policy, 1 replica, 10 revisions, claim templates `Filesystem`/`Pending`),
 * `ValidateStatefulSetSpec`/`ValidateStatefulSetUpdate`, NAME READY AGE and scale.
 */
import type { FieldError } from '../../../api/field_errors.js';
import { FieldPath, forbidden, invalid, notSupported, required } from '../../../api/field_errors.js';
import type { KubeObject } from '../../../api/object.js';
import { deepEqual, isPlainObject } from '../../../api/object.js';
import type { ResourceDef } from '../resource.js';
import { validateAnnotations, validateLabels } from '../../../api/object_meta_validation.js';
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
import { goLabelSelector, invalidGo } from './go_value.js';
import { ensureRec, num, rec, recs, setDefault, specOf } from '../../../api/json_fields.js';
import { defaultPodTemplate } from '../../../api/pod_defaults.js';
import { validateNonnegative } from './validate.js';
import {
  intOrPercentValue,
  selectorMismatch,
  selectorOf,
  templateLabels,
  validateNonnegativeFields,
  validateNotMoreThan100Percent,
  validatePositiveIntOrPercent,
} from './workload_validation.js';
import { validateLabelSelector } from '../../../api/label_selector.js';
import type { MetaLabelSelector } from '../../../api/label_selector.js';

/** `SetDefaults_StatefulSet`, plus the template's pod defaults and the claim templates' defaults. */
export function defaultStatefulSet(obj: KubeObject): void {
  const spec = specOf(obj);
  if (!spec.podManagementPolicy) spec.podManagementPolicy = 'OrderedReady';
  const strategy = ensureRec(spec, 'updateStrategy');
  if (!strategy.type) {
    strategy.type = 'RollingUpdate';
    ensureRec(strategy, 'rollingUpdate');
  }
  if (strategy.type === 'RollingUpdate' && isPlainObject(strategy.rollingUpdate))
    setDefault(strategy.rollingUpdate, 'partition', 0);
  const retention = ensureRec(spec, 'persistentVolumeClaimRetentionPolicy');
  if (!retention.whenDeleted) retention.whenDeleted = 'Retain';
  if (!retention.whenScaled) retention.whenScaled = 'Retain';
  setDefault(spec, 'replicas', 1);
  setDefault(spec, 'revisionHistoryLimit', 10);
  defaultPodTemplate(ensureRec(spec, 'template'));
  for (const claim of recs(spec.volumeClaimTemplates)) {
    setDefault(ensureRec(claim, 'spec'), 'volumeMode', 'Filesystem');
    const status = ensureRec(claim, 'status');
    if (!status.phase) status.phase = 'Pending';
  }
}

/** `ValidateStatefulSetSpec`. */
export function validateStatefulSet(obj: KubeObject): FieldError[] {
  const spec = rec(obj.spec);
  const path = FieldPath.root('spec');
  const errs: FieldError[] = [];
  const policy = spec.podManagementPolicy;
  if (!policy) errs.push(required(path.child('podManagementPolicy')));
  else if (policy !== 'OrderedReady' && policy !== 'Parallel') {
    errs.push(invalid(path.child('podManagementPolicy'), policy, "must be 'OrderedReady' or 'Parallel'"));
  }
  const strategy = rec(spec.updateStrategy);
  const sp = path.child('updateStrategy');
  switch (strategy.type) {
    case undefined:
    case '':
      errs.push(required(sp));
      break;
    case 'OnDelete':
      if (strategy.rollingUpdate !== undefined && strategy.rollingUpdate !== null) {
        errs.push(
          invalid(
            sp.child('rollingUpdate'),
            strategy.rollingUpdate,
            "only allowed for updateStrategy 'RollingUpdate'",
          ),
        );
      }
      break;
    case 'RollingUpdate':
      if (isPlainObject(strategy.rollingUpdate)) {
        const ru = strategy.rollingUpdate;
        const rp = sp.child('rollingUpdate');
        errs.push(...validateNonnegativeFields(ru, ['partition'], rp));
        if (ru.maxUnavailable !== undefined && ru.maxUnavailable !== null) {
          errs.push(...validatePositiveIntOrPercent(ru.maxUnavailable, rp.child('maxUnavailable')));
          if (intOrPercentValue(ru.maxUnavailable) === 0)
            errs.push(invalid(rp.child('maxUnavailable'), ru.maxUnavailable, 'cannot be 0'));
          errs.push(...validateNotMoreThan100Percent(ru.maxUnavailable, rp.child('maxUnavailable')));
        }
      }
      break;
    default:
      errs.push(invalid(sp, strategy, "must be 'RollingUpdate' or 'OnDelete'"));
  }
  const retention = rec(spec.persistentVolumeClaimRetentionPolicy);
  for (const f of ['whenDeleted', 'whenScaled']) {
    if (
      isPlainObject(spec.persistentVolumeClaimRetentionPolicy) &&
      retention[f] !== 'Retain' &&
      retention[f] !== 'Delete'
    ) {
      errs.push(
        notSupported(path.child('persistentVolumeClaimRetentionPolicy', f), retention[f] ?? '', [
          'Retain',
          'Delete',
        ]),
      );
    }
  }
  errs.push(...validateNonnegativeFields(spec, ['replicas', 'minReadySeconds'], path));
  if (isPlainObject(spec.ordinals))
    errs.push(...validateNonnegative(spec.ordinals.start, path.child('ordinals.start')));
  const selPath = path.child('selector');
  if (!isPlainObject(spec.selector)) errs.push(required(selPath));
  else {
    errs.push(...validateLabelSelector(spec.selector as MetaLabelSelector, selPath));
    if (
      Object.keys(rec(spec.selector.matchLabels)).length + recs(spec.selector.matchExpressions).length ===
      0
    ) {
      errs.push(
        invalidGo(selPath, goLabelSelector(spec.selector), 'empty selector is invalid for statefulset'),
      );
    }
  }
  const selector = selectorOf(spec.selector);
  const templatePath = path.child('template');
  if (!selector) errs.push(invalidGo(selPath, goLabelSelector(spec.selector), ''));
  else {
    const meta = rec(rec(spec.template).metadata);
    if (!selector.isEmpty() && !selector.matches(templateLabels(spec)))
      errs.push(selectorMismatch(meta.labels, templatePath.child('metadata', 'labels')));
    errs.push(...validateLabels(rec(meta.labels) as Record<string, string>, templatePath.child('labels')));
    errs.push(
      ...validateAnnotations(
        rec(meta.annotations) as Record<string, string>,
        templatePath.child('annotations'),
      ),
    );
  }
  const podSpec = rec(rec(spec.template).spec);
  if (podSpec.restartPolicy !== 'Always')
    errs.push(
      notSupported(templatePath.child('spec', 'restartPolicy'), podSpec.restartPolicy ?? '', ['Always']),
    );
  if (podSpec.activeDeadlineSeconds !== undefined && podSpec.activeDeadlineSeconds !== null) {
    errs.push(
      forbidden(
        templatePath.child('spec', 'activeDeadlineSeconds'),
        'activeDeadlineSeconds in StatefulSet is not Supported',
      ),
    );
  }
  return errs;
}

const UPDATABLE = [
  'replicas',
  'ordinals',
  'template',
  'updateStrategy',
  'persistentVolumeClaimRetentionPolicy',
  'minReadySeconds',
];

/** `ValidateStatefulSetUpdate`: only replicas, ordinals, template, strategy, PVC policy and minReadySeconds change. */
export function validateStatefulSetUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  const spec = { ...rec(obj.spec) };
  const oldSpec = { ...rec(old.spec) };
  for (const f of UPDATABLE) {
    delete spec[f];
    delete oldSpec[f];
  }
  if (deepEqual(spec, oldSpec)) return [];
  return [
    forbidden(
      'spec',
      "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
    ),
  ];
}

/** StatefulSets. */
export function statefulSetsResource(): ResourceDef {
  return defineResource({
    group: 'apps',
    version: 'v1',
    kind: 'StatefulSet',
    plural: 'statefulsets',
    namespaced: true,
    shortNames: ['sts'],
    categories: ['all'],
    subresources: ['scale', 'status'],
    tracksGeneration: true,
    scale: {
      specReplicasPath: 'spec.replicas',
      statusReplicasPath: 'status.replicas',
      labelSelectorPath: 'spec.selector',
    },
    table: {
      columns: [
        NAME_COLUMN,
        col('Ready', 'Number of the pod with ready state'),
        AGE_COLUMN,
        CONTAINERS_COLUMN,
        IMAGES_COLUMN,
      ],
      printRow(o, now) {
        const spec = rec(o.spec);
        const [names, images] = containerCells(templateContainers(spec));
        return [
          o.metadata.name ?? '',
          `${num(rec(o.status).readyReplicas)}/${num(spec.replicas)}`,
          objectAge(o, now),
          names,
          images,
        ];
      },
    },
    strategy: {
      defaults: defaultStatefulSet,
      prepareForCreate(obj) {
        obj.status = { replicas: 0, availableReplicas: 0 };
      },
      validate: validateStatefulSet,
      validateUpdate: validateStatefulSetUpdate,
    },
  });
}
