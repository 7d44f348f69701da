/**
 * ControllerRevisions (apps/v1): the snapshots stateful sets and daemon sets roll back to.
 * NAME CONTROLLER REVISION AGE; `data` is required and immutable.
 */
import type { FieldError } from '../../../api/field_errors.js';
import { required } from '../../../api/field_errors.js';
import type { KubeObject } from '../../../api/object.js';
import type { ResourceDef } from '../resource.js';
import { AGE_COLUMN, NAME_COLUMN, col, objectAge } from './cells.js';
import { defineResource } from './define.js';
import { num } from '../../../api/json_fields.js';
import { validateImmutable, validateNonnegative } from './validate.js';

/** The CONTROLLER cell: `kind.group/name` of the controlling owner, lowercased kind; `<none>` without one. */
export function controllerOf(o: KubeObject): string {
  const ref = (o.metadata.ownerReferences ?? []).find((r) => r.controller === true);
  if (!ref) return '<none>';
  const slash = ref.apiVersion.indexOf('/');
  const group = slash >= 0 ? ref.apiVersion.slice(0, slash) : '';
  if (!ref.kind && !group) return ref.name;
  const groupKind = group ? `${ref.kind}.${group}` : ref.kind;
  return `${groupKind.toLowerCase()}/${ref.name}`;
}

function validateControllerRevision(o: KubeObject): FieldError[] {
  const errs: FieldError[] = [];
  if (o.data === undefined || o.data === null) errs.push(required('data', 'data is mandatory'));
  errs.push(...validateNonnegative(o.revision, 'revision'));
  return errs;
}

/** ControllerRevisions. */
export function controllerRevisionsResource(): ResourceDef {
  return defineResource({
    group: 'apps',
    version: 'v1',
    kind: 'ControllerRevision',
    plural: 'controllerrevisions',
    namespaced: true,
    table: {
      columns: [NAME_COLUMN, col('Controller', 'Controller of the object'), col('Revision'), AGE_COLUMN],
      printRow: (o, now) => [o.metadata.name ?? '', controllerOf(o), num(o.revision), objectAge(o, now)],
    },
    strategy: {
      validate: validateControllerRevision,
      validateUpdate: (o, old) => validateImmutable(o.data, old.data, 'data'),
    },
  });
}
