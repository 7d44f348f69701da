import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fieldErrorText } from '../../api/field_errors.js';
import type { KubeObject } from '../../api/object.js';
import { widgetCrd } from './crd_fixtures.js';
import { validateCustomResourceDefinition } from './crd_validation.js';

type Spec = { versions: Array<Record<string, unknown>>; [k: string]: unknown };

function crdWith(change: (spec: Spec, crd: KubeObject) => void): KubeObject {
  const crd = widgetCrd() as unknown as KubeObject;
  change(crd.spec as Spec, crd);
  return crd;
}

const cases: Array<{ name: string; crd: KubeObject; errors: string[] }> = [
  { name: 'the fixture is valid', crd: crdWith(() => undefined), errors: [] },
  {
    name: 'webhook conversion is not served',
    crd: crdWith((s) => (s.conversion = { strategy: 'Webhook' })),
    errors: [
      'spec.conversion.strategy: Unsupported value: "Webhook": supported values: "None" (conversion webhooks are not supported by kubets)',
    ],
  },
  {
    name: 'versions are unique and have schemas',
    crd: crdWith((s) => {
      s.versions[1]!.name = 'v1';
      delete s.versions[1]!.schema;
    }),
    errors: [
      'spec.versions[1].name: Duplicate value: "v1"',
      'spec.versions[1].schema.openAPIV3Schema: Required value: schemas are required',
    ],
  },
  {
    name: 'schemas are structural',
    crd: crdWith((s) => {
      s.versions[0]!.schema = {
        openAPIV3Schema: {
          type: 'object',
          properties: {
            spec: { properties: { a: { type: 'string' } } },
            list: { type: 'array', items: { description: 'x' } },
            both: { type: 'object', properties: {}, additionalProperties: { type: 'string' } },
          },
        },
      };
    }),
    errors: [
      'spec.versions[0].schema.openAPIV3Schema.properties[both].additionalProperties: Forbidden: additionalProperties and properties are mutual exclusive',
      'spec.versions[0].schema.openAPIV3Schema.properties[list].items.type: Required value: must not be empty for specified array items',
      'spec.versions[0].schema.openAPIV3Schema.properties[spec].type: Required value: must not be empty for specified object fields',
    ],
  },
  {
    name: 'the root is an object',
    crd: crdWith((s) => (s.versions[0]!.schema = { openAPIV3Schema: { type: 'string' } })),
    errors: [
      'spec.versions[0].schema.openAPIV3Schema.type: Invalid value: "string": must be object at the root',
    ],
  },
  {
    name: 'printer columns have a name, a known type and a simple JSONPath',
    crd: crdWith((s) => {
      s.versions[0]!.additionalPrinterColumns = [
        { name: 'A', type: 'text', jsonPath: '.spec.a' },
        { name: 'B', type: 'string', jsonPath: 'spec.b' },
        { type: 'string' },
      ];
    }),
    errors: [
      'spec.versions[0].additionalPrinterColumns[0].type: Unsupported value: "text": supported values: "integer", "number", "string", "boolean", "date"',
      'spec.versions[0].additionalPrinterColumns[1].jsonPath: Invalid value: "spec.b": must be a simple json path starting with .',
      'spec.versions[0].additionalPrinterColumns[2].jsonPath: Required value',
      'spec.versions[0].additionalPrinterColumns[2].name: Required value',
    ],
  },
  {
    name: 'scale paths point under spec and status',
    crd: crdWith((s) => {
      s.versions[0]!.subresources = {
        scale: { specReplicasPath: '.status.replicas', labelSelectorPath: '.metadata.x' },
      };
    }),
    errors: [
      'spec.versions[0].subresources.scale.labelSelectorPath: Invalid value: ".metadata.x": should be a json path under either .spec or .status',
      'spec.versions[0].subresources.scale.specReplicasPath: Invalid value: ".status.replicas": should be a json path under .spec',
      'spec.versions[0].subresources.scale.statusReplicasPath: Required value',
    ],
  },
  {
    name: 'protected groups need the approval annotation',
    crd: crdWith((s) => (s.group = 'widgets.k8s.io')),
    errors: [
      'metadata.annotations[api-approved.kubernetes.io]: Required value: protected groups must have approval annotation "api-approved.kubernetes.io", see https://github.com/kubernetes/enhancements/pull/1111',
    ],
  },
];

describe('validateCustomResourceDefinition', () => {
  for (const c of cases) {
    it(c.name, () => {
      assert.deepEqual(
        validateCustomResourceDefinition(c.crd).map(fieldErrorText).sort(),
        [...c.errors].sort(),
      );
    });
  }
});
