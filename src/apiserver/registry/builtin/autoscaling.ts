/**
 * HorizontalPodAutoscalers in autoscaling/v2 and autoscaling/v1 (the same storage upstream):
 * defaults (min 1 replica; v2 gets an 80% CPU target when no metric is given), validation of
 * the target and replica bounds, and the NAME REFERENCE TARGETS MINPODS MAXPODS REPLICAS AGE table
 * (`cpu: 50%/80%`), which reads either version.
 */
import type { FieldError } from '../../../api/field_errors.js';
import { FieldPath, invalid, notSupported, required } from '../../../api/field_errors.js';
import type { KubeObject } from '../../../api/object.js';
import { isPlainObject } from '../../../api/object.js';
import type { PrinterColumn, ResourceDef } from '../resource.js';
import { AGE_COLUMN, NAME_COLUMN, col, objectAge } from './cells.js';
import { defineResource } from './define.js';
import { num, rec, recs, specOf, str } from '../../../api/json_fields.js';
import { quantityText } from './validate.js';

/** `autoscaling.DefaultCPUUtilization`. */
const DEFAULT_CPU_UTILIZATION = 80;
const METRIC_TYPES = ['ContainerResource', 'External', 'Object', 'Pods', 'Resource'];

const HPA_COLUMNS: PrinterColumn[] = [
  NAME_COLUMN,
  col('Reference'),
  col('Targets'),
  col('MinPods'),
  col('MaxPods'),
  col('Replicas'),
  AGE_COLUMN,
];

/** The v2 view of an HPA: v1 objects' CPU target becomes a Resource metric, as conversion does. */
export function hpaMetrics(o: KubeObject): {
  specs: Record<string, unknown>[];
  statuses: Record<string, unknown>[];
} {
  const spec = rec(o.spec);
  const status = rec(o.status);
  if (o.apiVersion !== 'autoscaling/v1')
    return { specs: recs(spec.metrics), statuses: recs(status.currentMetrics) };
  const target =
    typeof spec.targetCPUUtilizationPercentage === 'number'
      ? spec.targetCPUUtilizationPercentage
      : DEFAULT_CPU_UTILIZATION;
  const current = status.currentCPUUtilizationPercentage;
  return {
    specs: [
      {
        type: 'Resource',
        resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: target } },
      },
    ],
    statuses:
      typeof current === 'number'
        ? [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: current } } }]
        : [],
  };
}

function valueTarget(target: Record<string, unknown>, current: Record<string, unknown> | undefined): string {
  const cur = current ? quantityText(current.value ?? '0') : '<unknown>';
  return `${cur}/${quantityText(target.value ?? '0')}`;
}

const SCALE_UP_RULES = {
  stabilizationWindowSeconds: 0,
  selectPolicy: 'Max',
  policies: [
    { type: 'Pods', value: 4, periodSeconds: 15 },
    { type: 'Percent', value: 100, periodSeconds: 15 },
  ],
};
const SCALE_DOWN_RULES = {
  selectPolicy: 'Max',
  policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }],
};

/** `GenerateHPAScale{Up,Down}Rules`: the user's rules over upstream's default ones. */
function scalingRules(from: unknown, defaults: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = structuredClone(defaults);
  for (const [k, v] of Object.entries(rec(from))) if (v !== undefined && v !== null) out[k] = v;
  return out;
}

/** `formatHPAMetrics`: at most two targets, then ` + N more...`; `<none>` without metrics. */
export function formatHPAMetrics(
  specs: Record<string, unknown>[],
  statuses: Record<string, unknown>[],
): string {
  if (specs.length === 0) return '<none>';
  const list = specs.map((spec, i) => {
    const st = statuses[i];
    switch (spec.type) {
      case 'External':
      case 'Object': {
        const key = spec.type === 'External' ? 'external' : 'object';
        const cur = st && isPlainObject(st[key]) ? rec(rec(st[key]).current) : undefined;
        const target = rec(rec(spec[key]).target);
        if (target.averageValue !== undefined && target.averageValue !== null) {
          const c = cur && cur.averageValue !== undefined ? quantityText(cur.averageValue) : '<unknown>';
          return `${c}/${quantityText(target.averageValue)} (avg)`;
        }
        return valueTarget(target, cur);
      }
      case 'Pods': {
        const cur = st && isPlainObject(st.pods) ? rec(rec(st.pods).current) : undefined;
        const c = cur ? quantityText(cur.averageValue ?? '0') : '<unknown>';
        return `${c}/${quantityText(rec(rec(spec.pods).target).averageValue ?? '0')}`;
      }
      case 'Resource':
      case 'ContainerResource': {
        const key = spec.type === 'Resource' ? 'resource' : 'containerResource';
        const s = rec(spec[key]);
        const target = rec(s.target);
        const cur = st && isPlainObject(st[key]) ? rec(rec(st[key]).current) : undefined;
        const name = str(s.name);
        if (target.averageValue !== undefined && target.averageValue !== null) {
          const c = cur ? quantityText(cur.averageValue ?? '0') : '<unknown>';
          return `${name}: ${c}/${quantityText(target.averageValue)}`;
        }
        const c =
          cur && typeof cur.averageUtilization === 'number' ? `${cur.averageUtilization}%` : '<unknown>';
        const t = typeof target.averageUtilization === 'number' ? `${target.averageUtilization}%` : '<auto>';
        return `${name}: ${c}/${t}`;
      }
      default:
        return '<unknown type>';
    }
  });
  if (list.length > 2) return `${list.slice(0, 2).join(', ')} + ${list.length - 2} more...`;
  return list.join(', ');
}

/** One row of the HPA table. */
export function printHPA(o: KubeObject, now: Date): unknown[] {
  const spec = rec(o.spec);
  const ref = rec(spec.scaleTargetRef);
  const { specs, statuses } = hpaMetrics(o);
  return [
    o.metadata.name ?? '',
    `${str(ref.kind)}/${str(ref.name)}`,
    formatHPAMetrics(specs, statuses),
    typeof spec.minReplicas === 'number' ? String(spec.minReplicas) : '<unset>',
    num(spec.maxReplicas),
    num(rec(o.status).currentReplicas),
    objectAge(o, now),
  ];
}

/** `ValidateHorizontalPodAutoscalerSpec` (the parts users meet). */
export function validateHPA(o: KubeObject): FieldError[] {
  const spec = rec(o.spec);
  const path = FieldPath.root('spec');
  const errs: FieldError[] = [];
  const min = spec.minReplicas;
  if (typeof min === 'number' && min < 1)
    errs.push(invalid(path.child('minReplicas'), min, 'must be greater than or equal to 1'));
  const max = num(spec.maxReplicas);
  if (max < 1) errs.push(invalid(path.child('maxReplicas'), max, 'must be greater than 0'));
  if (typeof min === 'number' && max < min)
    errs.push(invalid(path.child('maxReplicas'), max, 'must be greater than or equal to `minReplicas`'));
  const ref = rec(spec.scaleTargetRef);
  const refPath = path.child('scaleTargetRef');
  if (str(ref.kind) === '') errs.push(required(refPath.child('kind')));
  if (str(ref.name) === '') errs.push(required(refPath.child('name')));
  if (o.apiVersion === 'autoscaling/v1') {
    const t = spec.targetCPUUtilizationPercentage;
    if (typeof t === 'number' && t < 1)
      errs.push(invalid(path.child('targetCPUUtilizationPercentage'), t, 'must be greater than 0'));
  } else {
    recs(spec.metrics).forEach((m, i) => {
      const mp = path.child('metrics').index(i);
      const type = str(m.type);
      if (type === '') errs.push(required(mp.child('type')));
      else if (!METRIC_TYPES.includes(type)) errs.push(notSupported(mp.child('type'), type, METRIC_TYPES));
    });
  }
  return errs;
}

function hpaResource(version: 'v2' | 'v1'): ResourceDef {
  return defineResource({
    group: 'autoscaling',
    version,
    kind: 'HorizontalPodAutoscaler',
    plural: 'horizontalpodautoscalers',
    namespaced: true,
    shortNames: ['hpa'],
    categories: ['all'],
    subresources: ['status'],
    table: { columns: HPA_COLUMNS, printRow: printHPA },
    strategy: {
      defaults(obj) {
        const spec = specOf(obj);
        if (typeof spec.minReplicas !== 'number') spec.minReplicas = 1;
        if (version === 'v2' && recs(spec.metrics).length === 0) {
          spec.metrics = [
            {
              type: 'Resource',
              resource: {
                name: 'cpu',
                target: { type: 'Utilization', averageUtilization: DEFAULT_CPU_UTILIZATION },
              },
            },
          ];
        }
        if (version === 'v2' && isPlainObject(spec.behavior)) {
          spec.behavior.scaleUp = scalingRules(spec.behavior.scaleUp, SCALE_UP_RULES);
          spec.behavior.scaleDown = scalingRules(spec.behavior.scaleDown, SCALE_DOWN_RULES);
        }
      },
      prepareForCreate(obj) {
        obj.status = version === 'v1' ? { currentReplicas: 0, desiredReplicas: 0 } : { desiredReplicas: 0 };
      },
      validate: validateHPA,
    },
  });
}

/** HorizontalPodAutoscalers, autoscaling/v2 (the preferred version). */
export function hpaV2Resource(): ResourceDef {
  return hpaResource('v2');
}

/** HorizontalPodAutoscalers, autoscaling/v1. */
export function hpaV1Resource(): ResourceDef {
  return hpaResource('v1');
}
