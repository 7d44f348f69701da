/**
 * The write strategy of custom resources, as upstream's `customResourceStrategy`: unknown
 * fields pruned and schema defaults applied, the whole object validated against the version's
 * schema, status reset on create when the status subresource is on (writes of the main resource
 * keep the stored status; the generation counts every other change), creates refused while the
 * CRD is being deleted.
 */
import type { FieldError } from '../../api/field_errors.js';
import type { KubeObject } from '../../api/object.js';
import { StatusError } from '../../api/status_error.js';
import type { Strategy } from '../registry/resource.js';
import type { JSONSchemaProps } from './json_schema.js';
import { applyDefaults, pruneNonNullableNulls } from './schema_defaulting.js';
import { pruneObject } from './schema_pruning.js';
import { validateWithSchema } from './schema_validation.js';

/** What the strategy of one served version needs to know. */
export interface CustomResourceVersion {
  group: string;
  version: string;
  plural: string;
  schema: JSONSchemaProps | undefined;
  statusSubresource: boolean;
  /** True while the CRD is being deleted. */
  terminating: () => boolean;
}

/** Prunes unknown fields and applies defaults, in place (upstream's decoding of a custom resource). */
export function normalizeCustomResource(obj: KubeObject, schema: JSONSchemaProps | undefined): void {
  if (!schema) return;
  pruneObject(obj, schema);
  pruneNonNullableNulls(obj, schema);
  applyDefaults(obj, schema);
}

/** Validates a custom resource against its schema (empty when there is none). */
export function validateCustomResource(obj: KubeObject, schema: JSONSchemaProps | undefined): FieldError[] {
  return schema ? validateWithSchema(schema, obj) : [];
}

const isStatusError = (e: FieldError) => e.field === 'status' || e.field.startsWith('status.');

/** The strategy of one served version of a CRD. */
export function customResourceStrategy(v: CustomResourceVersion): Strategy {
  return {
    prepareForCreate(obj) {
      if (v.terminating()) {
        throw new StatusError(
          405,
          'MethodNotAllowed',
          'create not allowed while custom resource definition is terminating',
          {
            group: v.group,
            kind: v.plural,
          },
        );
      }
      if (v.statusSubresource) delete obj.status;
    },
    defaults: (obj) => normalizeCustomResource(obj, v.schema),
    validate: (obj) => validateCustomResource(obj, v.schema),
    prepareForStatusUpdate: (obj) => normalizeCustomResource(obj, v.schema),
    validateStatusUpdate: (obj) => validateCustomResource(obj, v.schema).filter(isStatusError),
  };
}
