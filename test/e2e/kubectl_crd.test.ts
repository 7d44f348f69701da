/**
 * The real kubectl (1.27, the one on PATH, 1.33) with CustomResourceDefinitions: apply a CRD,
 * wait until it is Established, discover it, and create, read, describe, explain, scale, patch,
 * apply and delete custom resources; invalid ones fail with upstream's text; deleting the CRD
 * removes its resources.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { builtinResources } from '../../src/apiserver/registry/builtin/index.js';
import type { E2eCluster } from '../fixtures/kubectl_runner.js';
import { KUBECTLS, kubectlRunner, startE2eCluster } from '../fixtures/kubectl_runner.js';

let cluster: E2eCluster;

before(async () => {
  cluster = await startE2eCluster(builtinResources());
});

after(() => cluster.stop());

/** A CRD of group `<suffix>.example.com` so that each kubectl version has its own. */
function crdYaml(group: string): string {
  return `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.${group}
spec:
  group: ${group}
  scope: Namespaced
  names:
    plural: widgets
    singular: widget
    kind: Widget
    shortNames: [wd]
  versions:
  - name: v1
    served: true
    storage: true
    subresources:
      status: {}
      scale:
        specReplicasPath: .spec.replicas
        statusReplicasPath: .status.replicas
    additionalPrinterColumns:
    - name: Size
      type: string
      jsonPath: .spec.size
    - name: Replicas
      type: integer
      jsonPath: .spec.replicas
    - name: Age
      type: date
      jsonPath: .metadata.creationTimestamp
    - name: Color
      type: string
      priority: 1
      jsonPath: .spec.color
    schema:
      openAPIV3Schema:
        type: object
        description: A Widget is a thing with a size.
        properties:
          spec:
            type: object
            description: What the widget should be.
            required: [size]
            properties:
              size:
                type: string
                description: How big the widget is.
                enum: [small, large]
              replicas:
                type: integer
                minimum: 0
                default: 1
              color:
                type: string
                default: blue
          status:
            type: object
            properties:
              replicas:
                type: integer
`;
}

for (const kubectl of KUBECTLS) {
  describe(`kubectl ${path.basename(kubectl)}`, () => {
    const { k, ok } = kubectlRunner(kubectl, () => cluster);
    const group = `${path.basename(kubectl).replace(/\W/g, '')}.example.com`;
    const res = `widgets.${group}`;
    const ns = `crd-${path.basename(kubectl).replace(/\W/g, '')}`;
    const cr = (name: string, spec: string) =>
      `apiVersion: ${group}/v1\nkind: Widget\nmetadata:\n  name: ${name}\n  namespace: ${ns}\nspec:\n${spec}`;

    test('apply a CRD, wait until Established, discover it', async () => {
      await ok(['create', 'namespace', ns]);
      assert.match(await ok(['apply', '-f', '-'], crdYaml(group)), new RegExp(`${res} created`));
      await ok(['wait', '--for=condition=Established', `crd/${res}`, '--timeout=30s']);
      const resources = await ok(['api-resources', '--api-group', group]);
      assert.match(
        resources,
        new RegExp(`widgets\\s+wd\\s+${group.replace(/\./g, '\\.')}/v1\\s+true\\s+Widget`),
      );
      assert.match(await ok(['get', 'crd', res]), new RegExp(`^NAME\\s+CREATED AT\\n${res}\\s+\\d{4}-`));
    });

    test('create, get, -o wide, describe, explain', async () => {
      await ok(['apply', '-f', '-'], cr('w1', '  size: small\n'));
      const table = await ok(['-n', ns, 'get', res]);
      assert.match(table, /^NAME\s+SIZE\s+REPLICAS\s+AGE\n/);
      assert.match(table, /\nw1\s+small\s+1\s+\d+s\n$/);
      assert.match(
        await ok(['-n', ns, 'get', 'wd', '-o', 'wide']),
        /^NAME\s+SIZE\s+REPLICAS\s+AGE\s+COLOR\nw1\s+small\s+1\s+\d+s\s+blue\n$/,
      );
      const obj = JSON.parse(await ok(['-n', ns, 'get', res, 'w1', '-o', 'json'])) as {
        spec: Record<string, unknown>;
        metadata: { generation: number };
      };
      assert.deepEqual(obj.spec, { size: 'small', replicas: 1, color: 'blue' });
      assert.equal(obj.metadata.generation, 1);
      const described = await ok(['-n', ns, 'describe', res, 'w1']);
      assert.match(described, /Name:\s+w1/);
      assert.match(described, /Kind:\s+Widget/);
      assert.match(described, /Size:\s+small/);
      const explained = await ok(['explain', `${res}.spec`]);
      assert.match(explained, /KIND:\s+Widget/);
      assert.match(explained, /What the widget should be\./);
      assert.match(explained, /size\s+<string>.*-required-/);
    });

    test('scale, patch (merge and json), apply --server-side', async () => {
      await ok(['-n', ns, 'scale', res, 'w1', '--replicas=3']);
      assert.equal(await ok(['-n', ns, 'get', res, 'w1', '-o', 'jsonpath={.spec.replicas}']), '3');
      await ok(['-n', ns, 'patch', res, 'w1', '--type=merge', '-p', '{"spec":{"color":"red"}}']);
      await ok([
        '-n',
        ns,
        'patch',
        res,
        'w1',
        '--type=json',
        '-p',
        '[{"op":"replace","path":"/spec/size","value":"large"}]',
      ]);
      assert.equal(
        await ok(['-n', ns, 'get', res, 'w1', '-o', 'jsonpath={.spec.color}/{.spec.size}']),
        'red/large',
      );
      const smp = await k(['-n', ns, 'patch', res, 'w1', '-p', '{"spec":{"color":"green"}}']);
      assert.notEqual(smp.code, 0);
      assert.match(
        smp.stderr,
        /strategic merge patch is not supported|unknown format|UnsupportedMediaType|application\/strategic-merge-patch\+json/,
      );
      await ok(['apply', '--server-side', '-f', '-'], cr('w2', '  size: large\n  replicas: 2\n'));
      assert.equal(
        await ok(['-n', ns, 'get', res, 'w2', '-o', 'jsonpath={.spec.replicas}/{.spec.color}']),
        '2/blue',
      );
      await ok(['apply', '--server-side', '-f', '-'], cr('w2', '  size: large\n  replicas: 4\n'));
      const undeclared = await k(
        ['apply', '--server-side', '-f', '-'],
        cr('w2', '  size: large\n  bogus: 4\n'),
      );
      assert.notEqual(undeclared.code, 0);
      assert.match(undeclared.stderr, /\.spec\.bogus: field not declared in schema/);
      assert.equal(await ok(['-n', ns, 'get', res, 'w2', '-o', 'jsonpath={.spec.replicas}']), '4');
      assert.match(
        await ok(['-n', ns, 'delete', res, 'w2']),
        new RegExp(`widget.${group.replace(/\./g, '\\.')} "w2" deleted`),
      );
    });

    test('invalid custom resources fail with upstream text', async () => {
      const bad = await k(['create', '-f', '-'], cr('bad', '  size: huge\n  replicas: many\n'));
      assert.notEqual(bad.code, 0);
      assert.match(
        bad.stderr,
        /The Widget "bad" is invalid: \n\* spec\.replicas: Invalid value: "string": spec\.replicas in body must be of type integer: "string"\n\* spec\.size: Unsupported value: "huge": supported values: "small", "large"/,
      );
      const unknown = await k(['create', '-f', '-'], cr('bad', '  size: small\n  bogus: 1\n'));
      assert.notEqual(unknown.code, 0);
      assert.match(
        unknown.stderr,
        /Widget in version "v1" cannot be handled as a Widget: strict decoding error: unknown field "spec\.bogus"/,
      );
    });

    test('deleting the CRD deletes its custom resources', async () => {
      assert.match(
        await ok(['delete', 'crd', res]),
        new RegExp(`customresourcedefinition.apiextensions.k8s.io "${res.replace(/\./g, '\\.')}" deleted`),
      );
      assert.equal(await ok(['get', 'crd', '-o', 'name']).then((s) => s.includes(res)), false);
      const gone = await k(['-n', ns, 'get', res]);
      assert.notEqual(gone.code, 0);
      assert.match(gone.stderr, /the server doesn't have a resource type/);
    });
  });
}
