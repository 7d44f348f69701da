/**
 * Namespaces (`/api/v1/namespaces`): created `Active` with the `kubernetes` finalizer and the
 * `kubernetes.io/metadata.name` label, as upstream's namespace strategy and defaults do.
 */
import { FieldPath, invalid } from '../../../api/field_errors.js';
import type { ResourceDef } from '../resource.js';
import { AGE_COLUMN, NAME_COLUMN, col, objectAge } from './cells.js';
import { defineResource, validateKubeFinalizerName } from './define.js';
import { rec, specOf, str, strs } from '../../../api/json_fields.js';

/** The label every namespace carries with its own name (`v1.LabelMetadataName`). */
export const LABEL_METADATA_NAME = 'kubernetes.io/metadata.name';
/** The finalizer the namespace controller removes when the namespace is empty. */
export const FINALIZER_KUBERNETES = 'kubernetes';

/** Namespaces. */
export function namespacesResource(): ResourceDef {
  return defineResource({
    group: '',
    version: 'v1',
    kind: 'Namespace',
    plural: 'namespaces',
    namespaced: false,
    shortNames: ['ns'],
    verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
    subresources: ['finalize', 'status'],
    returnDeletedObject: true,
    fieldSelectors: {
      'status.phase': (o) => str(rec(o.status).phase),
      name: (o) => o.metadata.name,
    },
    table: {
      columns: [NAME_COLUMN, col('Status', 'The status of the namespace'), AGE_COLUMN],
      printRow: (o, now) => [o.metadata.name ?? '', str(rec(o.status).phase), objectAge(o, now)],
    },
    strategy: {
      defaults(obj) {
        if (obj.metadata.name)
          obj.metadata.labels = { ...obj.metadata.labels, [LABEL_METADATA_NAME]: obj.metadata.name };
        const status = rec(obj.status);
        if (!status.phase) obj.status = { ...status, phase: 'Active' };
      },
      deletionHeld: (obj) => strs(rec(obj.spec).finalizers).length > 0,
      prepareForDeletion(obj) {
        obj.status = { ...rec(obj.status), phase: 'Terminating' };
      },
      prepareForCreate(obj) {
        obj.status = { phase: 'Active' };
        const spec = specOf(obj);
        const finalizers = strs(spec.finalizers);
        if (!finalizers.includes(FINALIZER_KUBERNETES))
          spec.finalizers = [...finalizers, FINALIZER_KUBERNETES];
      },
      prepareForUpdate(obj, old) {
        const spec = specOf(obj);
        const oldFinalizers = rec(old.spec).finalizers;
        if (oldFinalizers === undefined) delete spec.finalizers;
        else spec.finalizers = oldFinalizers;
      },
      validate: (obj) =>
        strs(rec(obj.spec).finalizers).flatMap((f) =>
          validateKubeFinalizerName(f, FieldPath.root('spec', 'finalizers')),
        ),
      validateStatusUpdate(obj) {
        const phase = str(rec(obj.status).phase);
        const path = FieldPath.root('status', 'Phase');
        if (!obj.metadata.deletionTimestamp) {
          return phase === 'Active'
            ? []
            : [invalid(path, phase, "may only be 'Active' if `deletionTimestamp` is empty")];
        }
        return phase === 'Terminating'
          ? []
          : [invalid(path, phase, "may only be 'Terminating' if `deletionTimestamp` is not empty")];
      },
    },
  });
}
