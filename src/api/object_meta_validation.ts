/**
 * Validation of `metadata`, as upstream's `ValidateObjectMeta` / `ValidateObjectMetaUpdate` and the
 * helpers they call (`k8s.io/apimachinery/pkg/api/validation/objectmeta.go`,
 * `pkg/apis/meta/v1/validation`). Every function returns field errors (empty when valid) with
 * upstream's paths and texts. Map entries are checked in sorted key order, so results are stable.
 */
import type { FieldError } from './field_errors.js';
import { FieldPath, forbidden, invalid, required, tooLong } from './field_errors.js';
import { goStringSlice } from './go_strings.js';
import type { NameValidator } from './name_validation.js';
import { byteLength, isQualifiedName, isValidLabelValue, validateNamespaceName } from './name_validation.js';
import type { ManagedFieldsEntry, ObjectMeta, OwnerReference } from './object.js';

/** A field path, or its text (`metadata`, `spec.selector`). */
export type PathArg = FieldPath | string;

const asPath = (p: PathArg): FieldPath => (typeof p === 'string' ? FieldPath.root(p) : p);

/** Upstream's `TotalAnnotationSizeLimitB`: keys plus values, in bytes. */
export const TOTAL_ANNOTATION_SIZE_LIMIT_BYTES = 256 * 1024;

/** Upstream's `FieldImmutableErrorMsg`. */
export const FIELD_IMMUTABLE_ERROR_MSG = 'field is immutable';

/** Upstream's `FieldManagerMaxLength`. */
export const FIELD_MANAGER_MAX_LENGTH = 128;

/** Upstream's `MaxSubresourceNameLength` (for managedFields entries). */
export const MAX_SUBRESOURCE_NAME_LENGTH = 256;

/** The finalizer that orphans dependents (`metav1.FinalizerOrphanDependents`). */
export const FINALIZER_ORPHAN_DEPENDENTS = 'orphan';
/** The finalizer for foreground deletion (`metav1.FinalizerDeleteDependents`). */
export const FINALIZER_DELETE_DEPENDENTS = 'foregroundDeletion';

const sortedKeys = (m: Record<string, string> | undefined): string[] => Object.keys(m ?? {}).sort();

/** `ValidateLabelName`: a label key must be a qualified name; errors at `path`. */
export function validateLabelName(name: string, path: PathArg): FieldError[] {
  return isQualifiedName(name).map((msg) => invalid(path, name, msg));
}

/** `ValidateLabels`: keys are qualified names and values valid label values; errors at `path` itself. */
export function validateLabels(labels: Record<string, string> | undefined, path: PathArg): FieldError[] {
  const errs: FieldError[] = [];
  for (const k of sortedKeys(labels)) {
    errs.push(...validateLabelName(k, path));
    const v = labels![k]!;
    for (const msg of isValidLabelValue(v)) errs.push(invalid(path, v, msg));
  }
  return errs;
}

/**
 * `ValidateAnnotations`: keys are qualified names compared case-insensitively, and keys plus
 * values total at most 256 KiB.
 */
export function validateAnnotations(
  annotations: Record<string, string> | undefined,
  path: PathArg,
): FieldError[] {
  const errs: FieldError[] = [];
  let total = 0;
  for (const k of sortedKeys(annotations)) {
    for (const msg of isQualifiedName(k.toLowerCase())) errs.push(invalid(path, k, msg));
    total += byteLength(k) + byteLength(annotations![k]!);
  }
  if (total > TOTAL_ANNOTATION_SIZE_LIMIT_BYTES)
    errs.push(tooLong(path, '', TOTAL_ANNOTATION_SIZE_LIMIT_BYTES));
  return errs;
}

/** `schema.ParseGroupVersion`: `v1` → `{'' , v1}`, `apps/v1` → `{apps, v1}`, more slashes → null. */
function parseGroupVersion(apiVersion: string): { group: string; version: string } | null {
  if (apiVersion === '' || apiVersion === '/') return { group: '', version: '' };
  const parts = apiVersion.split('/');
  if (parts.length === 1) return { group: '', version: apiVersion };
  if (parts.length === 2) return { group: parts[0]!, version: parts[1]! };
  return null;
}

function validateOwnerReference(ref: OwnerReference, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const gv = parseGroupVersion(ref.apiVersion ?? '') ?? { group: '', version: '' };
  const kind = ref.kind ?? '';
  if (gv.version === '')
    errs.push(invalid(path.child('apiVersion'), ref.apiVersion ?? '', 'version must not be empty'));
  if (kind === '') errs.push(invalid(path.child('kind'), kind, 'must not be empty'));
  if (!ref.name) errs.push(invalid(path.child('name'), ref.name ?? '', 'must not be empty'));
  if (!ref.uid) errs.push(invalid(path.child('uid'), ref.uid ?? '', 'must not be empty'));
  if (gv.group === '' && gv.version === 'v1' && kind === 'Event') {
    errs.push(
      invalid(path, ref, `${gv.group}/${gv.version}, Kind=${kind} is disallowed from being an owner`),
    );
  }
  return errs;
}

/** `ValidateOwnerReferences`: each reference complete, no core/v1 Event owner, at most one controller. */
export function validateOwnerReferences(
  refs: readonly OwnerReference[] | undefined,
  path: PathArg,
): FieldError[] {
  const p = asPath(path);
  const errs: FieldError[] = [];
  let firstController = '';
  for (const ref of refs ?? []) {
    errs.push(...validateOwnerReference(ref, p));
    if (ref.controller === true) {
      const current = `${ref.kind}/${ref.name}`;
      if (firstController !== '') {
        errs.push(
          invalid(
            p,
            refs,
            `Only one reference can have Controller set to true. Found "true" in references for ${firstController} and ${current}`,
          ),
        );
      } else {
        firstController = current;
      }
    }
  }
  return errs;
}

/** `ValidateFinalizerName`: a finalizer is a qualified name. */
export function validateFinalizerName(name: string, path: PathArg): FieldError[] {
  return isQualifiedName(name).map((msg) => invalid(path, name, msg));
}

/** `ValidateFinalizers`: qualified names, and not both `orphan` and `foregroundDeletion`. */
export function validateFinalizers(finalizers: readonly string[] | undefined, path: PathArg): FieldError[] {
  const list = finalizers ?? [];
  const errs = list.flatMap((f) => validateFinalizerName(f, path));
  if (list.includes(FINALIZER_ORPHAN_DEPENDENTS) && list.includes(FINALIZER_DELETE_DEPENDENTS)) {
    errs.push(
      invalid(
        path,
        finalizers,
        `finalizer ${FINALIZER_ORPHAN_DEPENDENTS} and ${FINALIZER_DELETE_DEPENDENTS} cannot be both set`,
      ),
    );
  }
  return errs;
}

/** `ValidateNoNewFinalizers`: an object being deleted may lose finalizers but not gain them. */
export function validateNoNewFinalizers(
  newFinalizers: readonly string[] | undefined,
  oldFinalizers: readonly string[] | undefined,
  path: PathArg,
): FieldError[] {
  const old = new Set(oldFinalizers ?? []);
  const extra = [...new Set(newFinalizers ?? [])].filter((f) => !old.has(f)).sort();
  if (extra.length === 0) return [];
  return [
    forbidden(
      path,
      `no new finalizers can be added if the object is being deleted, found new finalizers ${goStringSlice(extra)}`,
    ),
  ];
}

const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;

/** `ValidateFieldManager`: at most 128 bytes, printable characters only. */
export function validateFieldManager(manager: string | undefined, path: PathArg): FieldError[] {
  const m = manager ?? '';
  const errs: FieldError[] = [];
  if (byteLength(m) > FIELD_MANAGER_MAX_LENGTH) errs.push(tooLong(path, m, FIELD_MANAGER_MAX_LENGTH));
  let offset = 0;
  for (const ch of m) {
    if (!PRINTABLE.test(ch)) {
      const code = ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
      errs.push(invalid(path, m, `invalid character U+${code} (at position ${offset})`));
    }
    offset += byteLength(ch);
  }
  return errs;
}

/** `ValidateManagedFields`: operation `Apply`/`Update`, fieldsType `FieldsV1`, valid manager and subresource. */
export function validateManagedFields(
  entries: readonly ManagedFieldsEntry[] | undefined,
  path: PathArg,
): FieldError[] {
  const p = asPath(path);
  const errs: FieldError[] = [];
  (entries ?? []).forEach((e, i) => {
    const ip = p.index(i);
    if (e.operation !== 'Apply' && e.operation !== 'Update') {
      errs.push(invalid(ip.child('operation'), e.operation ?? '', 'must be `Apply` or `Update`'));
    }
    if (e.fieldsType && e.fieldsType !== 'FieldsV1') {
      errs.push(invalid(ip.child('fieldsType'), e.fieldsType, 'must be `FieldsV1`'));
    }
    errs.push(...validateFieldManager(e.manager, ip.child('manager')));
    if (e.subresource && byteLength(e.subresource) > MAX_SUBRESOURCE_NAME_LENGTH) {
      errs.push(tooLong(ip.child('subresource'), e.subresource, MAX_SUBRESOURCE_NAME_LENGTH));
    }
  });
  return errs;
}

/**
 * An object's name at `path` (e.g. `metadata.name`): required (`name or generateName is
 * required`), and valid for the kind's `nameFn`.
 */
export function validateObjectName(
  name: string | undefined,
  nameFn: NameValidator,
  path: PathArg,
): FieldError[] {
  if (!name) return [required(path, 'name or generateName is required')];
  return nameFn(name, false).map((msg) => invalid(path, name, msg));
}

/** How a kind's names and namespaces are checked. */
export interface ObjectMetaRules {
  /** True for namespaced kinds: `namespace` is required; false: it is forbidden. */
  readonly namespaced: boolean;
  /** The kind's name rule, e.g. `nameIsDNSSubdomain`. */
  readonly nameFn: NameValidator;
}

/**
 * The `generateName`, `name` and `namespace` checks of `ValidateObjectMeta`, under `path`
 * (usually `metadata`). Expects name generation to have happened already.
 */
export function validateObjectMetaName(
  meta: ObjectMeta,
  rules: ObjectMetaRules,
  path: PathArg = 'metadata',
): FieldError[] {
  const p = asPath(path);
  const errs: FieldError[] = [];
  if (meta.generateName) {
    for (const msg of rules.nameFn(meta.generateName, true)) {
      errs.push(invalid(p.child('generateName'), meta.generateName, msg));
    }
  }
  errs.push(...validateObjectName(meta.name, rules.nameFn, p.child('name')));
  if (rules.namespaced) {
    if (!meta.namespace) errs.push(required(p.child('namespace')));
    else {
      for (const msg of validateNamespaceName(meta.namespace, false)) {
        errs.push(invalid(p.child('namespace'), meta.namespace, msg));
      }
    }
  } else if (meta.namespace) {
    errs.push(forbidden(p.child('namespace'), 'not allowed on this type'));
  }
  return errs;
}

const nonNegative = (value: number | undefined, path: FieldPath): FieldError[] =>
  value !== undefined && value < 0 ? [invalid(path, value, 'must be greater than or equal to 0')] : [];

/** `ValidateObjectMeta`: all of `metadata` for a create. */
export function validateObjectMeta(
  meta: ObjectMeta,
  rules: ObjectMetaRules,
  path: PathArg = 'metadata',
): FieldError[] {
  const p = asPath(path);
  return [
    ...validateObjectMetaName(meta, rules, p),
    ...nonNegative(meta.generation, p.child('generation')),
    ...validateLabels(meta.labels, p.child('labels')),
    ...validateAnnotations(meta.annotations, p.child('annotations')),
    ...validateOwnerReferences(meta.ownerReferences, p.child('ownerReferences')),
    ...validateFinalizers(meta.finalizers, p.child('finalizers')),
    ...validateManagedFields(meta.managedFields, p.child('managedFields')),
  ];
}

const unset = (v: unknown) => v === undefined || v === null || v === '';

/** `ValidateImmutableField`: `field is immutable` when the value changed (unset values are all equal). */
export function validateImmutableField(newValue: unknown, oldValue: unknown, path: PathArg): FieldError[] {
  if (newValue === oldValue || (unset(newValue) && unset(oldValue))) return [];
  return [invalid(path, newValue ?? null, FIELD_IMMUTABLE_ERROR_MSG)];
}

/** `ValidateObjectMetaUpdate`: the checks of `metadata` on an update from `oldMeta` to `newMeta`. */
export function validateObjectMetaUpdate(
  newMeta: ObjectMeta,
  oldMeta: ObjectMeta,
  path: PathArg = 'metadata',
): FieldError[] {
  const p = asPath(path);
  const errs: FieldError[] = [];
  if (oldMeta.deletionTimestamp) {
    errs.push(...validateNoNewFinalizers(newMeta.finalizers, oldMeta.finalizers, p.child('finalizers')));
  }
  if (!newMeta.resourceVersion) {
    errs.push(
      invalid(p.child('resourceVersion'), newMeta.resourceVersion ?? '', 'must be specified for an update'),
    );
  }
  if ((newMeta.generation ?? 0) < (oldMeta.generation ?? 0)) {
    errs.push(invalid(p.child('generation'), newMeta.generation ?? 0, 'must not be decremented'));
  }
  for (const f of [
    'name',
    'namespace',
    'uid',
    'creationTimestamp',
    'deletionTimestamp',
    'deletionGracePeriodSeconds',
  ] as const) {
    errs.push(...validateImmutableField(newMeta[f], oldMeta[f], p.child(f)));
  }
  errs.push(
    ...validateLabels(newMeta.labels, p.child('labels')),
    ...validateAnnotations(newMeta.annotations, p.child('annotations')),
    ...validateOwnerReferences(newMeta.ownerReferences, p.child('ownerReferences')),
    ...validateManagedFields(newMeta.managedFields, p.child('managedFields')),
  );
  return errs;
}
