import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fieldErrorText } from '../../../api/field_errors.js';
import type { KubeObject } from '../../../api/object.js';
import { cronJobsResource } from './batch_cronjobs.js';
import { jobsResource } from './batch_jobs.js';
import { cronScheduleError } from './cron_schedule.js';

const ctx = { user: 'admin' };
const now = new Date('2024-05-01T12:00:00Z');
const podTemplate = (restartPolicy?: string) => ({
  spec: { ...(restartPolicy ? { restartPolicy } : {}), containers: [{ name: 'pi', image: 'perl:5.34' }] },
});

function job(spec: Record<string, unknown>): KubeObject {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'pi', namespace: 'default', uid: 'u-1', creationTimestamp: '2024-05-01T11:50:00Z' },
    spec,
  };
}

describe('jobs', () => {
  const def = jobsResource();
  const create = (spec: Record<string, unknown>) => {
    const obj = job(structuredClone(spec));
    def.strategy.prepareForCreate?.(obj, ctx);
    def.strategy.defaults?.(obj);
    return obj;
  };

  it('generates the selector and pod labels from name and uid, and defaults the spec', () => {
    const obj = create({ template: podTemplate('Never') });
    const spec = obj.spec as Record<string, unknown>;
    assert.deepEqual(spec.selector, { matchLabels: { 'batch.kubernetes.io/controller-uid': 'u-1' } });
    assert.deepEqual((spec.template as { metadata: unknown }).metadata, {
      labels: {
        'job-name': 'pi',
        'batch.kubernetes.io/job-name': 'pi',
        'controller-uid': 'u-1',
        'batch.kubernetes.io/controller-uid': 'u-1',
      },
    });
    assert.deepEqual(
      [
        spec.completions,
        spec.parallelism,
        spec.backoffLimit,
        spec.completionMode,
        spec.suspend,
        spec.podReplacementPolicy,
      ],
      [1, 1, 6, 'NonIndexed', false, 'TerminatingOrFailed'],
    );
    assert.deepEqual(def.strategy.validate?.(obj), []);
  });

  it('requires OnFailure or Never', () => {
    assert.deepEqual(
      (def.strategy.validate?.(create({ template: podTemplate() })) ?? []).map(fieldErrorText),
      ['spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"'],
    );
  });

  it('keeps the template immutable', () => {
    const old = create({ template: podTemplate('Never') });
    const next = structuredClone(old);
    (
      next.spec as { template: { spec: { containers: Array<{ image: string }> } } }
    ).template.spec.containers[0]!.image = 'perl:5.36';
    const errs = (def.strategy.validateUpdate?.(next, old) ?? []).map(fieldErrorText);
    assert.equal(errs.length, 1);
    assert.match(errs[0]!, /^spec\.template: Invalid value: .*: field is immutable$/);
  });

  const printCases: Array<{
    name: string;
    spec: Record<string, unknown>;
    status: Record<string, unknown>;
    deleting?: boolean;
    cells: unknown[];
  }> = [
    {
      name: 'running',
      spec: { completions: 3, parallelism: 1 },
      status: { startTime: '2024-05-01T11:58:00Z', succeeded: 1 },
      cells: ['pi', 'Running', '1/3', '2m', '10m', 'pi', 'perl:5.34', '<none>'],
    },
    {
      name: 'complete',
      spec: { completions: 1 },
      status: {
        startTime: '2024-05-01T11:50:00Z',
        completionTime: '2024-05-01T11:50:45Z',
        succeeded: 1,
        conditions: [{ type: 'Complete', status: 'True' }],
      },
      cells: ['pi', 'Complete', '1/1', '45s', '10m', 'pi', 'perl:5.34', '<none>'],
    },
    {
      name: 'parallel without completions',
      spec: { parallelism: 4 },
      status: {},
      cells: ['pi', 'Running', '0/1 of 4', '', '10m', 'pi', 'perl:5.34', '<none>'],
    },
    {
      name: 'failed',
      spec: { completions: 1 },
      status: { startTime: '2024-05-01T11:50:00Z', conditions: [{ type: 'Failed', status: 'True' }] },
      cells: ['pi', 'Failed', '0/1', '10m', '10m', 'pi', 'perl:5.34', '<none>'],
    },
  ];
  for (const c of printCases) {
    it(`prints a ${c.name} job`, () => {
      const obj = job({ ...c.spec, template: podTemplate('Never') });
      obj.status = c.status;
      assert.deepEqual(def.printRow(obj, now), c.cells);
    });
  }
});

describe('cron jobs', () => {
  const def = cronJobsResource();
  const cron = (spec: Record<string, unknown>, name = 'hello'): KubeObject => ({
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name, namespace: 'default', creationTimestamp: '2024-05-01T10:00:00Z' },
    spec: { jobTemplate: { spec: { template: podTemplate('OnFailure') } }, ...spec },
  });

  it('defaults policy, suspend and history limits', () => {
    const obj = cron({ schedule: '*/5 * * * *' });
    def.strategy.defaults?.(obj);
    const spec = obj.spec as Record<string, unknown>;
    assert.deepEqual(
      [spec.concurrencyPolicy, spec.suspend, spec.successfulJobsHistoryLimit, spec.failedJobsHistoryLimit],
      ['Allow', false, 3, 1],
    );
    assert.deepEqual(def.strategy.validate?.(obj), []);
  });

  const scheduleCases: Array<[string, string | undefined]> = [
    ['*/5 * * * *', undefined],
    ['0 0 * * MON-FRI', undefined],
    ['@hourly', undefined],
    ['@every 1h30m', undefined],
    ['daily', 'expected exactly 5 fields, found 1: [daily]'],
    ['60 * * * *', 'end of range (60) above maximum (59): 60'],
    ['* * 0 * *', 'beginning of range (0) below minimum (1): 0'],
    ['5-1 * * * *', 'beginning of range (5) beyond end of range (1): 5-1'],
    ['x * * * *', 'failed to parse int from x: strconv.Atoi: parsing "x": invalid syntax'],
    ['*/0 * * * *', 'step of range should be a positive number: */0'],
    ['@fortnightly', 'unrecognized descriptor: @fortnightly'],
  ];
  for (const [schedule, error] of scheduleCases) {
    it(`schedule ${JSON.stringify(schedule)}`, () => assert.equal(cronScheduleError(schedule), error));
  }

  it('reports schedule, name length, time zone and template problems', () => {
    const obj = cron({ schedule: '61 * * * *', timeZone: 'Mars/Olympus' }, 'a'.repeat(53));
    (
      obj.spec as { jobTemplate: { spec: { template: { spec: Record<string, unknown> } } } }
    ).jobTemplate.spec.template.spec.restartPolicy = 'Always';
    def.strategy.defaults?.(obj);
    assert.deepEqual((def.strategy.validate?.(obj) ?? []).map(fieldErrorText), [
      'spec.schedule: Invalid value: "61 * * * *": end of range (61) above maximum (59): 61',
      'spec.timeZone: Invalid value: "Mars/Olympus": unknown time zone Mars/Olympus',
      'spec.jobTemplate.spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"',
      `metadata.name: Invalid value: "${'a'.repeat(53)}": must be no more than 52 characters`,
    ]);
  });

  it('prints NAME SCHEDULE TIMEZONE SUSPEND ACTIVE LAST SCHEDULE AGE', () => {
    const obj = cron({ schedule: '*/5 * * * *', suspend: false });
    obj.status = { active: [{ name: 'hello-1' }], lastScheduleTime: '2024-05-01T11:55:00Z' };
    assert.deepEqual(def.printRow(obj, now), [
      'hello',
      '*/5 * * * *',
      '<none>',
      'False',
      1,
      '5m',
      '120m',
      'pi',
      'perl:5.34',
      '<none>',
    ]);
  });
});
