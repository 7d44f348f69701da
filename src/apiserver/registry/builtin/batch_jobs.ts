/**
 * Jobs (batch/v1): the generated selector and `controller-uid`/`job-name` labels, upstream's
 * defaults (completions/parallelism 1, backoffLimit 6, NonIndexed, …), `ValidateJobSpec` (a job
 * restarts `OnFailure` or `Never`), the immutable template, and the
 * NAME STATUS COMPLETIONS DURATION AGE table.
 */
import type { FieldError } from '../../../api/field_errors.js';
import { FieldPath, invalid, notSupported, required } from '../../../api/field_errors.js';
import type { MetaLabelSelector } from '../../../api/label_selector.js';
import { formatLabelSelector, validateLabelSelector } from '../../../api/label_selector.js';
import type { KubeObject } from '../../../api/object.js';
import { isPlainObject } from '../../../api/object.js';
import type { PrinterColumn, ResourceDef } from '../resource.js';
import {
  between,
  AGE_COLUMN,
  CONTAINERS_COLUMN,
  IMAGES_COLUMN,
  NAME_COLUMN,
  col,
  containerCells,
  objectAge,
  since,
  templateContainers,
} from './cells.js';
import { validateSelectorImmutable } from './apps_deployments.js';
import { defineResource } from './define.js';
import { ensureRec, num, rec, recs, setDefault, specOf, str, strMap } from '../../../api/json_fields.js';
import { defaultPodTemplate } from '../../../api/pod_defaults.js';
import { validatePodTemplateSpec } from './pod_spec_validation.js';
import { validateImmutable } from './validate.js';
import {
  selectorMismatch,
  selectorOf,
  templateLabels,
  validateNonnegativeFields,
} from './workload_validation.js';

/** The labels upstream puts on a job's pods and selects them by. */
export const JOB_NAME_LABELS = ['job-name', 'batch.kubernetes.io/job-name'];
/** See `JOB_NAME_LABELS`. */
export const CONTROLLER_UID_LABELS = ['controller-uid', 'batch.kubernetes.io/controller-uid'];
const MAX_PARALLELISM_FOR_INDEXED_JOB = 100000;
const MAX_INT32 = 2147483647;

/** `generateSelector`: the job's name and uid as template labels, the uid as selector. */
export function generateJobSelector(obj: KubeObject): void {
  const spec = specOf(obj);
  if (spec.manualSelector === true) return;
  const meta = ensureRec(ensureRec(spec, 'template'), 'metadata');
  const labels = { ...strMap(meta.labels) };
  for (const l of JOB_NAME_LABELS) if (!(l in labels)) labels[l] = obj.metadata.name ?? '';
  for (const l of CONTROLLER_UID_LABELS) if (!(l in labels)) labels[l] = obj.metadata.uid ?? '';
  meta.labels = labels;
  const selector = ensureRec(spec, 'selector');
  const matchLabels = { ...strMap(selector.matchLabels) };
  if (!('batch.kubernetes.io/controller-uid' in matchLabels))
    matchLabels['batch.kubernetes.io/controller-uid'] = obj.metadata.uid ?? '';
  selector.matchLabels = matchLabels;
}

/** The job-level part of `SetDefaults_Job` (also used for nothing else: cron job templates only get pod defaults). */
export function defaultJobSpec(spec: Record<string, unknown>): void {
  if (
    (spec.completions === undefined || spec.completions === null) &&
    (spec.parallelism === undefined || spec.parallelism === null)
  ) {
    spec.completions = 1;
    spec.parallelism = 1;
  }
  setDefault(spec, 'parallelism', 1);
  if (spec.backoffLimit === undefined || spec.backoffLimit === null) {
    spec.backoffLimit = typeof spec.backoffLimitPerIndex === 'number' ? MAX_INT32 : 6;
  }
  setDefault(spec, 'completionMode', 'NonIndexed');
  setDefault(spec, 'suspend', false);
  if (isPlainObject(spec.podFailurePolicy)) {
    for (const rule of recs(spec.podFailurePolicy.rules))
      for (const c of recs(rule.onPodConditions)) if (!c.status) c.status = 'True';
  }
  if (spec.podReplacementPolicy === undefined || spec.podReplacementPolicy === null) {
    spec.podReplacementPolicy = isPlainObject(spec.podFailurePolicy) ? 'Failed' : 'TerminatingOrFailed';
  }
}

/** `SetDefaults_Job`. */
export function defaultJob(obj: KubeObject): void {
  const spec = specOf(obj);
  defaultJobSpec(spec);
  const labels = rec(rec(spec.template).metadata).labels;
  if (isPlainObject(labels) && Object.keys(obj.metadata.labels ?? {}).length === 0)
    obj.metadata.labels = strMap(labels);
  defaultPodTemplate(ensureRec(spec, 'template'));
}

/** `validateJobSpec`: counts, completion mode, the template and its restart policy. */
export function validateJobSpecFields(specValue: unknown, path: FieldPath): FieldError[] {
  const spec = rec(specValue);
  const errs = validateNonnegativeFields(
    spec,
    ['parallelism', 'completions', 'activeDeadlineSeconds', 'backoffLimit', 'ttlSecondsAfterFinished'],
    path,
  );
  const mode = spec.completionMode;
  if (mode !== undefined && mode !== null) {
    if (mode !== 'NonIndexed' && mode !== 'Indexed')
      errs.push(notSupported(path.child('completionMode'), mode, ['NonIndexed', 'Indexed']));
    if (mode === 'Indexed') {
      if (spec.completions === undefined || spec.completions === null)
        errs.push(required(path.child('completions'), 'when completion mode is Indexed'));
      if (num(spec.parallelism) > MAX_PARALLELISM_FOR_INDEXED_JOB) {
        errs.push(
          invalid(
            path.child('parallelism'),
            num(spec.parallelism),
            `must be less than or equal to ${MAX_PARALLELISM_FOR_INDEXED_JOB} when completion mode is Indexed`,
          ),
        );
      }
    }
  }
  errs.push(...validatePodTemplateSpec(spec.template, path.child('template')));
  const restart = rec(rec(spec.template).spec).restartPolicy;
  const rp = path.child('template', 'spec', 'restartPolicy');
  if (restart === 'Always' || restart === undefined || restart === '')
    errs.push(required(rp, 'valid values: "OnFailure", "Never"'));
  else if (restart !== 'OnFailure' && restart !== 'Never')
    errs.push(notSupported(rp, restart, ['OnFailure', 'Never']));
  else if (isPlainObject(spec.podFailurePolicy) && restart !== 'Never')
    errs.push(invalid(rp, restart, 'only "Never" is supported when podFailurePolicy is specified'));
  return errs;
}

/** `ValidateJob` (without metadata): the spec, a selector matching the template. */
export function validateJob(obj: KubeObject): FieldError[] {
  const spec = rec(obj.spec);
  const path = FieldPath.root('spec');
  const errs = validateJobSpecFields(spec, path);
  if (!isPlainObject(spec.selector)) errs.push(required(path.child('selector')));
  else errs.push(...validateLabelSelector(spec.selector as MetaLabelSelector, path.child('selector')));
  const selector = selectorOf(spec.selector);
  if (selector && !selector.matches(templateLabels(spec))) {
    errs.push(
      selectorMismatch(rec(rec(spec.template).metadata).labels, path.child('template', 'metadata', 'labels')),
    );
  }
  if (spec.completionMode === 'Indexed' && typeof spec.completions === 'number' && spec.completions > 0) {
    const hostname = `${obj.metadata.name ?? ''}-${spec.completions - 1}`;
    if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(hostname) || hostname.length > 63) {
      errs.push(
        invalid(
          FieldPath.root('metadata', 'name'),
          obj.metadata.name ?? '',
          `will not able to create pod with invalid DNS label: ${hostname}`,
        ),
      );
    }
  }
  return errs;
}

/** `ValidateJobSpecUpdate`: the selector, template, completion mode and failure policies are fixed. */
export function validateJobUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  const spec = rec(obj.spec);
  const oldSpec = rec(old.spec);
  const path = FieldPath.root('spec');
  const errs = validateSelectorImmutable(obj, old);
  if (
    spec.completionMode === 'Indexed' &&
    spec.completions !== oldSpec.completions &&
    spec.completions !== spec.parallelism
  ) {
    errs.push(
      invalid(
        path.child('completions'),
        spec.completions ?? null,
        'can only be modified in tandem with spec.parallelism',
      ),
    );
  } else if (spec.completionMode !== 'Indexed') {
    errs.push(...validateImmutable(spec.completions, oldSpec.completions, path.child('completions')));
  }
  const template = structuredClone(rec(spec.template));
  const oldTemplate = structuredClone(rec(oldSpec.template));
  if (oldSpec.suspend === true && rec(old.status).startTime === undefined) {
    const t = rec(template.spec);
    const o = ensureRec(oldTemplate, 'spec');
    for (const f of ['nodeSelector', 'tolerations', 'schedulingGates', 'affinity']) o[f] = t[f];
    ensureRec(oldTemplate, 'metadata').labels = rec(template.metadata).labels;
    ensureRec(oldTemplate, 'metadata').annotations = rec(template.metadata).annotations;
  }
  errs.push(...validateImmutable(template, oldTemplate, path.child('template')));
  for (const f of [
    'completionMode',
    'podFailurePolicy',
    'backoffLimitPerIndex',
    'managedBy',
    'successPolicy',
    'podReplacementPolicy',
  ]) {
    errs.push(...validateImmutable(spec[f], oldSpec[f], path.child(f)));
  }
  return errs;
}

/** `hasJobCondition`: the first condition of that type is true. */
function hasCondition(status: Record<string, unknown>, type: string): boolean {
  const c = recs(status.conditions).find((x) => x.type === type);
  return c?.status === 'True';
}

const JOB_COLUMNS: PrinterColumn[] = [
  NAME_COLUMN,
  col('Status', 'Status of the job.'),
  col('Completions'),
  col('Duration', 'Time required to complete the job.'),
  AGE_COLUMN,
  CONTAINERS_COLUMN,
  IMAGES_COLUMN,
  col('Selector', undefined, true),
];

/** One row of the job table. */
export function printJob(o: KubeObject, now: Date): unknown[] {
  const spec = rec(o.spec);
  const status = rec(o.status);
  const succeeded = num(status.succeeded);
  let completions: string;
  if (typeof spec.completions === 'number') completions = `${succeeded}/${spec.completions}`;
  else
    completions = num(spec.parallelism) > 1 ? `${succeeded}/1 of ${num(spec.parallelism)}` : `${succeeded}/1`;
  const start = str(status.startTime);
  const done = str(status.completionTime);
  const duration = start === '' ? '' : done === '' ? since(start, now) : between(start, done);
  let state = 'Running';
  if (hasCondition(status, 'Complete')) state = 'Complete';
  else if (hasCondition(status, 'Failed')) state = 'Failed';
  else if (o.metadata.deletionTimestamp) state = 'Terminating';
  else if (hasCondition(status, 'Suspended')) state = 'Suspended';
  else if (hasCondition(status, 'FailureTarget')) state = 'FailureTarget';
  const [names, images] = containerCells(templateContainers(spec));
  const selector = isPlainObject(spec.selector) ? (spec.selector as MetaLabelSelector) : null;
  return [
    o.metadata.name ?? '',
    state,
    completions,
    duration,
    objectAge(o, now),
    names,
    images,
    formatLabelSelector(selector),
  ];
}

/** Jobs. */
export function jobsResource(): ResourceDef {
  return defineResource({
    group: 'batch',
    version: 'v1',
    kind: 'Job',
    plural: 'jobs',
    namespaced: true,
    categories: ['all'],
    subresources: ['status'],
    tracksGeneration: true,
    fieldSelectors: { 'status.successful': (o) => String(num(rec(o.status).succeeded)) },
    table: { columns: JOB_COLUMNS, printRow: printJob },
    strategy: {
      defaults: defaultJob,
      prepareForCreate(obj) {
        generateJobSelector(obj);
        obj.status = {};
      },
      validate: validateJob,
      validateUpdate: validateJobUpdate,
    },
  });
}
