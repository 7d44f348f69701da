/**
 * CronJobs (batch/v1): defaults (Allow, not suspended, 3 successful and 1 failed job kept),
 * schedule and time-zone validation as upstream (robfig/cron), the 52-character name limit,
 * and the NAME SCHEDULE TIMEZONE SUSPEND ACTIVE LAST SCHEDULE AGE table.
 */
import type { FieldError } from '../../../api/field_errors.js';
import { FieldPath, invalid, notSupported, required } from '../../../api/field_errors.js';
import type { MetaLabelSelector } from '../../../api/label_selector.js';
import { formatLabelSelector } from '../../../api/label_selector.js';
import type { KubeObject } from '../../../api/object.js';
import { isPlainObject } from '../../../api/object.js';
import type { PrinterColumn, ResourceDef } from '../resource.js';
import { validateJobSpecFields } from './batch_jobs.js';
import {
  AGE_COLUMN,
  CONTAINERS_COLUMN,
  IMAGES_COLUMN,
  NAME_COLUMN,
  boolCol,
  col,
  containerCells,
  intCol,
  objectAge,
  since,
} from './cells.js';
import { cronScheduleError, isKnownTimeZone } from './cron_schedule.js';
import { defineResource } from './define.js';
import { goLabelSelector, invalidGo } from './go_value.js';
import { arr, ensureRec, rec, setDefault, specOf, str } from '../../../api/json_fields.js';
import { defaultPodTemplate } from '../../../api/pod_defaults.js';
import { validateNonnegativeFields } from './workload_validation.js';

const CONCURRENCY_POLICIES = ['Allow', 'Forbid', 'Replace'];
const TIME_ZONE_PART = /^[A-Za-z.\-_0-9+]{1,14}$/;

/** `SetDefaults_CronJob`, and pod defaults for the job template's pods. */
export function defaultCronJob(obj: KubeObject): void {
  const spec = specOf(obj);
  if (!spec.concurrencyPolicy) spec.concurrencyPolicy = 'Allow';
  setDefault(spec, 'suspend', false);
  setDefault(spec, 'successfulJobsHistoryLimit', 3);
  setDefault(spec, 'failedJobsHistoryLimit', 1);
  const jobSpec = ensureRec(ensureRec(spec, 'jobTemplate'), 'spec');
  defaultPodTemplate(ensureRec(jobSpec, 'template'));
}

/** `validateTimeZone`. */
function validateTimeZone(tz: unknown, path: FieldPath): FieldError[] {
  if (tz === undefined || tz === null) return [];
  const zone = str(tz);
  if (zone === '') return [invalid(path, zone, 'unknown time zone')];
  for (const part of zone.split('/')) {
    if (part === '.' || part === '..' || part.startsWith('-') || !TIME_ZONE_PART.test(part)) {
      return [invalid(path, zone, `unknown time zone ${zone}`)];
    }
  }
  const errs: FieldError[] = [];
  if (zone.toLowerCase() === 'local') {
    errs.push(
      invalid(
        path,
        zone,
        'timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones',
      ),
    );
  } else if (!isKnownTimeZone(zone)) {
    errs.push(invalid(path, zone, `unknown time zone ${zone}`));
  }
  return errs;
}

/** `validateCronJobSpec` (`old` given on update). */
export function validateCronJobSpec(obj: KubeObject, old?: KubeObject): FieldError[] {
  const spec = rec(obj.spec);
  const oldSpec = old ? rec(old.spec) : undefined;
  const path = FieldPath.root('spec');
  const errs: FieldError[] = [];
  const schedule = str(spec.schedule);
  const sp = path.child('schedule');
  if (schedule === '') errs.push(required(sp));
  else {
    const problem = cronScheduleError(schedule);
    if (problem) errs.push(invalid(sp, schedule, problem));
    const allowTZ = oldSpec ? str(oldSpec.schedule).includes('TZ') : false;
    if (allowTZ && schedule.includes('TZ') && spec.timeZone !== undefined && spec.timeZone !== null) {
      errs.push(invalid(sp, schedule, 'cannot use both timeZone field and TZ or CRON_TZ in schedule'));
    } else if (!allowTZ && schedule.includes('TZ')) {
      errs.push(invalid(sp, schedule, 'cannot use TZ or CRON_TZ in schedule, use timeZone field instead'));
    }
  }
  errs.push(...validateNonnegativeFields(spec, ['startingDeadlineSeconds'], path));
  if (!oldSpec || oldSpec.timeZone !== spec.timeZone)
    errs.push(...validateTimeZone(spec.timeZone, path.child('timeZone')));
  const policy = spec.concurrencyPolicy;
  if (policy === undefined || policy === null || policy === '')
    errs.push(required(path.child('concurrencyPolicy')));
  else if (!CONCURRENCY_POLICIES.includes(str(policy)))
    errs.push(notSupported(path.child('concurrencyPolicy'), policy, CONCURRENCY_POLICIES));
  const jobSpec = rec(rec(spec.jobTemplate).spec);
  const jp = path.child('jobTemplate', 'spec');
  errs.push(...validateJobSpecFields(jobSpec, jp));
  if (isPlainObject(jobSpec.selector))
    errs.push(
      invalidGo(
        jp.child('selector'),
        `&${goLabelSelector(jobSpec.selector)}`,
        '`selector` will be auto-generated',
      ),
    );
  if (jobSpec.manualSelector === true)
    errs.push(notSupported(jp.child('manualSelector'), true, ['nil', 'false']));
  errs.push(
    ...validateNonnegativeFields(spec, ['successfulJobsHistoryLimit', 'failedJobsHistoryLimit'], path),
  );
  return errs;
}

const CRONJOB_COLUMNS: PrinterColumn[] = [
  NAME_COLUMN,
  col('Schedule'),
  col('Timezone'),
  boolCol('Suspend'),
  intCol('Active'),
  col('Last Schedule'),
  AGE_COLUMN,
  CONTAINERS_COLUMN,
  IMAGES_COLUMN,
  col('Selector', undefined, true),
];

/** `printBoolPtr`: `True`, `False` or `<unset>`. */
function boolPtr(v: unknown): string {
  if (typeof v !== 'boolean') return '<unset>';
  return v ? 'True' : 'False';
}

/** One row of the cron-job table. */
export function printCronJob(o: KubeObject, now: Date): unknown[] {
  const spec = rec(o.spec);
  const status = rec(o.status);
  const jobSpec = rec(rec(spec.jobTemplate).spec);
  const [names, images] = containerCells(rec(rec(jobSpec.template).spec).containers);
  const last = str(status.lastScheduleTime);
  const selector = isPlainObject(jobSpec.selector) ? (jobSpec.selector as MetaLabelSelector) : null;
  return [
    o.metadata.name ?? '',
    str(spec.schedule),
    typeof spec.timeZone === 'string' ? spec.timeZone : '<none>',
    boolPtr(spec.suspend),
    arr(status.active).length,
    last === '' ? '<none>' : since(last, now),
    objectAge(o, now),
    names,
    images,
    formatLabelSelector(selector),
  ];
}

/** CronJobs. */
export function cronJobsResource(): ResourceDef {
  return defineResource({
    group: 'batch',
    version: 'v1',
    kind: 'CronJob',
    plural: 'cronjobs',
    namespaced: true,
    shortNames: ['cj'],
    categories: ['all'],
    subresources: ['status'],
    tracksGeneration: true,
    table: { columns: CRONJOB_COLUMNS, printRow: printCronJob },
    strategy: {
      defaults: defaultCronJob,
      prepareForCreate(obj) {
        obj.status = {};
      },
      validate(obj) {
        const errs = validateCronJobSpec(obj);
        const name = obj.metadata.name ?? '';
        if (name.length > 52)
          errs.push(invalid(FieldPath.root('metadata', 'name'), name, 'must be no more than 52 characters'));
        return errs;
      },
    },
  });
}
