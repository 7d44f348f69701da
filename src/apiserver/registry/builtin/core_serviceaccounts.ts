/**
 * ServiceAccounts (`/api/v1/serviceaccounts`, with the `token` subresource that issues bound
 * tokens): NAME SECRETS AGE.
 */
import type { ResourceDef } from '../resource.js';
import { AGE_COLUMN, NAME_COLUMN, col, objectAge } from './cells.js';
import { defineResource } from './define.js';
import { arr } from '../../../api/json_fields.js';

/** ServiceAccounts. */
export function serviceAccountsResource(): ResourceDef {
  return defineResource({
    group: '',
    version: 'v1',
    kind: 'ServiceAccount',
    plural: 'serviceaccounts',
    namespaced: true,
    shortNames: ['sa'],
    subresources: ['token'],
    allowCreateOnUpdate: true,
    returnDeletedObject: true,
    table: {
      columns: [NAME_COLUMN, col('Secrets'), AGE_COLUMN],
      printRow: (o, now) => [o.metadata.name ?? '', arr(o.secrets).length, objectAge(o, now)],
    },
  });
}
