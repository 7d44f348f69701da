/**
 * batch/v1 definitions: Job (with pod failure and success policies) and CronJob.
 */
import type { Definitions } from './dsl.js';
import {
  atomic,
  bool,
  enumOf,
  int32,
  int64,
  kind,
  list,
  listOf,
  META,
  objectMeta,
  patch,
  ref,
  set,
  str,
  strings,
  struct,
  time,
} from './dsl.js';

const batch = (name: string) => `io.k8s.api.batch.v1.${name}`;
const gvk = (k: string) => ({ group: 'batch', version: 'v1', kind: k });

/** The batch/v1 definitions. */
export const BATCH_V1: Definitions = {
  [batch('Job')]: kind(gvk('Job'), 'Pods run until a number of them succeed.', {
    spec: ref(batch('JobSpec'), 'The desired behaviour.'),
    status: ref(batch('JobStatus'), 'The observed state.'),
  }),
  [batch('JobSpec')]: struct(
    'The desired behaviour of a job.',
    {
      activeDeadlineSeconds: int64('Seconds the job may be active before it is failed.'),
      backoffLimit: int32('Retries before the job is failed; 6 by default.'),
      backoffLimitPerIndex: int32('Retries of each index of an Indexed job.'),
      completionMode: enumOf(['Indexed', 'NonIndexed'], 'Whether each pod gets an index.'),
      completions: int32('Successful pods needed.'),
      managedBy: str('The controller that manages the job.'),
      manualSelector: bool('Whether the selector is set by hand.'),
      maxFailedIndexes: int32('Failed indexes tolerated before the job is failed.'),
      parallelism: int32('Pods run at once.'),
      podFailurePolicy: ref(batch('PodFailurePolicy'), 'How pod failures count.'),
      podReplacementPolicy: enumOf(['Failed', 'TerminatingOrFailed'], 'When failed pods are replaced.'),
      selector: ref(`${META}.LabelSelector`, 'Labels of the pods of the job.'),
      successPolicy: ref(batch('SuccessPolicy'), 'When the job counts as succeeded early.'),
      suspend: bool('Whether the job is suspended.'),
      template: ref('io.k8s.api.core.v1.PodTemplateSpec', 'The pods the job makes.'),
      ttlSecondsAfterFinished: int32('Seconds after finishing before the job is deleted.'),
    },
    ['template'],
  ),
  [batch('PodFailurePolicy')]: struct(
    'How pod failures of a job count.',
    { rules: listOf(batch('PodFailurePolicyRule'), 'Rules, the first match applying.', atomic) },
    ['rules'],
  ),
  [batch('PodFailurePolicyRule')]: struct(
    'A rule on pod failures.',
    {
      action: enumOf(['Count', 'FailIndex', 'FailJob', 'Ignore'], 'What a matching failure does.'),
      onExitCodes: ref(batch('PodFailurePolicyOnExitCodesRequirement'), 'Exit codes matched.'),
      onPodConditions: listOf(
        batch('PodFailurePolicyOnPodConditionsPattern'),
        'Pod conditions matched.',
        atomic,
      ),
    },
    ['action'],
  ),
  [batch('PodFailurePolicyOnExitCodesRequirement')]: struct(
    'Exit codes a pod failure rule matches.',
    {
      containerName: str('The container; all containers by default.'),
      operator: enumOf(['In', 'NotIn'], 'How exit codes and values relate.'),
      values: list({ type: 'integer', format: 'int32', default: 0 }, 'The exit codes.', set),
    },
    ['operator', 'values'],
  ),
  [batch('PodFailurePolicyOnPodConditionsPattern')]: struct(
    'A pod condition a pod failure rule matches.',
    {
      status: str('The condition status; True by default.'),
      type: str('The condition type.'),
    },
    ['type'],
  ),
  [batch('SuccessPolicy')]: struct(
    'When a job counts as succeeded.',
    { rules: listOf(batch('SuccessPolicyRule'), 'Rules, any of which suffices.', atomic) },
    ['rules'],
  ),
  [batch('SuccessPolicyRule')]: struct('A rule for success of an Indexed job.', {
    succeededCount: int32('Indexes that must succeed.'),
    succeededIndexes: str('Indexes that must succeed, as ranges (1,3-5).'),
  }),
  [batch('JobStatus')]: struct('The observed state of a job.', {
    active: int32('Pods running.'),
    completedIndexes: str('Indexes completed, as ranges.'),
    completionTime: time('When the job completed.'),
    conditions: listOf(batch('JobCondition'), 'The current conditions.', patch('type'), atomic),
    failed: int32('Pods failed.'),
    failedIndexes: str('Indexes failed, as ranges.'),
    ready: int32('Pods ready.'),
    startTime: time('When the job started.'),
    succeeded: int32('Pods succeeded.'),
    terminating: int32('Pods terminating.'),
    uncountedTerminatedPods: ref(batch('UncountedTerminatedPods'), 'Finished pods not yet counted.'),
  }),
  [batch('JobCondition')]: struct(
    'One condition of a job.',
    {
      lastProbeTime: time('When the condition was last checked.'),
      lastTransitionTime: time('When the condition last changed status.'),
      message: str('Details of the last transition.'),
      reason: str('Why the condition last changed.'),
      status: str('True, False or Unknown.'),
      type: str('Complete, Failed, Suspended, …'),
    },
    ['type', 'status'],
  ),
  [batch('UncountedTerminatedPods')]: struct('UIDs of finished pods not yet counted.', {
    failed: strings('Failed pods.', set),
    succeeded: strings('Succeeded pods.', set),
  }),
  [batch('CronJob')]: kind(gvk('CronJob'), 'A job run on a schedule.', {
    spec: ref(batch('CronJobSpec'), 'The schedule and the job.'),
    status: ref(batch('CronJobStatus'), 'The observed state.'),
  }),
  [batch('CronJobSpec')]: struct(
    'The schedule of a cron job and the job it runs.',
    {
      concurrencyPolicy: enumOf(['Allow', 'Forbid', 'Replace'], 'What to do when runs overlap.'),
      failedJobsHistoryLimit: int32('Failed jobs to keep; 1 by default.'),
      jobTemplate: ref(batch('JobTemplateSpec'), 'The job to run.'),
      schedule: str('The schedule, in cron format.'),
      startingDeadlineSeconds: int64('Seconds a missed run may still start late.'),
      successfulJobsHistoryLimit: int32('Successful jobs to keep; 3 by default.'),
      suspend: bool('Whether runs are suspended.'),
      timeZone: str('The time zone of the schedule.'),
    },
    ['schedule', 'jobTemplate'],
  ),
  [batch('JobTemplateSpec')]: struct('What jobs made from a template look like.', {
    metadata: objectMeta('Metadata of the jobs.'),
    spec: ref(batch('JobSpec'), 'The spec of the jobs.'),
  }),
  [batch('CronJobStatus')]: struct('The observed state of a cron job.', {
    active: listOf('io.k8s.api.core.v1.ObjectReference', 'Jobs running.', atomic),
    lastScheduleTime: time('When a job was last scheduled.'),
    lastSuccessfulTime: time('When a job last succeeded.'),
  }),
};
