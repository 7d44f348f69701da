/**
 * Validation of container resources (`ValidateContainerResourceRequirements`,
 * `ValidateResourceQuantityValue` in upstream's `pkg/apis/core/validation`): resource names,
 * quantities, requests not above limits, and the rules for non-overcommitable resources.
 */
import type { FieldError, FieldPath } from '../../../api/field_errors.js';
import { invalid, required } from '../../../api/field_errors.js';
import { QUANTITY_FORMAT_ERROR } from '../../../api/quantity.js';
import { rec, sortedKeys } from '../../../api/json_fields.js';
import { parseQuantityValue, validateQualifiedName } from './validate.js';

const STANDARD_CONTAINER_RESOURCES = ['cpu', 'memory', 'ephemeral-storage'];
const STANDARD_RESOURCES = new Set([
  'cpu',
  'memory',
  'ephemeral-storage',
  'requests.cpu',
  'requests.memory',
  'requests.ephemeral-storage',
  'limits.cpu',
  'limits.memory',
  'limits.ephemeral-storage',
  'pods',
  'services',
  'replicationcontrollers',
  'resourcequotas',
  'secrets',
  'configmaps',
  'persistentvolumeclaims',
  'storage',
  'requests.storage',
  'services.nodeports',
  'services.loadbalancers',
]);

const isHugePages = (name: string) => name.startsWith('hugepages-');
const isNative = (name: string) => !name.includes('/') || name.includes('kubernetes.io/');
const isExtended = (name: string) =>
  !isNative(name) &&
  !name.startsWith('requests.') &&
  validateQualifiedName(`requests.${name}`, '').length === 0;
const overcommitAllowed = (name: string) => isNative(name) && !isHugePages(name);

/** `validateResourceName` then `validateContainerResourceName`. */
function validateContainerResourceName(name: string, path: FieldPath): FieldError[] {
  const errs = validateQualifiedName(name, path);
  if (errs.length > 0) return errs;
  if (!name.includes('/')) {
    if (!STANDARD_RESOURCES.has(name) && !isHugePages(name)) {
      errs.push(invalid(path, name, 'must be a standard resource type or fully qualified'));
    }
    if (!STANDARD_CONTAINER_RESOURCES.includes(name) && !isHugePages(name)) {
      errs.push(invalid(path, name, 'must be a standard resource for containers'));
    }
  } else if (!isNative(name) && !isExtended(name)) {
    errs.push(invalid(path, name, "doesn't follow extended resource name standard"));
  }
  return errs;
}

/** `ValidateResourceQuantityValue`: not negative, and whole for integer (extended) resources. */
export function validateResourceQuantity(name: string, value: unknown, path: FieldPath): FieldError[] {
  const q = parseQuantityValue(value);
  if (!q) return [invalid(path, value ?? null, QUANTITY_FORMAT_ERROR)];
  if (q.sign() < 0) return [invalid(path, q.toString(), 'must be greater than or equal to 0')];
  if (isExtended(name) && q.milliValue() % 1000 !== 0)
    return [invalid(path, q.toString(), 'must be an integer')];
  return [];
}

/** `ValidateContainerResourceRequirements`: names, quantities, and requests not above limits. */
export function validateResources(resources: unknown, path: FieldPath): FieldError[] {
  const r = rec(resources);
  const limits = rec(r.limits);
  const requests = rec(r.requests);
  const limPath = path.child('limits');
  const reqPath = path.child('requests');
  const errs: FieldError[] = [];
  for (const name of sortedKeys(limits)) {
    errs.push(...validateContainerResourceName(name, limPath.key(name)));
    errs.push(...validateResourceQuantity(name, limits[name], limPath.key(name)));
  }
  for (const name of sortedKeys(requests)) {
    errs.push(...validateContainerResourceName(name, reqPath.key(name)));
    errs.push(...validateResourceQuantity(name, requests[name], reqPath.key(name)));
    const req = parseQuantityValue(requests[name]);
    const lim = name in limits ? parseQuantityValue(limits[name]) : undefined;
    if (!req) continue;
    if (lim) {
      if (req.cmp(lim) !== 0 && !overcommitAllowed(name)) {
        errs.push(invalid(reqPath, req.toString(), `must be equal to ${name} limit of ${lim.toString()}`));
      } else if (req.cmp(lim) > 0) {
        errs.push(
          invalid(
            reqPath,
            req.toString(),
            `must be less than or equal to ${name} limit of ${lim.toString()}`,
          ),
        );
      }
    } else if (!(name in limits) && !overcommitAllowed(name)) {
      errs.push(required(limPath, 'Limit must be set for non overcommitable resources'));
    }
  }
  return errs;
}
