/** Leases (coordination.k8s.io/v1): NAME HOLDER AGE. */
import { FieldPath } from '../../../api/field_errors.js';
import type { ResourceDef } from '../resource.js';
import { AGE_COLUMN, NAME_COLUMN, col, objectAge } from './cells.js';
import { defineResource } from './define.js';
import { rec, str } from '../../../api/json_fields.js';
import { validateNonnegative, validatePositive } from './validate.js';

/** Leases. */
export function leasesResource(): ResourceDef {
  return defineResource({
    group: 'coordination.k8s.io',
    version: 'v1',
    kind: 'Lease',
    plural: 'leases',
    namespaced: true,
    allowCreateOnUpdate: true,
    table: {
      columns: [NAME_COLUMN, col('Holder'), AGE_COLUMN],
      printRow: (o, now) => [o.metadata.name ?? '', str(rec(o.spec).holderIdentity), objectAge(o, now)],
    },
    strategy: {
      validate(obj) {
        const spec = rec(obj.spec);
        const path = FieldPath.root('spec');
        return [
          ...validatePositive(spec.leaseDurationSeconds, path.child('leaseDurationSeconds')),
          ...validateNonnegative(spec.leaseTransitions, path.child('leaseTransitions')),
        ];
      },
    },
  });
}
