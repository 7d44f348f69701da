/** RuntimeClasses (node.k8s.io/v1): NAME HANDLER AGE; the handler is a DNS label and immutable. */
import type { FieldError } from '../../../api/field_errors.js';
import { required } from '../../../api/field_errors.js';
import type { ResourceDef } from '../resource.js';
import { AGE_COLUMN, NAME_COLUMN, col, objectAge } from './cells.js';
import { defineResource } from './define.js';
import { str } from '../../../api/json_fields.js';
import { validateDNS1123Label, validateImmutable } from './validate.js';

/** RuntimeClasses. */
export function runtimeClassesResource(): ResourceDef {
  return defineResource({
    group: 'node.k8s.io',
    version: 'v1',
    kind: 'RuntimeClass',
    plural: 'runtimeclasses',
    namespaced: false,
    allowCreateOnUpdate: true,
    table: {
      columns: [NAME_COLUMN, col('Handler'), AGE_COLUMN],
      printRow: (o, now) => [o.metadata.name ?? '', str(o.handler), objectAge(o, now)],
    },
    strategy: {
      validate(obj): FieldError[] {
        const handler = str(obj.handler);
        return handler === '' ? [required('handler')] : validateDNS1123Label(handler, 'handler');
      },
      validateUpdate: (obj, old) => validateImmutable(obj.handler, old.handler, 'handler'),
    },
  });
}
