/**
 * apiextensions.k8s.io/v1 definitions: CustomResourceDefinition and the JSONSchemaProps of its
 * versions' schemas. The fields that take a schema or something else (items, default, enum,
 * additionalProperties, …) are published without a type, as upstream does, and kept as given.
 */
import type { Definitions, Schema } from './dsl.js';
import {
  atomic,
  bool,
  bytes,
  double,
  enumOf,
  int32,
  int64,
  kind,
  list,
  listOf,
  mapKeys,
  mapOf,
  patch,
  ref,
  str,
  strings,
  struct,
  time,
  to,
} from './dsl.js';

const ext = (name: string) => `io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.${name}`;
const PROPS = ext('JSONSchemaProps');
const props = (description: string) => ref(PROPS, description);
const propsList = (description: string) => listOf(PROPS, description, atomic);
const propsMap = (description: string) => mapOf(to(PROPS), description);
const anyValue = (name: string, description: string) => ref(ext(name), description);

/** A definition of a value of any shape (JSON, or a schema or something else). */
const opaque = (description: string): Schema => ({
  description,
  'x-kubernetes-preserve-unknown-fields': true,
});

/** The apiextensions.k8s.io/v1 definitions. */
export const APIEXTENSIONS_V1: Definitions = {
  [ext('CustomResourceDefinition')]: kind(
    { group: 'apiextensions.k8s.io', version: 'v1', kind: 'CustomResourceDefinition' },
    'A kind of custom resource the API server serves.',
    {
      spec: ref(ext('CustomResourceDefinitionSpec'), 'The resource and its versions.'),
      status: ref(ext('CustomResourceDefinitionStatus'), 'The observed state.'),
    },
    ['spec'],
  ),
  [ext('CustomResourceDefinitionSpec')]: struct(
    'A custom resource and its versions.',
    {
      conversion: ref(ext('CustomResourceConversion'), 'How objects convert between versions.'),
      group: str('The API group.'),
      names: ref(ext('CustomResourceDefinitionNames'), 'The names of the resource.'),
      preserveUnknownFields: bool('Deprecated: keep fields the schemas do not declare.'),
      scope: str('Cluster or Namespaced.'),
      versions: listOf(ext('CustomResourceDefinitionVersion'), 'The versions served.', atomic),
    },
    ['group', 'names', 'scope', 'versions'],
  ),
  [ext('CustomResourceDefinitionNames')]: struct(
    'The names of a custom resource.',
    {
      categories: strings('Groups of resources it belongs to (all, …).', atomic),
      kind: str('The kind, in CamelCase.'),
      listKind: str('The kind of its lists; kind + List by default.'),
      plural: str('The plural name, used in URLs.'),
      shortNames: strings('Short aliases for kubectl.', atomic),
      singular: str('The singular name; the lowercased kind by default.'),
    },
    ['plural', 'kind'],
  ),
  [ext('CustomResourceDefinitionVersion')]: struct(
    'One version of a custom resource.',
    {
      additionalPrinterColumns: listOf(
        ext('CustomResourceColumnDefinition'),
        'Extra columns of kubectl get.',
        atomic,
      ),
      deprecated: bool('Whether the version is deprecated.'),
      deprecationWarning: str('The warning clients of a deprecated version get.'),
      name: str('The version name (v1, v2beta1, …).'),
      schema: ref(ext('CustomResourceValidation'), 'The schema of objects of the version.'),
      selectableFields: listOf(ext('SelectableField'), 'Fields usable in field selectors.', atomic),
      served: bool('Whether the version is served.'),
      storage: bool('Whether objects are stored in this version; exactly one is.'),
      subresources: ref(ext('CustomResourceSubresources'), 'The status and scale subresources.'),
    },
    ['name', 'served', 'storage'],
  ),
  [ext('CustomResourceColumnDefinition')]: struct(
    'A column of kubectl get.',
    {
      description: str('What the column shows.'),
      format: str('How the value is formatted.'),
      jsonPath: str('The JSON path of the value in each object.'),
      name: str('The column header.'),
      priority: int32('0 to always show it, higher for -o wide.'),
      type: str('integer, number, string, boolean or date.'),
    },
    ['name', 'type', 'jsonPath'],
  ),
  [ext('SelectableField')]: struct(
    'A field usable in field selectors.',
    { jsonPath: str('The JSON path of the field.') },
    ['jsonPath'],
  ),
  [ext('CustomResourceValidation')]: struct('The schema of a version.', {
    openAPIV3Schema: props('The OpenAPI v3 schema of the objects.'),
  }),
  [ext('CustomResourceSubresources')]: struct('The subresources of a version.', {
    scale: ref(ext('CustomResourceSubresourceScale'), 'The scale subresource and where replicas live.'),
    status: ref(ext('CustomResourceSubresourceStatus'), 'The status subresource.'),
  }),
  [ext('CustomResourceSubresourceStatus')]: {
    type: 'object',
    description: 'Turns the status subresource on; it has no fields.',
  },
  [ext('CustomResourceSubresourceScale')]: struct(
    'Where the scale subresource finds replicas.',
    {
      labelSelectorPath: str('The path of the selector in status.'),
      specReplicasPath: str('The path of the desired replicas in spec.'),
      statusReplicasPath: str('The path of the observed replicas in status.'),
    },
    ['specReplicasPath', 'statusReplicasPath'],
  ),
  [ext('CustomResourceConversion')]: struct(
    'How objects convert between versions.',
    {
      strategy: enumOf(['None', 'Webhook'], 'None changes only apiVersion; Webhook calls a webhook.'),
      webhook: ref(ext('WebhookConversion'), 'The webhook.'),
    },
    ['strategy'],
  ),
  [ext('WebhookConversion')]: struct(
    'A conversion webhook.',
    {
      clientConfig: ref(ext('WebhookClientConfig'), 'How to reach it.'),
      conversionReviewVersions: strings('ConversionReview versions it understands.', atomic),
    },
    ['conversionReviewVersions'],
  ),
  [ext('WebhookClientConfig')]: struct('How to reach a webhook.', {
    caBundle: bytes('PEM CA certificates of its serving certificate.'),
    service: ref(ext('ServiceReference'), 'A service in the cluster.'),
    url: str('A URL.'),
  }),
  [ext('ServiceReference')]: struct(
    'A service serving a webhook.',
    {
      name: str('The service.'),
      namespace: str('Its namespace.'),
      path: str('The URL path.'),
      port: int32('The port; 443 by default.'),
    },
    ['namespace', 'name'],
  ),
  [ext('CustomResourceDefinitionStatus')]: struct('The observed state of a CRD.', {
    acceptedNames: ref(ext('CustomResourceDefinitionNames'), 'The names being served.'),
    conditions: listOf(ext('CustomResourceDefinitionCondition'), 'The current conditions.', mapKeys('type')),
    storedVersions: strings('Versions objects were ever stored in.', atomic),
  }),
  [ext('CustomResourceDefinitionCondition')]: struct(
    'One condition of a CRD.',
    {
      lastTransitionTime: time('When the condition last changed status.'),
      message: str('Details of the last transition.'),
      reason: str('Why the condition last changed.'),
      status: str('True, False or Unknown.'),
      type: str('Established, NamesAccepted, …'),
    },
    ['type', 'status'],
  ),
  [PROPS]: struct('An OpenAPI v3 schema with Kubernetes extensions.', {
    $ref: str('A reference; not allowed in CRDs.'),
    $schema: str('The schema dialect.'),
    additionalItems: anyValue('JSONSchemaPropsOrBool', 'A schema, or whether extra items are allowed.'),
    additionalProperties: anyValue(
      'JSONSchemaPropsOrBool',
      'The schema of other keys, or whether any is allowed.',
    ),
    allOf: propsList('Schemas that must all match.'),
    anyOf: propsList('Schemas of which one at least must match.'),
    default: anyValue('JSON', 'The value set when the field is missing.'),
    definitions: propsMap('Named schemas.'),
    dependencies: mapOf(to(ext('JSONSchemaPropsOrStringArray')), 'Dependencies between properties.'),
    description: str('What the value is.'),
    enum: list(to(ext('JSON')), 'The values allowed.', atomic),
    example: anyValue('JSON', 'An example value.'),
    exclusiveMaximum: bool('Whether maximum itself is excluded.'),
    exclusiveMinimum: bool('Whether minimum itself is excluded.'),
    externalDocs: ref(ext('ExternalDocumentation'), 'Documentation elsewhere.'),
    format: str('A format of strings (date-time, int-or-string, …).'),
    id: str('An identifier.'),
    items: anyValue('JSONSchemaPropsOrArray', 'The schema of the items, or of each of them.'),
    maxItems: int64('The most items.'),
    maxLength: int64('The longest string.'),
    maxProperties: int64('The most keys.'),
    maximum: double('The largest number.'),
    minItems: int64('The fewest items.'),
    minLength: int64('The shortest string.'),
    minProperties: int64('The fewest keys.'),
    minimum: double('The smallest number.'),
    multipleOf: double('What numbers must be a multiple of.'),
    not: props('A schema that must not match.'),
    nullable: bool('Whether null is allowed.'),
    oneOf: propsList('Schemas of which exactly one must match.'),
    pattern: str('A regular expression strings must match.'),
    patternProperties: propsMap('Schemas of keys matching patterns.'),
    properties: propsMap('The schemas of the keys.'),
    required: strings('Keys that must be present.', atomic),
    title: str('A title.'),
    type: str('object, array, string, integer, number or boolean.'),
    uniqueItems: bool('Whether items must differ.'),
    'x-kubernetes-embedded-resource': bool(
      'Whether the value is an object with apiVersion, kind and metadata.',
    ),
    'x-kubernetes-int-or-string': bool('Whether the value is an integer or a string.'),
    'x-kubernetes-list-map-keys': strings('The keys of a map list.', atomic),
    'x-kubernetes-list-type': str('atomic, set or map.'),
    'x-kubernetes-map-type': str('granular or atomic.'),
    'x-kubernetes-preserve-unknown-fields': bool('Whether undeclared fields are kept.'),
    'x-kubernetes-validations': listOf(
      ext('ValidationRule'),
      'CEL rules the value must satisfy.',
      patch('rule'),
      mapKeys('rule'),
    ),
  }),
  [ext('ExternalDocumentation')]: struct('Documentation elsewhere.', {
    description: str('What it is.'),
    url: str('Where it is.'),
  }),
  [ext('ValidationRule')]: struct(
    'A CEL validation rule.',
    {
      fieldPath: str('The field a failure is reported at.'),
      message: str('The message of a failure.'),
      messageExpression: str('A CEL expression computing the message.'),
      optionalOldSelf: bool('Whether the rule also runs on creation, with oldSelf empty.'),
      reason: str('The reason of a failure (FieldValueInvalid, …).'),
      rule: str('The CEL expression.'),
    },
    ['rule'],
  ),
  [ext('JSON')]: opaque('Any JSON value.'),
  [ext('JSONSchemaPropsOrArray')]: opaque('A schema, or a list of schemas.'),
  [ext('JSONSchemaPropsOrBool')]: opaque('A schema, or a boolean.'),
  [ext('JSONSchemaPropsOrStringArray')]: opaque('A schema, or a list of strings.'),
};
