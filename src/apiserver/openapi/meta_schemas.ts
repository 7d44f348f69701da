/**
 * The OpenAPI schemas of meta.k8s.io types every document refers to: ObjectMeta, ListMeta,
 * OwnerReference, ManagedFieldsEntry, Status and Patch, named as upstream names them.
 */

/** Definition-name prefix of meta.k8s.io v1 types. */
export const META_PREFIX = 'io.k8s.apimachinery.pkg.apis.meta.v1';

type Schema = Record<string, unknown>;
const str = (description: string): Schema => ({ type: 'string', description });
const time = (description: string): Schema => ({ type: 'string', format: 'date-time', description });
const stringMap = (description: string): Schema => ({
  type: 'object',
  additionalProperties: { type: 'string', default: '' },
  description,
});

/** The meta schemas, with `$ref`s built by `ref` (v2 and v3 place definitions differently). */
export function META_SCHEMAS(ref: (name: string) => string): Record<string, Schema> {
  return {
    [`${META_PREFIX}.ObjectMeta`]: {
      type: 'object',
      description: 'ObjectMeta is metadata that all persisted resources must have.',
      properties: {
        name: str('Name must be unique within a namespace.'),
        generateName: str('An optional prefix used by the server to generate a unique name.'),
        namespace: str('Namespace defines the space within which each name must be unique.'),
        uid: str('UID is the unique in time and space value for this object.'),
        resourceVersion: str('An opaque value that represents the internal version of this object.'),
        generation: {
          type: 'integer',
          format: 'int64',
          description: 'A sequence number representing a specific generation of the desired state.',
        },
        creationTimestamp: time('The time this object was created.'),
        deletionTimestamp: time('The time at which this resource will be deleted.'),
        deletionGracePeriodSeconds: {
          type: 'integer',
          format: 'int64',
          description: 'Seconds allowed for graceful termination.',
        },
        labels: stringMap(
          'Map of string keys and values that can be used to organize and categorize objects.',
        ),
        annotations: stringMap('Annotations is an unstructured key value map stored with a resource.'),
        finalizers: {
          type: 'array',
          items: { type: 'string', default: '' },
          'x-kubernetes-list-type': 'set',
          'x-kubernetes-patch-strategy': 'merge',
          description: 'Must be empty before the object is deleted from the registry.',
        },
        ownerReferences: {
          type: 'array',
          items: { $ref: ref(`${META_PREFIX}.OwnerReference`) },
          'x-kubernetes-list-map-keys': ['uid'],
          'x-kubernetes-list-type': 'map',
          'x-kubernetes-patch-merge-key': 'uid',
          'x-kubernetes-patch-strategy': 'merge',
          description: 'List of objects depended by this object.',
        },
        managedFields: {
          type: 'array',
          items: { $ref: ref(`${META_PREFIX}.ManagedFieldsEntry`) },
          description: 'Maps workflow-id and version to the set of fields that are managed by that workflow.',
        },
        selfLink: str('Deprecated: selfLink is a legacy read-only field that is no longer populated.'),
      },
    },
    [`${META_PREFIX}.ListMeta`]: {
      type: 'object',
      description: 'ListMeta describes metadata that synthetic resources must have.',
      properties: {
        resourceVersion: str('The version of the list.'),
        continue: str('Set when the list is truncated; pass it back to get the next page.'),
        remainingItemCount: { type: 'integer', format: 'int64', description: 'Items left after this page.' },
        selfLink: str('Deprecated.'),
      },
    },
    [`${META_PREFIX}.OwnerReference`]: {
      type: 'object',
      required: ['apiVersion', 'kind', 'name', 'uid'],
      description: 'OwnerReference contains enough information to let you identify an owning object.',
      properties: {
        apiVersion: str('API version of the referent.'),
        kind: str('Kind of the referent.'),
        name: str('Name of the referent.'),
        uid: str('UID of the referent.'),
        controller: {
          type: 'boolean',
          description: 'If true, this reference points to the managing controller.',
        },
        blockOwnerDeletion: {
          type: 'boolean',
          description: 'If true, the owner cannot be deleted before this reference is removed.',
        },
      },
      'x-kubernetes-map-type': 'atomic',
    },
    [`${META_PREFIX}.ManagedFieldsEntry`]: {
      type: 'object',
      description: 'ManagedFieldsEntry is a workflow-id, a FieldSet and the group version of the resource.',
      properties: {
        manager: str('Manager is an identifier of the workflow managing these fields.'),
        operation: str('Operation is the type of operation which lead to this entry: Apply or Update.'),
        apiVersion: str('The version of this resource that this field set applies to.'),
        time: time('Timestamp of when the fields were last changed.'),
        fieldsType: str('The type of the fields field: FieldsV1.'),
        fieldsV1: { type: 'object', description: 'The field set.' },
        subresource: str('The name of the subresource used to update the object.'),
      },
    },
    [`${META_PREFIX}.Status`]: {
      type: 'object',
      description: "Status is a return value for calls that don't return other objects.",
      properties: {
        apiVersion: str('APIVersion'),
        kind: str('Kind'),
        code: { type: 'integer', format: 'int32', description: 'Suggested HTTP return code.' },
        message: str('A human-readable description of the status.'),
        reason: str('A machine-readable description of why this operation is in the Failure status.'),
        status: str('Status of the operation: Success or Failure.'),
        details: {
          type: 'object',
          'x-kubernetes-preserve-unknown-fields': true,
          description: 'Extended data.',
        },
        metadata: { allOf: [{ $ref: ref(`${META_PREFIX}.ListMeta`) }], default: {} },
      },
    },
    [`${META_PREFIX}.Patch`]: {
      type: 'object',
      description: 'Patch is provided to give a concrete name and type to the Kubernetes PATCH request body.',
    },
  };
}
