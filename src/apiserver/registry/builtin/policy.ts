/**
 * PodDisruptionBudgets (policy/v1): NAME MIN AVAILABLE MAX UNAVAILABLE ALLOWED DISRUPTIONS AGE and
 * `ValidatePodDisruptionBudgetSpec` (one of minAvailable / maxUnavailable, percentages).
 */
import type { FieldError } from '../../../api/field_errors.js';
import { FieldPath, invalid, notSupported } from '../../../api/field_errors.js';
import type { MetaLabelSelector } from '../../../api/label_selector.js';
import { validateLabelSelector } from '../../../api/label_selector.js';
import type { KubeObject } from '../../../api/object.js';
import { isPlainObject } from '../../../api/object.js';
import type { ResourceDef } from '../resource.js';
import { AGE_COLUMN, NAME_COLUMN, col, intCol, objectAge } from './cells.js';
import { defineResource } from './define.js';
import { num, rec } from '../../../api/json_fields.js';
import { validateNotMoreThan100Percent, validatePositiveIntOrPercent } from './workload_validation.js';

const isSet = (v: unknown) => v !== undefined && v !== null;

/** `intstr.String()`: the number or the string. */
const intOrString = (v: unknown): string => String(v);

function validatePDB(o: KubeObject): FieldError[] {
  const spec = rec(o.spec);
  const path = FieldPath.root('spec');
  const errs: FieldError[] = [];
  if (isSet(spec.minAvailable) && isSet(spec.maxUnavailable)) {
    errs.push(invalid(path, spec, 'minAvailable and maxUnavailable cannot be both set'));
  }
  for (const f of ['minAvailable', 'maxUnavailable']) {
    if (!isSet(spec[f])) continue;
    errs.push(...validatePositiveIntOrPercent(spec[f], path.child(f)));
    errs.push(...validateNotMoreThan100Percent(spec[f], path.child(f)));
  }
  if (isPlainObject(spec.selector))
    errs.push(...validateLabelSelector(spec.selector as MetaLabelSelector, path.child('selector')));
  const policy = spec.unhealthyPodEvictionPolicy;
  if (isSet(policy) && policy !== 'AlwaysAllow' && policy !== 'IfHealthyBudget') {
    errs.push(
      notSupported(path.child('unhealthyPodEvictionPolicy'), policy, ['AlwaysAllow', 'IfHealthyBudget']),
    );
  }
  return errs;
}

/** PodDisruptionBudgets. */
export function podDisruptionBudgetsResource(): ResourceDef {
  return defineResource({
    group: 'policy',
    version: 'v1',
    kind: 'PodDisruptionBudget',
    plural: 'poddisruptionbudgets',
    namespaced: true,
    shortNames: ['pdb'],
    subresources: ['status'],
    tracksGeneration: true,
    table: {
      columns: [
        NAME_COLUMN,
        col('Min Available', 'The minimum number of pods that must be available.'),
        col('Max Unavailable', 'The maximum number of pods that may be unavailable.'),
        intCol('Allowed Disruptions', 'Calculated number of pods that may be disrupted at this time.'),
        AGE_COLUMN,
      ],
      printRow(o, now) {
        const spec = rec(o.spec);
        return [
          o.metadata.name ?? '',
          isSet(spec.minAvailable) ? intOrString(spec.minAvailable) : 'N/A',
          isSet(spec.maxUnavailable) ? intOrString(spec.maxUnavailable) : 'N/A',
          num(rec(o.status).disruptionsAllowed),
          objectAge(o, now),
        ];
      },
    },
    strategy: {
      prepareForCreate(obj) {
        obj.status = { disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0 };
      },
      validate: validatePDB,
    },
  });
}
