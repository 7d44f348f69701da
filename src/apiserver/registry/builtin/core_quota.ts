/**
 * ResourceQuotas (NAME REQUEST LIMIT AGE, `pods: 1/10, requests.cpu: 500m/2`) and LimitRanges
 * (default table; container defaults filled from max/default/min, as `SetDefaults_LimitRangeItem`),
 * with upstream's validation of resource names, quantities, scopes and min/max/default ordering.
 */
import type { FieldError } from '../../../api/field_errors.js';
import { FieldPath, duplicate, forbidden, invalid, required } from '../../../api/field_errors.js';
import { isQualifiedName } from '../../../api/name_validation.js';
import type { KubeObject } from '../../../api/object.js';
import { isPlainObject } from '../../../api/object.js';
import type { Quantity } from '../../../api/quantity.js';
import type { ResourceDef } from '../resource.js';
import { AGE_COLUMN, NAME_COLUMN, col, objectAge } from './cells.js';
import { validateResourceQuantity } from './resource_validation.js';
import { defineResource } from './define.js';
import { rec, recs, sortedKeys, specOf, str, strs } from '../../../api/json_fields.js';
import { parseQuantityValue, quantityText } from './validate.js';

const STANDARD_QUOTA_RESOURCES = new Set([
  'cpu',
  'memory',
  'ephemeral-storage',
  'requests.cpu',
  'requests.memory',
  'requests.storage',
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
  'services.nodeports',
  'services.loadbalancers',
]);
const QUOTA_SCOPES = [
  'Terminating',
  'NotTerminating',
  'BestEffort',
  'NotBestEffort',
  'PriorityClass',
  'CrossNamespacePodAffinity',
];
const STANDARD_LIMIT_TYPES = ['Pod', 'Container', 'PersistentVolumeClaim'];
const STANDARD_CONTAINER_RESOURCES = ['cpu', 'memory', 'ephemeral-storage'];

/** The REQUEST and LIMIT cells of a quota: `name: used/hard` pairs from its status. */
export function quotaCells(o: KubeObject): [string, string] {
  const status = rec(o.status);
  const hard = rec(status.hard);
  const used = rec(status.used);
  const requests: string[] = [];
  const limits: string[] = [];
  for (const name of sortedKeys(hard)) {
    const text = `${name}: ${used[name] === undefined ? '0' : quantityText(used[name])}/${quantityText(hard[name])}`;
    (name.split('.')[0] === 'limits' && name.includes('.') ? limits : requests).push(text);
  }
  return [requests.join(', '), limits.join(', ')];
}

function validateResourceName(
  name: string,
  path: FieldPath,
  standard: (n: string) => boolean,
  message: string,
): FieldError[] {
  const errs = isQualifiedName(name).map((m) => invalid(path, name, m));
  if (errs.length > 0) return errs;
  if (!name.includes('/') && !standard(name)) errs.push(invalid(path, name, message));
  return errs;
}

const isStandardQuotaResource = (n: string) =>
  STANDARD_QUOTA_RESOURCES.has(n) || n.startsWith('requests.hugepages-') || n.startsWith('hugepages-');

/** `IsStandardResourceName`: the quota resources plus `storage`. */
const isStandardResource = (n: string) => n === 'storage' || isStandardQuotaResource(n);

/** `ValidateResourceQuotaSpec`: resource names, quantities and scopes. */
export function validateResourceQuota(o: KubeObject): FieldError[] {
  const spec = rec(o.spec);
  const hardPath = FieldPath.root('spec', 'hard');
  const errs: FieldError[] = [];
  const hard = rec(spec.hard);
  for (const name of sortedKeys(hard)) {
    errs.push(
      ...validateResourceName(
        name,
        hardPath.key(name),
        isStandardQuotaResource,
        'must be a standard resource for quota',
      ),
    );
    errs.push(...validateResourceQuantity(name, hard[name], hardPath.key(name)));
  }
  const scopes = strs(spec.scopes);
  const scopesPath = FieldPath.root('spec', 'scopes');
  for (const scope of scopes)
    if (!QUOTA_SCOPES.includes(scope)) errs.push(invalid(scopesPath, scopes, 'unsupported scope'));
  const has = (s: string) => scopes.includes(s);
  if ((has('BestEffort') && has('NotBestEffort')) || (has('Terminating') && has('NotTerminating'))) {
    errs.push(invalid(scopesPath, scopes, 'conflicting scopes'));
  }
  return errs;
}

function limitResourceName(type: string, name: string, path: FieldPath): FieldError[] {
  const qualified = validateResourceName(name, path, () => true, '');
  if (qualified.length > 0) return qualified;
  if (type !== 'Pod' && type !== 'Container') {
    return name.includes('/')
      ? []
      : validateResourceName(
          name,
          path,
          isStandardResource,
          'must be a standard resource type or fully qualified',
        );
  }
  if (!name.includes('/') && !STANDARD_CONTAINER_RESOURCES.includes(name) && !name.startsWith('hugepages-')) {
    return [invalid(path, name, 'must be a standard resource for containers')];
  }
  return [];
}

/** `ValidateLimitRange`. */
export function validateLimitRange(o: KubeObject): FieldError[] {
  const path = FieldPath.root('spec', 'limits');
  const errs: FieldError[] = [];
  const types = new Set<string>();
  recs(rec(o.spec).limits).forEach((limit, i) => {
    const ip = path.index(i);
    const type = str(limit.type);
    const typeErrs = isQualifiedName(type).map((m) => invalid(ip.child('type'), type, m));
    if (typeErrs.length === 0 && !type.includes('/') && !STANDARD_LIMIT_TYPES.includes(type)) {
      typeErrs.push(invalid(ip.child('type'), type, 'must be a standard limit type or fully qualified'));
    }
    errs.push(...typeErrs);
    if (types.has(type)) errs.push(duplicate(ip.child('type'), type));
    types.add(type);
    const maps: Record<string, Record<string, unknown>> = {};
    const sections =
      type === 'Pod'
        ? ['max', 'min', 'maxLimitRequestRatio']
        : ['max', 'min', 'default', 'defaultRequest', 'maxLimitRequestRatio'];
    for (const section of ['max', 'min', 'default', 'defaultRequest', 'maxLimitRequestRatio']) {
      maps[section] = rec(limit[section]);
      if (!sections.includes(section) && Object.keys(maps[section]).length > 0) {
        errs.push(forbidden(ip.child(section), "may not be specified when `type` is 'Pod'"));
        maps[section] = {};
        continue;
      }
      for (const k of sortedKeys(maps[section]))
        errs.push(...limitResourceName(type, k, ip.child(section).key(k)));
    }
    if (type === 'PersistentVolumeClaim' && !('storage' in maps.min!) && !('storage' in maps.max!)) {
      errs.push(
        required(
          ip.child('limits'),
          'either minimum or maximum storage value is required, but neither was provided',
        ),
      );
    }
    const keys = new Set(Object.values(maps).flatMap((m) => Object.keys(m)));
    for (const k of [...keys].sort()) {
      const q = (section: string): Quantity | undefined =>
        k in maps[section]! ? parseQuantityValue(maps[section]![k]) : undefined;
      const [min, max, def, defReq, ratio] = [
        q('min'),
        q('max'),
        q('default'),
        q('defaultRequest'),
        q('maxLimitRequestRatio'),
      ];
      const at = (section: string) => ip.child(section).key(k);
      if (min && max && min.cmp(max) > 0)
        errs.push(invalid(at('min'), min.toString(), `min value ${min} is greater than max value ${max}`));
      if (defReq && min && min.cmp(defReq) > 0) {
        errs.push(
          invalid(
            at('defaultRequest'),
            defReq.toString(),
            `min value ${min} is greater than default request value ${defReq}`,
          ),
        );
      }
      if (defReq && max && defReq.cmp(max) > 0) {
        errs.push(
          invalid(
            at('defaultRequest'),
            defReq.toString(),
            `default request value ${defReq} is greater than max value ${max}`,
          ),
        );
      }
      if (defReq && def && defReq.cmp(def) > 0) {
        errs.push(
          invalid(
            at('defaultRequest'),
            defReq.toString(),
            `default request value ${defReq} is greater than default limit value ${def}`,
          ),
        );
      }
      if (def && min && min.cmp(def) > 0)
        errs.push(
          invalid(at('default'), min.toString(), `min value ${min} is greater than default value ${def}`),
        );
      if (def && max && def.cmp(max) > 0)
        errs.push(
          invalid(at('default'), max.toString(), `default value ${def} is greater than max value ${max}`),
        );
      if (ratio && ratio.toNumber() < 1)
        errs.push(invalid(at('maxLimitRequestRatio'), ratio.toString(), `ratio ${ratio} is less than 1`));
    }
  });
  return errs;
}

/** `SetDefaults_LimitRangeItem`: container defaults from max, default requests from default or min. */
export function defaultLimitRange(o: KubeObject): void {
  for (const limit of recs(specOf(o).limits)) {
    if (limit.type !== 'Container') continue;
    const def = isPlainObject(limit.default) ? limit.default : (limit.default = {});
    const defReq = isPlainObject(limit.defaultRequest) ? limit.defaultRequest : (limit.defaultRequest = {});
    for (const [k, v] of Object.entries(rec(limit.max))) if (!(k in def)) def[k] = v;
    for (const [k, v] of Object.entries(def)) if (!(k in defReq)) defReq[k] = v;
    for (const [k, v] of Object.entries(rec(limit.min))) if (!(k in defReq)) defReq[k] = v;
  }
}

/** ResourceQuotas. */
export function resourceQuotasResource(): ResourceDef {
  return defineResource({
    group: '',
    version: 'v1',
    kind: 'ResourceQuota',
    plural: 'resourcequotas',
    namespaced: true,
    shortNames: ['quota'],
    subresources: ['status'],
    table: {
      columns: [
        NAME_COLUMN,
        col('Request', 'Request represents a minimum amount of cpu/memory that a container may consume.'),
        col(
          'Limit',
          'Limits control the maximum amount of cpu/memory that a container may use independent of contention on the node.',
        ),
        AGE_COLUMN,
      ],
      printRow: (o, now) => [o.metadata.name ?? '', ...quotaCells(o), objectAge(o, now)],
    },
    strategy: {
      prepareForCreate(obj) {
        obj.status = {};
      },
      validate: validateResourceQuota,
    },
  });
}

/** LimitRanges. */
export function limitRangesResource(): ResourceDef {
  return defineResource({
    group: '',
    version: 'v1',
    kind: 'LimitRange',
    plural: 'limitranges',
    namespaced: true,
    shortNames: ['limits'],
    allowCreateOnUpdate: true,
    strategy: { defaults: defaultLimitRange, validate: validateLimitRange },
  });
}
