/**
 * The real kubectl (1.27, the one on PATH, 1.33) against a running API server serving the
 * test resources: the generic verbs every resource shares.
 */
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { pino } from 'pino';
import { startControlPlane } from '../../src/server/control_plane.js';
import type { ControlPlane } from '../../src/server/control_plane.js';
import { SqliteStore } from '../../src/storage/sqlite/sqlite_store.js';
import { testResources } from '../fixtures/resources.js';

const run = promisify(execFile);
const SDK = '/usr/lib/google-cloud-sdk/bin';
const KUBECTLS = [`${SDK}/kubectl.1.27`, 'kubectl', `${SDK}/kubectl.1.33`];

let cp: ControlPlane;
let dir: string;

before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubets-e2e-'));
  cp = await startControlPlane({
    dataDir: dir,
    httpsPort: 0,
    bindAddress: '127.0.0.1',
    resources: testResources(),
    log: pino({ level: 'silent' }),
    store: await SqliteStore.open({ path: ':memory:' }),
  });
});

after(async () => {
  await cp.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

for (const kubectl of KUBECTLS) {
  describe(`kubectl ${path.basename(kubectl)}`, () => {
    const k = async (args: string[], input?: string) => {
      const child = run(kubectl, ['--kubeconfig', cp.kubeconfigPath, ...args], { encoding: 'utf8' });
      if (input !== undefined) {
        child.child.stdin!.end(input);
      }
      try {
        const { stdout, stderr } = await child;
        return { code: 0, stdout, stderr };
      } catch (err) {
        const e = err as { code: number; stdout: string; stderr: string };
        return { code: e.code, stdout: e.stdout, stderr: e.stderr };
      }
    };
    const ok = async (args: string[], input?: string) => {
      const r = await k(args, input);
      assert.equal(r.code, 0, `kubectl ${args.join(' ')}: ${r.stderr}`);
      return r.stdout;
    };
    const ns = `ns-${path.basename(kubectl).replace(/\W/g, '')}`;

    test('discovery, namespaces and the immortal ones', async () => {
      assert.match(await ok(['version', '-o', 'json']), /"gitVersion": "v1\.31\.0\+kubets"/);
      const resources = await ok(['api-resources']);
      assert.match(resources, /configmaps\s+cm\s+v1\s+true\s+ConfigMap/);
      assert.match(resources, /widgets\s+example\.com\/v1\s+true\s+Widget/);
      assert.match(await ok(['api-versions']), /example\.com\/v1/);
      await ok(['create', 'namespace', ns]);
      const nss = await ok(['get', 'ns']);
      for (const n of ['default', 'kube-system', 'kube-public', 'kube-node-lease', ns])
        assert.match(nss, new RegExp(n));
      const immortal = await k(['delete', 'ns', 'kube-system']);
      assert.match(
        immortal.stderr,
        /namespaces "kube-system" is forbidden: this namespace may not be deleted/,
      );
    });

    test('create, get in several formats, label, annotate, patch, replace with a conflict', async () => {
      await ok(['-n', ns, 'create', 'configmap', 'c1', '--from-literal=a=1']);
      assert.match(await ok(['-n', ns, 'get', 'cm']), /^NAME\s+AGE\nc1\s+\d+s\n$/);
      const obj = JSON.parse(await ok(['-n', ns, 'get', 'cm', 'c1', '-o', 'json'])) as {
        data: Record<string, string>;
        metadata: { uid: string; resourceVersion: string };
      };
      assert.deepEqual(obj.data, { a: '1' });
      assert.match(obj.metadata.uid, /^[0-9a-f-]{36}$/);
      assert.match(await ok(['-n', ns, 'get', 'cm', 'c1', '-o', 'yaml']), /kind: ConfigMap/);
      assert.equal(await ok(['-n', ns, 'get', 'cm', 'c1', '-o', 'jsonpath={.data.a}']), '1');
      assert.equal(await ok(['-n', ns, 'get', 'cm', '-o', 'name']), 'configmap/c1\n');
      await ok(['-n', ns, 'label', 'cm', 'c1', 'tier=web']);
      await ok(['-n', ns, 'annotate', 'cm', 'c1', 'note=hello']);
      assert.match(await ok(['-n', ns, 'get', 'cm', '-l', 'tier=web', '-o', 'name']), /configmap\/c1/);
      assert.equal(await ok(['-n', ns, 'get', 'cm', '-l', 'tier!=web', '-o', 'name']), '');
      assert.match(
        await ok(['-n', ns, 'get', 'cm', '--field-selector', 'metadata.name=c1', '-o', 'name']),
        /c1/,
      );
      await ok([
        '-n',
        ns,
        'patch',
        'cm',
        'c1',
        '--type=json',
        '-p',
        '[{"op":"add","path":"/data/b","value":"2"}]',
      ]);
      await ok(['-n', ns, 'patch', 'cm', 'c1', '--type=merge', '-p', '{"data":{"c":"3"}}']);
      await ok(['-n', ns, 'patch', 'cm', 'c1', '-p', '{"data":{"d":"4"}}']);
      assert.equal(
        await ok(['-n', ns, 'get', 'cm', 'c1', '-o', 'jsonpath={.data}']),
        '{"a":"1","b":"2","c":"3","d":"4"}',
      );
      // replace with a stale resourceVersion: 409 Conflict, as upstream words it.
      const stale = { ...obj, data: { a: 'stale' } };
      const r = await k(['-n', ns, 'replace', '-f', '-'], JSON.stringify(stale));
      assert.notEqual(r.code, 0);
      assert.match(
        r.stderr,
        /Operation cannot be fulfilled on configmaps "c1": the object has been modified/,
      );
      const fresh = JSON.parse(await ok(['-n', ns, 'get', 'cm', 'c1', '-o', 'json'])) as {
        data: Record<string, string>;
      };
      fresh.data = { only: 'this' };
      await ok(['-n', ns, 'replace', '-f', '-'], JSON.stringify(fresh));
      assert.equal(await ok(['-n', ns, 'get', 'cm', 'c1', '-o', 'jsonpath={.data}']), '{"only":"this"}');
    });

    test('apply client-side and server-side, diff, dry-run=server', async () => {
      const manifest = (v: string) =>
        `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: applied\n  namespace: ${ns}\ndata:\n  k: ${v}\n`;
      assert.match(await ok(['apply', '-f', '-'], manifest('one')), /configmap\/applied created/);
      assert.match(await ok(['apply', '-f', '-'], manifest('two')), /configmap\/applied configured/);
      assert.equal(await ok(['-n', ns, 'get', 'cm', 'applied', '-o', 'jsonpath={.data.k}']), 'two');
      const d = await k(['diff', '-f', '-'], manifest('three'));
      assert.equal(d.code, 1, d.stderr);
      assert.match(d.stdout, /-\s+k: two\n\+\s+k: three/);
      assert.match(await ok(['apply', '--server-side', '-f', '-'], manifest('three')), /serverside-applied/);
      assert.equal(await ok(['-n', ns, 'get', 'cm', 'applied', '-o', 'jsonpath={.data.k}']), 'three');
      await ok(['apply', '--dry-run=server', '-f', '-'], manifest('four'));
      assert.equal(await ok(['-n', ns, 'get', 'cm', 'applied', '-o', 'jsonpath={.data.k}']), 'three');
      await ok(['-n', ns, 'create', 'cm', 'dry', '--dry-run=server']);
      assert.notEqual((await k(['-n', ns, 'get', 'cm', 'dry'])).code, 0);
    });

    test('bad input gets upstream errors', async () => {
      const bad = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: Bad_Name\n  namespace: ${ns}\n`;
      const r = await k(['create', '-f', '-'], bad);
      assert.notEqual(r.code, 0);
      assert.match(
        r.stderr,
        /The ConfigMap "Bad_Name" is invalid: metadata\.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain/,
      );
      const missing = await k(['-n', ns, 'get', 'cm', 'nope']);
      assert.match(missing.stderr, /Error from server \(NotFound\): configmaps "nope" not found/);
      const applyNoNs = await k(
        ['apply', '--server-side', '-f', '-'],
        'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  namespace: no-such-ns\n',
      );
      assert.match(applyNoNs.stderr, /namespaces "no-such-ns" not found/);
      const noNs = await k(['-n', 'no-such-ns', 'create', 'cm', 'x']);
      assert.match(noNs.stderr, /namespaces "no-such-ns" not found/);
      const dup = await k(['-n', ns, 'create', 'cm', 'c1']);
      assert.match(dup.stderr, /configmaps "c1" already exists/);
      const typo = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: typo\n  namespace: ${ns}\ndat:\n  k: v\n`;
      const strict = await k(['create', '-f', '-'], typo);
      assert.match(
        strict.stderr,
        /ConfigMap in version "v1" cannot be handled as a ConfigMap: strict decoding error: unknown field "dat"/,
      );
      const ssa = await k(['apply', '--server-side', '-f', '-'], typo);
      assert.match(ssa.stderr, /\.dat: field not declared in schema/);
      await ok(['create', '--validate=false', '-f', '-'], typo);
      assert.equal(await ok(['-n', ns, 'get', 'cm', 'typo', '-o', 'jsonpath={.dat}']), '');
    });

    test('scale subresource and watch', async () => {
      await ok(
        ['apply', '-f', '-'],
        `apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n  namespace: ${ns}\nspec:\n  replicas: 1\n`,
      );
      await ok(['-n', ns, 'scale', 'widget', 'w', '--replicas=3']);
      assert.equal(
        await ok(['-n', ns, 'get', 'widget', 'w', '-o', 'jsonpath={.spec.replicas} {.metadata.generation}']),
        '3 2',
      );
      const watcher = spawn(kubectl, [
        '--kubeconfig',
        cp.kubeconfigPath,
        '-n',
        ns,
        'get',
        'cm',
        '-w',
        '-o',
        'name',
      ]);
      let out = '';
      watcher.stdout.on('data', (b: Buffer) => (out += b.toString()));
      await new Promise((r) => setTimeout(r, 1500));
      await ok(['-n', ns, 'create', 'cm', 'watched']);
      const deadline = Date.now() + 10_000;
      while (!out.includes('configmap/watched') && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 100));
      watcher.kill();
      assert.match(out, /configmap\/watched/);
    });

    test('delete: one, with a finalizer, by label, and the namespace', async () => {
      await ok(['-n', ns, 'delete', 'cm', 'c1']);
      assert.notEqual((await k(['-n', ns, 'get', 'cm', 'c1'])).code, 0);
      await ok(['-n', ns, 'create', 'cm', 'held']);
      await ok([
        '-n',
        ns,
        'patch',
        'cm',
        'held',
        '--type=merge',
        '-p',
        '{"metadata":{"finalizers":["example.com/hold"]}}',
      ]);
      await ok(['-n', ns, 'delete', 'cm', 'held', '--wait=false']);
      const held = await ok(['-n', ns, 'get', 'cm', 'held', '-o', 'jsonpath={.metadata.deletionTimestamp}']);
      assert.match(held, /^\d{4}-/);
      await ok([
        '-n',
        ns,
        'patch',
        'cm',
        'held',
        '--type=json',
        '-p',
        '[{"op":"remove","path":"/metadata/finalizers"}]',
      ]);
      assert.notEqual((await k(['-n', ns, 'get', 'cm', 'held'])).code, 0);
      await ok(['-n', ns, 'label', 'cm', 'applied', 'gone=yes']);
      await ok(['-n', ns, 'delete', 'cm', '-l', 'gone=yes']);
      assert.doesNotMatch(await ok(['-n', ns, 'get', 'cm', '-o', 'name']), /applied/);
    });
  });
}
