/**
 * Nodes (`/api/v1/nodes`, stored under `minions`): the NAME STATUS ROLES AGE VERSION table
 * (roles from `node-role.kubernetes.io/<role>` and `kubernetes.io/role` labels), the node
 * strategy (status may be set on create; updates keep it) and taint / pod CIDR validation.
 */
import type { FieldError } from '../../../api/field_errors.js';
import { FieldErrorType, FieldPath, forbidden, invalid, required } from '../../../api/field_errors.js';
import { goQuote } from '../../../api/go_strings.js';
import { isValidCIDR, isValidLabelValue } from '../../../api/name_validation.js';
import { validateLabelName } from '../../../api/object_meta_validation.js';
import type { KubeObject } from '../../../api/object.js';
import { isPlainObject } from '../../../api/object.js';
import type { PrinterColumn, ResourceDef } from '../resource.js';
import { AGE_COLUMN, NAME_COLUMN, col, objectAge } from './cells.js';
import { defineResource } from './define.js';
import { goError } from './go_value.js';
import { rec, recs, specOf, str, strs } from '../../../api/json_fields.js';
import { validateEnum } from './validate.js';

const LABEL_NODE_ROLE_PREFIX = 'node-role.kubernetes.io/';
const NODE_LABEL_ROLE = 'kubernetes.io/role';
const TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];

/** `findNodeRoles`: the sorted roles named by a node's labels. */
export function nodeRoles(labels: Record<string, string> | undefined): string[] {
  const roles = new Set<string>();
  for (const [k, v] of Object.entries(labels ?? {})) {
    if (k.startsWith(LABEL_NODE_ROLE_PREFIX)) {
      const role = k.slice(LABEL_NODE_ROLE_PREFIX.length);
      if (role !== '') roles.add(role);
    } else if (k === NODE_LABEL_ROLE && v !== '') {
      roles.add(v);
    }
  }
  return [...roles].sort();
}

/** The STATUS cell: `Ready`/`NotReady`/`Unknown`, plus `SchedulingDisabled` when cordoned. */
export function nodeStatus(node: KubeObject): string {
  const status: string[] = [];
  const conditions = recs(rec(node.status).conditions);
  let ready: Record<string, unknown> | undefined;
  for (const c of conditions) if (c.type === 'Ready') ready = c;
  if (ready) status.push(ready.status === 'True' ? 'Ready' : 'NotReady');
  if (status.length === 0) status.push('Unknown');
  if (rec(node.spec).unschedulable === true) status.push('SchedulingDisabled');
  return status.join(',');
}

function nodeAddress(node: KubeObject, type: string): string {
  return str(recs(rec(node.status).addresses).find((a) => a.type === type)?.address) || '<none>';
}

const NODE_COLUMNS: PrinterColumn[] = [
  NAME_COLUMN,
  col('Status', 'The status of the node'),
  col('Roles', 'The roles of the node'),
  AGE_COLUMN,
  col('Version'),
  col('Internal-IP', undefined, true),
  col('External-IP', undefined, true),
  col('OS-Image', undefined, true),
  col('Kernel-Version', undefined, true),
  col('Container-Runtime', undefined, true),
];

/** One row of the node table. */
export function printNode(node: KubeObject, now: Date): unknown[] {
  const info = rec(rec(node.status).nodeInfo);
  const roles = nodeRoles(node.metadata.labels).join(',');
  return [
    node.metadata.name ?? '',
    nodeStatus(node),
    roles || '<none>',
    objectAge(node, now),
    str(info.kubeletVersion),
    nodeAddress(node, 'InternalIP'),
    nodeAddress(node, 'ExternalIP'),
    str(info.osImage) || '<unknown>',
    str(info.kernelVersion) || '<unknown>',
    str(info.containerRuntimeVersion) || '<unknown>',
  ];
}

/** `validateNodeTaints`: label-like keys and values, a known effect, unique by key and effect. */
export function validateNodeTaints(taints: unknown, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  recs(taints).forEach((t, i) => {
    const ip = path.index(i);
    const key = str(t.key);
    const value = str(t.value);
    const effect = str(t.effect);
    errs.push(...validateLabelName(key, ip.child('key')));
    const msgs = isValidLabelValue(value);
    if (msgs.length > 0) errs.push(invalid(ip.child('value'), value, msgs.join(';')));
    errs.push(...validateEnum(effect, TAINT_EFFECTS, ip.child('effect')));
    const id = `${effect}\u0000${key}`;
    if (seen.has(id)) {
      const added = typeof t.timeAdded === 'string' ? `time.Date(${t.timeAdded})` : '<nil>';
      const text = `core.Taint{Key:${goQuote(key)}, Value:${goQuote(value)}, Effect:${goQuote(effect)}, TimeAdded:${added}}`;
      errs.push(goError(FieldErrorType.Duplicate, ip, text, 'taints must be unique by key and effect pair'));
      return;
    }
    seen.add(id);
  });
  return errs;
}

function validateNodeSpec(obj: KubeObject): FieldError[] {
  const spec = rec(obj.spec);
  const specPath = FieldPath.root('spec');
  const errs: FieldError[] = [];
  const cidrs = strs(spec.podCIDRs);
  cidrs.forEach((c, i) =>
    errs.push(...isValidCIDR(c).map((m) => invalid(specPath.child('podCIDRs').index(i), c, m))),
  );
  if (cidrs.length > 2)
    errs.push(
      invalid(specPath.child('podCIDRs'), cidrs, 'may specify no more than one CIDR for each IP family'),
    );
  errs.push(...validateNodeTaints(spec.taints, specPath.child('taints')));
  const status = rec(obj.status);
  for (const list of ['capacity', 'allocatable']) {
    for (const [k, v] of Object.entries(rec(status[list]))) {
      if (v === undefined || v === null) errs.push(required(FieldPath.root('status', list).key(k)));
    }
  }
  return errs;
}

function validateNodeUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  const spec = rec(obj.spec);
  const oldSpec = rec(old.spec);
  const errs: FieldError[] = [];
  const oldCIDRs = strs(oldSpec.podCIDRs);
  if (oldCIDRs.length > 0) {
    const cidrs = strs(spec.podCIDRs);
    if (cidrs.length !== oldCIDRs.length || cidrs.some((c, i) => c !== oldCIDRs[i])) {
      errs.push(
        forbidden(
          FieldPath.root('spec', 'podCIDRs'),
          'node updates may not change podCIDR except from "" to valid',
        ),
      );
    }
  }
  if (str(oldSpec.providerID) !== '' && str(spec.providerID) !== str(oldSpec.providerID)) {
    errs.push(
      forbidden(
        FieldPath.root('spec', 'providerID'),
        'node updates may not change providerID except from "" to valid',
      ),
    );
  }
  return errs;
}

/** Nodes. */
export function nodesResource(): ResourceDef {
  return defineResource({
    group: '',
    version: 'v1',
    kind: 'Node',
    plural: 'nodes',
    namespaced: false,
    shortNames: ['no'],
    subresources: ['proxy', 'status'],
    storagePrefix: 'minions',
    fieldSelectors: { 'spec.unschedulable': (o) => String(rec(o.spec).unschedulable === true) },
    table: { columns: NODE_COLUMNS, printRow: printNode },
    strategy: {
      defaults(obj) {
        specOf(obj);
        const status = rec(obj.status);
        if (isPlainObject(status.capacity) && !isPlainObject(status.allocatable)) {
          obj.status = { ...status, allocatable: { ...status.capacity } };
        }
      },
      prepareForCreate(obj) {
        delete specOf(obj).configSource;
        if (isPlainObject(obj.status)) delete obj.status.config;
      },
      prepareForUpdate(obj) {
        delete specOf(obj).configSource;
      },
      validate: validateNodeSpec,
      validateUpdate: validateNodeUpdate,
      validateStatusUpdate: validateNodeSpec,
    },
  });
}
