/**
 * What an update may change in a pod (`ValidatePodUpdate`, `ValidatePodStatusUpdate`): only
 * container images, `activeDeadlineSeconds` (downwards), added tolerations, removed scheduling
 * gates and a negative grace period raised to 1; anything else is `spec: Forbidden: pod updates
 * may not change fields other than …` followed by a diff of the spec.
 */
import type { FieldError } from '../../../api/field_errors.js';
import { FieldPath, forbidden, invalid, required } from '../../../api/field_errors.js';
import { deepEqual, isPlainObject } from '../../../api/object.js';
import { nameIsDNSSubdomain } from '../../../api/name_validation.js';
import { arr, rec, recs, str } from '../../../api/json_fields.js';
import { validateTolerations } from './pod_spec_validation.js';
import { validateImmutable, validateNameWith } from './validate.js';

const MAX_INT32 = 2147483647;

/** Upstream's list of what a pod update may touch, as its error message prints it. */
export const UPDATABLE_POD_SPEC_FIELDS = [
  '`spec.containers[*].image`',
  '`spec.initContainers[*].image`',
  '`spec.activeDeadlineSeconds`',
  '`spec.tolerations` (only additions to existing tolerations)',
  '`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)',
];

/** `ValidateContainerUpdates`: same number of containers, each with an image. */
function validateContainerUpdates(
  next: unknown,
  prev: unknown,
  path: FieldPath,
): { errs: FieldError[]; stop: boolean } {
  const n = recs(next);
  if (n.length !== recs(prev).length) {
    return { errs: [forbidden(path, 'pod updates may not add or remove containers')], stop: true };
  }
  const errs: FieldError[] = [];
  n.forEach((c, i) => {
    const image = str(c.image);
    if (image === '') errs.push(required(path.index(i).child('image')));
    if (image.trim() !== image) {
      errs.push(invalid(path.index(i).child('image'), image, 'must not have leading or trailing whitespace'));
    }
  });
  return { errs, stop: false };
}

/** `validateOnlyAddedTolerations`: old tolerations stay (their `tolerationSeconds` may change). */
function validateOnlyAddedTolerations(next: unknown, prev: unknown, path: FieldPath): FieldError[] {
  const newList = recs(next);
  for (const old of recs(prev)) {
    const found = newList.some((t) => deepEqual({ ...old, tolerationSeconds: t.tolerationSeconds }, t));
    if (!found)
      return [forbidden(path, 'existing toleration can not be modified except its tolerationSeconds')];
  }
  return validateTolerations(next, path);
}

/** `validateOnlyDeletedSchedulingGates`. */
function validateOnlyDeletedSchedulingGates(next: unknown, prev: unknown, path: FieldPath): FieldError[] {
  const oldNames = new Set(recs(prev).map((g) => str(g.name)));
  const errs: FieldError[] = [];
  recs(next).forEach((g, i) => {
    const name = str(g.name);
    if (!oldNames.has(name)) {
      errs.push(
        forbidden(
          path.index(i).child('name'),
          `only deletion is allowed, but found new scheduling gate '${name}'`,
        ),
      );
    }
  });
  return errs;
}

const goFieldName = (key: string) => key.charAt(0).toUpperCase() + key.slice(1);

/**
 * A readable diff of two pod specs in the spirit of upstream's `cmp.Diff` output: the changed
 * fields, old value prefixed with `-` and new with `+`.
 */
export function podSpecDiff(oldSpec: Record<string, unknown>, newSpec: Record<string, unknown>): string {
  const keys = [...new Set([...Object.keys(oldSpec), ...Object.keys(newSpec)])].sort();
  const lines = ['  core.PodSpec{'];
  let identical = 0;
  const flush = () => {
    if (identical > 0) lines.push(`  \t... // ${identical} identical field${identical === 1 ? '' : 's'}`);
    identical = 0;
  };
  for (const k of keys) {
    if (deepEqual(oldSpec[k], newSpec[k])) {
      identical++;
      continue;
    }
    flush();
    if (oldSpec[k] !== undefined) lines.push(`- \t${goFieldName(k)}: ${JSON.stringify(oldSpec[k])},`);
    if (newSpec[k] !== undefined) lines.push(`+ \t${goFieldName(k)}: ${JSON.stringify(newSpec[k])},`);
  }
  flush();
  lines.push('  }');
  return lines.join('\n');
}

/** The spec part of `ValidatePodUpdate`; metadata is checked by the caller. */
export function validatePodSpecUpdate(newSpecValue: unknown, oldSpecValue: unknown): FieldError[] {
  const newSpec = rec(newSpecValue);
  const oldSpec = rec(oldSpecValue);
  const specPath = FieldPath.root('spec');
  const errs: FieldError[] = [];
  for (const key of ['containers', 'initContainers']) {
    const r = validateContainerUpdates(newSpec[key], oldSpec[key], specPath.child(key));
    errs.push(...r.errs);
    if (r.stop) return errs;
  }
  const newADS = newSpec.activeDeadlineSeconds;
  const oldADS = oldSpec.activeDeadlineSeconds;
  if (typeof newADS === 'number') {
    if (newADS < 0 || newADS > MAX_INT32) {
      errs.push(
        invalid(
          specPath.child('activeDeadlineSeconds'),
          newADS,
          `must be between 0 and ${MAX_INT32}, inclusive`,
        ),
      );
      return errs;
    }
    if (typeof oldADS === 'number' && oldADS < newADS) {
      errs.push(
        invalid(
          specPath.child('activeDeadlineSeconds'),
          newADS,
          'must be less than or equal to previous value',
        ),
      );
      return errs;
    }
  } else if (typeof oldADS === 'number') {
    errs.push(
      invalid(
        specPath.child('activeDeadlineSeconds'),
        null,
        'must not update from a positive integer to nil value',
      ),
    );
  }
  errs.push(
    ...validateOnlyAddedTolerations(newSpec.tolerations, oldSpec.tolerations, specPath.child('tolerations')),
  );
  errs.push(
    ...validateOnlyDeletedSchedulingGates(
      newSpec.schedulingGates,
      oldSpec.schedulingGates,
      specPath.child('schedulingGates'),
    ),
  );
  if (deepEqual(newSpec, oldSpec)) return errs;

  const munged: Record<string, unknown> = structuredClone(newSpec);
  for (const key of ['containers', 'initContainers']) {
    const oldList = recs(oldSpec[key]);
    if (Array.isArray(munged[key])) {
      munged[key] = arr(munged[key]).map((c, i) =>
        isPlainObject(c) ? { ...c, image: oldList[i]?.image } : c,
      );
    }
  }
  if (oldADS === undefined) delete munged.activeDeadlineSeconds;
  else munged.activeDeadlineSeconds = oldADS;
  for (const key of ['schedulingGates', 'tolerations']) {
    if (oldSpec[key] === undefined) delete munged[key];
    else munged[key] = oldSpec[key];
  }
  const oldTGPS = oldSpec.terminationGracePeriodSeconds;
  if (typeof oldTGPS === 'number' && oldTGPS < 0 && munged.terminationGracePeriodSeconds === 1) {
    munged.terminationGracePeriodSeconds = oldTGPS;
  }
  if (recs(oldSpec.schedulingGates).length > 0 && !deepEqual(munged.nodeSelector, oldSpec.nodeSelector)) {
    const oldSel = rec(oldSpec.nodeSelector);
    const newSel = rec(munged.nodeSelector);
    const kept = Object.entries(oldSel).every(([k, v]) => newSel[k] === v);
    if (kept) {
      if (oldSpec.nodeSelector === undefined) delete munged.nodeSelector;
      else munged.nodeSelector = oldSpec.nodeSelector;
    }
  }
  if (!deepEqual(munged, oldSpec)) {
    errs.push(
      forbidden(
        specPath,
        `pod updates may not change fields other than ${UPDATABLE_POD_SPEC_FIELDS.join(',')}\n${podSpecDiff(oldSpec, munged)}`,
      ),
    );
  }
  return errs;
}

/** The status part of `ValidatePodStatusUpdate` (`obj` is the stored pod with the new status). */
export function validatePodStatusUpdate(
  newPod: { spec?: unknown; status?: unknown },
  oldPod: { spec?: unknown; status?: unknown },
): FieldError[] {
  const status = rec(newPod.status);
  const oldStatus = rec(oldPod.status);
  const path = FieldPath.root('status');
  const errs: FieldError[] = [];
  if (str(rec(newPod.spec).nodeName) !== str(rec(oldPod.spec).nodeName)) {
    errs.push(forbidden(path.child('nodeName'), 'may not be changed directly'));
  }
  const nominated = str(status.nominatedNodeName);
  if (nominated !== '' && nominated !== str(oldStatus.nominatedNodeName)) {
    errs.push(...validateNameWith(nameIsDNSSubdomain, nominated, path.child('nominatedNodeName')));
  }
  errs.push(...validateImmutable(status.qosClass, oldStatus.qosClass, path.child('qosClass')));
  const restartPolicy = str(rec(oldPod.spec).restartPolicy);
  if (restartPolicy !== 'Always') {
    recs(oldStatus.containerStatuses).forEach((old, i) => {
      const terminated = rec(old.state).terminated;
      if (!isPlainObject(terminated)) return;
      if (terminated.exitCode !== 0 && restartPolicy === 'OnFailure') return;
      for (const s of recs(status.containerStatuses)) {
        if (s.name === old.name && !isPlainObject(rec(s.state).terminated)) {
          errs.push(
            forbidden(
              path.child('containerStatuses').index(i).child('state'),
              'may not be transitioned to non-terminated state',
            ),
          );
        }
      }
    });
  }
  return errs;
}
