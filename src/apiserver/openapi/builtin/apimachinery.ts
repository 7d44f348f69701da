/**
 * Definitions of the apimachinery types built-in kinds refer to beyond ObjectMeta
 * (meta_schemas.ts): Quantity, IntOrString, Time, MicroTime, RawExtension, LabelSelector and
 * the standard Condition.
 */
import type { Definitions } from './dsl.js';
import {
  atomic,
  bool,
  INT_OR_STRING,
  int64,
  listOf,
  META,
  MICRO_TIME,
  enumOf,
  QUANTITY,
  RAW_EXTENSION,
  ref,
  str,
  stringMap,
  strings,
  struct,
  time,
  TIME,
} from './dsl.js';

/** The apimachinery definitions, by upstream's names. */
export const APIMACHINERY: Definitions = {
  // OpenAPI 3 says "one of these types" (kubectl explain then names the type); Swagger 2.0
  // documents take the first (render.ts).
  [QUANTITY]: {
    oneOf: [{ type: 'string' }, { type: 'number' }],
    description: 'A fixed-point amount such as 100m, 1.5, 2Gi or 1e3.',
  },
  [INT_OR_STRING]: {
    oneOf: [{ type: 'string' }, { type: 'integer' }],
    format: 'int-or-string',
    'x-kubernetes-int-or-string': true,
    description: 'Either an integer or a string (a number of items, or a percentage such as 25%).',
  },
  [TIME]: { type: 'string', format: 'date-time', description: 'An RFC 3339 timestamp, in seconds.' },
  [MICRO_TIME]: {
    type: 'string',
    format: 'date-time',
    description: 'An RFC 3339 timestamp, in microseconds.',
  },
  [RAW_EXTENSION]: {
    type: 'object',
    'x-kubernetes-preserve-unknown-fields': true,
    description: 'An embedded object, kept as given.',
  },
  [`${META}.LabelSelector`]: {
    ...struct('Selects objects by their labels; every requirement must hold.', {
      matchExpressions: listOf(`${META}.LabelSelectorRequirement`, 'Requirements on label values.', atomic),
      matchLabels: stringMap('Labels that must all be present with these values.'),
    }),
    'x-kubernetes-map-type': 'atomic',
  },
  [`${META}.LabelSelectorRequirement`]: struct(
    'A requirement on the value of one label.',
    {
      key: str('The label key.'),
      operator: str('How the key relates to the values: In, NotIn, Exists or DoesNotExist.'),
      values: strings('The values: non-empty for In and NotIn, empty for Exists and DoesNotExist.', atomic),
    },
    ['key', 'operator'],
  ),
  [`${META}.DeleteOptions`]: {
    ...struct('Options of a deletion.', {
      apiVersion: str('The versioned schema of this object: group/version.'),
      dryRun: strings('All: go through the motions without deleting.', atomic),
      gracePeriodSeconds: int64('Seconds before the object is deleted; 0 at once.'),
      ignoreStoreReadErrorWithClusterBreakingPotential: bool('Delete an object the store cannot decode.'),
      kind: str('The REST resource this object represents.'),
      orphanDependents: bool('Deprecated: orphan the dependents.'),
      preconditions: ref(`${META}.Preconditions`, 'What must hold for the deletion to go ahead.'),
      propagationPolicy: str('Orphan, Background or Foreground: what happens to dependents.'),
    }),
    'x-kubernetes-group-version-kind': [{ group: '', version: 'v1', kind: 'DeleteOptions' }],
  },
  [`${META}.Preconditions`]: struct('What must hold for an operation to go ahead.', {
    resourceVersion: str('The resource version the object must have.'),
    uid: str('The UID the object must have.'),
  }),
  [`${META}.Condition`]: struct(
    'One aspect of the current state of an object.',
    {
      lastTransitionTime: time('When the condition last changed status.'),
      message: str('A human-readable explanation.'),
      observedGeneration: int64('The metadata.generation the condition was computed for.'),
      reason: str('A CamelCase word saying why the condition is as it is.'),
      status: enumOf(['True', 'False', 'Unknown'], 'Status of the condition.'),
      type: str('The type of condition, in CamelCase.'),
    },
    ['type', 'status', 'lastTransitionTime', 'reason', 'message'],
  ),
};
