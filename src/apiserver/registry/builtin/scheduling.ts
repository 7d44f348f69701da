/**
 * PriorityClasses (scheduling.k8s.io/v1): NAME VALUE GLOBAL-DEFAULT AGE PREEMPTIONPOLICY, the
 * `PreemptLowerPriority` default, the reserved `system-` prefix and the 1e9 limit on user values.
 */
import type { FieldError } from '../../../api/field_errors.js';
import { FieldPath, forbidden, invalid } from '../../../api/field_errors.js';
import type { KubeObject } from '../../../api/object.js';
import type { ResourceDef } from '../resource.js';
import { AGE_COLUMN, NAME_COLUMN, boolCol, col, intCol, objectAge } from './cells.js';
import { defineResource } from './define.js';
import { num, str } from '../../../api/json_fields.js';
import { validateEnum } from './validate.js';

/** `scheduling.HighestUserDefinablePriority`. */
const HIGHEST_USER_DEFINABLE_PRIORITY = 1000000000;
/** The priority classes the system creates itself. */
const SYSTEM_PRIORITY_CLASSES: Record<string, number> = {
  'system-node-critical': 2000001000,
  'system-cluster-critical': 2000000000,
};

function validatePriorityClass(o: KubeObject): FieldError[] {
  const name = o.metadata.name ?? '';
  const errs: FieldError[] = [];
  if (name in SYSTEM_PRIORITY_CLASSES) {
    if (num(o.value) !== SYSTEM_PRIORITY_CLASSES[name]) {
      errs.push(
        forbidden(
          FieldPath.root('metadata', 'name'),
          `priority class ${name} is system priority class and its value cannot be changed`,
        ),
      );
    }
  } else if (name.startsWith('system-')) {
    errs.push(
      forbidden(
        FieldPath.root('metadata', 'name'),
        "priority class names with 'system-' prefix are reserved",
      ),
    );
  } else if (num(o.value) > HIGHEST_USER_DEFINABLE_PRIORITY) {
    errs.push(
      forbidden(
        FieldPath.root('value'),
        `maximum allowed value of a user defined priority is ${HIGHEST_USER_DEFINABLE_PRIORITY}`,
      ),
    );
  }
  if (o.preemptionPolicy !== undefined && o.preemptionPolicy !== null) {
    errs.push(...validateEnum(o.preemptionPolicy, ['PreemptLowerPriority', 'Never'], 'preemptionPolicy'));
  }
  return errs;
}

function validatePriorityClassUpdate(o: KubeObject, old: KubeObject): FieldError[] {
  const errs: FieldError[] = [];
  if (o.value !== old.value) errs.push(forbidden('value', 'may not be changed in an update.'));
  if (o.preemptionPolicy !== old.preemptionPolicy)
    errs.push(invalid('preemptionPolicy', o.preemptionPolicy ?? null, 'field is immutable'));
  return errs;
}

/** PriorityClasses. */
export function priorityClassesResource(): ResourceDef {
  return defineResource({
    group: 'scheduling.k8s.io',
    version: 'v1',
    kind: 'PriorityClass',
    plural: 'priorityclasses',
    namespaced: false,
    shortNames: ['pc'],
    table: {
      columns: [NAME_COLUMN, intCol('Value'), boolCol('Global-Default'), AGE_COLUMN, col('PreemptionPolicy')],
      printRow: (o, now) => [
        o.metadata.name ?? '',
        num(o.value),
        o.globalDefault === true,
        objectAge(o, now),
        str(o.preemptionPolicy),
      ],
    },
    strategy: {
      defaults(obj) {
        if (!obj.preemptionPolicy) obj.preemptionPolicy = 'PreemptLowerPriority';
      },
      validate: validatePriorityClass,
      validateUpdate: validatePriorityClassUpdate,
    },
  });
}
