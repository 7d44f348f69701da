/**
 * Checks shared by the workload controllers' resources (replication controllers, replica sets,
 * deployments, stateful sets, daemon sets, jobs): the selector, its agreement with the template's
 * labels, the template itself, and `intstr` percentages.
 */
import type { FieldError, FieldPath } from '../../../api/field_errors.js';
import { forbidden, invalid, notSupported, required } from '../../../api/field_errors.js';
import type { MetaLabelSelector, LabelSelector } from '../../../api/label_selector.js';
import {
  SelectorParseError,
  labelSelectorAsSelector,
  selectorFromSet,
  validateLabelSelector,
} from '../../../api/label_selector.js';
import { isValidPercent } from '../../../api/name_validation.js';
import { isPlainObject } from '../../../api/object.js';
import { goIntOrString, goLabelSelector, goStringMap, invalidGo } from './go_value.js';
import { rec, strMap } from '../../../api/json_fields.js';
import { validatePodTemplateSpec } from './pod_spec_validation.js';
import { IS_NEGATIVE_ERROR_MSG, validateNonnegative } from './validate.js';

/** The labels of `spec.template.metadata`. */
export function templateLabels(spec: Record<string, unknown>): Record<string, string> {
  return strMap(rec(rec(spec.template).metadata).labels);
}

/** `metav1.LabelSelectorAsSelector`, or undefined when the selector does not convert. */
export function selectorOf(v: unknown): LabelSelector | undefined {
  try {
    return labelSelectorAsSelector(isPlainObject(v) ? (v as MetaLabelSelector) : null);
  } catch (e) {
    if (e instanceof SelectorParseError) return undefined;
    throw e;
  }
}

/** The Go-formatted `selector does not match template labels` error of a template. */
export function selectorMismatch(labels: unknown, path: FieldPath): FieldError {
  return invalidGo(path, goStringMap(labels), '`selector` does not match template `labels`');
}

/**
 * The selector checks of `ValidateDeploymentSpec`/`ValidateReplicaSetSpec`/…: required, valid,
 * not empty (`empty selector is invalid for <kind>`); returns the parsed selector when usable.
 */
export function validateSpecSelector(
  spec: Record<string, unknown>,
  path: FieldPath,
  kindWord: string,
): { errs: FieldError[]; selector: LabelSelector | undefined } {
  const errs: FieldError[] = [];
  const sel = spec.selector;
  const selPath = path.child('selector');
  if (!isPlainObject(sel)) {
    errs.push(required(selPath));
  } else {
    errs.push(...validateLabelSelector(sel as MetaLabelSelector, selPath));
    const ms = rec(sel.matchLabels);
    const exprs = Array.isArray(sel.matchExpressions) ? sel.matchExpressions : [];
    if (Object.keys(ms).length + exprs.length === 0) {
      errs.push(invalidGo(selPath, goLabelSelector(sel), `empty selector is invalid for ${kindWord}`));
    }
  }
  const selector = selectorOf(sel);
  if (!selector && isPlainObject(sel))
    errs.push(invalidGo(selPath, goLabelSelector(sel), 'invalid label selector'));
  return { errs, selector };
}

/**
 * `ValidatePodTemplateSpecForReplicaSet` (and its RC/daemon-set twins): the template exists, its
 * labels match the selector, it validates, restarts `Always` and has no `activeDeadlineSeconds`.
 */
export function validateTemplateForController(
  spec: Record<string, unknown>,
  selector: LabelSelector | undefined,
  path: FieldPath,
  kindName: string,
): FieldError[] {
  const templatePath = path.child('template');
  if (!isPlainObject(spec.template)) return [required(templatePath)];
  const errs: FieldError[] = [];
  const labels = templateLabels(spec);
  if (selector && !selector.isEmpty() && !selector.matches(labels)) {
    errs.push(
      selectorMismatch(rec(rec(spec.template).metadata).labels, templatePath.child('metadata', 'labels')),
    );
  }
  errs.push(...validatePodTemplateSpec(spec.template, templatePath));
  const podSpec = rec(rec(spec.template).spec);
  if (podSpec.restartPolicy !== 'Always') {
    errs.push(
      notSupported(templatePath.child('spec', 'restartPolicy'), podSpec.restartPolicy ?? '', ['Always']),
    );
  }
  if (podSpec.activeDeadlineSeconds !== undefined && podSpec.activeDeadlineSeconds !== null) {
    errs.push(
      forbidden(
        templatePath.child('spec', 'activeDeadlineSeconds'),
        `activeDeadlineSeconds in ${kindName} is not Supported`,
      ),
    );
  }
  return errs;
}

/** A replication controller's map selector as a label selector. */
export function mapSelector(v: unknown): LabelSelector {
  return selectorFromSet(strMap(v));
}

/** `getPercentValue`: the number of a valid `N%` string. */
function percentValue(v: unknown): number | undefined {
  if (typeof v !== 'string' || isValidPercent(v).length > 0) return undefined;
  return Number.parseInt(v.slice(0, -1), 10);
}

/** `getIntOrPercentValue`: the number of an `intstr` (`IntValue()` of a non-percent string is its integer parse). */
export function intOrPercentValue(v: unknown): number {
  const pct = percentValue(v);
  if (pct !== undefined) return pct;
  if (typeof v === 'number') return v;
  if (typeof v === 'string') {
    const n = Number.parseInt(v, 10);
    return Number.isNaN(n) ? 0 : n;
  }
  return 0;
}

/** `ValidatePositiveIntOrPercent`. */
export function validatePositiveIntOrPercent(v: unknown, path: FieldPath): FieldError[] {
  if (typeof v === 'string') return isValidPercent(v).map((m) => invalidGo(path, goIntOrString(v), m));
  if (typeof v === 'number') return v < 0 ? [invalid(path, v, IS_NEGATIVE_ERROR_MSG)] : [];
  if (v === undefined || v === null) return [];
  return [invalidGo(path, goIntOrString(v), "must be an integer or percentage (e.g '5%%')")];
}

/** `IsNotMoreThan100Percent`. */
export function validateNotMoreThan100Percent(v: unknown, path: FieldPath): FieldError[] {
  const pct = percentValue(v);
  if (pct === undefined || pct <= 100) return [];
  return [invalidGo(path, goIntOrString(v), 'must not be greater than 100%')];
}

/** Nonnegative checks of several integer fields of `obj` under `path`. */
export function validateNonnegativeFields(
  obj: Record<string, unknown>,
  fields: string[],
  path: FieldPath,
): FieldError[] {
  return fields.flatMap((f) => validateNonnegative(obj[f], path.child(f)));
}
