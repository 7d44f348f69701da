import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ALL_DEFINITIONS } from './definitions.js';
import { dropUnknownFields, resolveSchema } from './unknown_fields.js';

const kindSchema = (name: string) => ALL_DEFINITIONS[name]!;
const POD = 'io.k8s.api.core.v1.Pod';
const DEPLOYMENT = 'io.k8s.api.apps.v1.Deployment';

const cases: {
  name: string;
  kind: string;
  obj: Record<string, unknown>;
  dropped: string[];
  after?: unknown;
}[] = [
  {
    name: 'a typo in a container',
    kind: POD,
    obj: {
      spec: {
        containers: [
          { name: 'a', image: 'x' },
          { name: 'b', imagee: 'x' },
        ],
      },
    },
    dropped: ['spec.containers[1].imagee'],
    after: { spec: { containers: [{ name: 'a', image: 'x' }, { name: 'b' }] } },
  },
  {
    name: 'unknown fields at every depth, in document order',
    kind: POD,
    obj: {
      zeta: 1,
      metadata: { name: 'p', foo: 'bar' },
      spec: {
        containers: [{ name: 'a', livenessProbe: { httpGet: { port: 80, hots: 'h' } } }],
        bogus: true,
      },
      status: { phase: 'Running', containerStatuses: [{ name: 'a', state: { running: {}, walking: {} } }] },
    },
    dropped: [
      'zeta',
      'metadata.foo',
      'spec.containers[0].livenessProbe.httpGet.hots',
      'spec.bogus',
      'status.containerStatuses[0].state.walking',
    ],
  },
  {
    name: 'names match case-sensitively',
    kind: POD,
    obj: { spec: { containers: [{ name: 'a', Image: 'x' }] } },
    dropped: ['spec.containers[0].Image'],
  },
  {
    name: 'map values and opaque fields are kept',
    kind: POD,
    obj: {
      metadata: { labels: { anything: 'goes' }, managedFields: [{ fieldsV1: { 'f:spec': {} } }] },
      spec: {
        nodeSelector: { 'x/y': 'z' },
        containers: [{ name: 'a', resources: { limits: { cpu: '1', 'example.com/gpu': 2 } } }],
      },
    },
    dropped: [],
  },
  {
    name: 'int-or-string and quantities take numbers and strings',
    kind: DEPLOYMENT,
    obj: {
      spec: {
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: '25%' } },
        template: { metadata: { labels: { a: 'b' }, bad: 1 }, spec: { containers: [] } },
      },
    },
    dropped: ['spec.template.metadata.bad'],
  },
  {
    name: 'a ControllerRevision keeps its data as given',
    kind: 'io.k8s.api.apps.v1.ControllerRevision',
    obj: { revision: 1, data: { spec: { template: { anything: true } } }, extra: 1 },
    dropped: ['extra'],
  },
  {
    name: 'LimitRangeItem.default is a field',
    kind: 'io.k8s.api.core.v1.LimitRange',
    obj: { spec: { limits: [{ type: 'Container', default: { cpu: '1' }, defaults: {} }] } },
    dropped: ['spec.limits[0].defaults'],
  },
  {
    name: 'a CRD schema is walked through properties; schema-or-value fields are kept as given',
    kind: 'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinition',
    obj: {
      spec: {
        versions: [
          {
            name: 'v1',
            schema: {
              openAPIV3Schema: {
                type: 'object',
                'x-kubernetes-preserve-unknown-fields': true,
                properties: {
                  spec: {
                    type: 'object',
                    descripton: 'typo',
                    properties: { size: { type: 'string', default: { any: 'thing' } } },
                  },
                  list: { type: 'array', items: { type: 'string', anything: 1 } },
                },
              },
            },
          },
        ],
      },
    },
    dropped: ['spec.versions[0].schema.openAPIV3Schema.properties.spec.descripton'],
  },
  {
    name: 'nulls and values of the wrong shape are left to validation',
    kind: POD,
    obj: { spec: { containers: null, volumes: 'x', unknownNull: null } },
    dropped: ['spec.unknownNull'],
  },
];

for (const c of cases) {
  test(`dropUnknownFields: ${c.name}`, () => {
    const obj = structuredClone(c.obj);
    assert.deepEqual(dropUnknownFields(obj, kindSchema(c.kind), ALL_DEFINITIONS), c.dropped);
    if (c.after) assert.deepEqual(obj, c.after);
    // Dropped once, the object has nothing left to drop.
    assert.deepEqual(dropUnknownFields(obj, kindSchema(c.kind), ALL_DEFINITIONS), []);
  });
}

test('resolveSchema follows references and one-element allOf', () => {
  const defs = { a: { $ref: 'b' }, b: { type: 'string' } };
  assert.deepEqual(resolveSchema({ $ref: 'a' }, defs), { type: 'string' });
  assert.deepEqual(resolveSchema({ allOf: [{ $ref: 'b' }], description: 'd' }, defs), { type: 'string' });
  assert.equal(resolveSchema({ $ref: 'missing' }, defs), undefined);
});
