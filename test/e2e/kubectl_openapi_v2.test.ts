/**
 * kubectl 1.27 reads `/openapi/v2` as gnostic protobuf: create, apply and explain against a
 * running server that serves the test resources.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { pino } from 'pino';
import YAML from 'yaml';
import {
  OPENAPI_V2_PROTOBUF,
  OPENAPI_V2_PROTOBUF_DEPRECATED,
  openApiV2Types,
} from '../../src/apiserver/openapi/openapi_v2_proto.js';
import { startControlPlane } from '../../src/server/control_plane.js';
import type { ControlPlane } from '../../src/server/control_plane.js';
import { SqliteStore } from '../../src/storage/sqlite/sqlite_store.js';
import { testResources } from '../fixtures/resources.js';

type JsonObject = Record<string, unknown>;
type Message = Record<string, unknown>;

/** Decodes bytes as kubectl does, into plain objects with proto field names. */
function decode(bytes: Uint8Array): Message {
  const D = openApiV2Types().lookupType('Document');
  return D.toObject(D.decode(bytes), { longs: Number });
}

const names = (list: unknown) => (list as { name: string }[]).map((e) => e.name);

const KUBECTL_1_27 = '/usr/lib/google-cloud-sdk/bin/kubectl.1.27';

describe('kubectl 1.27 reads /openapi/v2 as protobuf', () => {
  const run = promisify(execFile);
  let cp: ControlPlane;
  let dir: string;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubets-openapi-v2-'));
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

  const kubectl = async (args: string[], input?: string) => {
    const child = run(KUBECTL_1_27, ['--kubeconfig', cp.kubeconfigPath, ...args], { encoding: 'utf8' });
    if (input !== undefined) child.child.stdin!.end(input);
    try {
      const { stdout, stderr } = await child;
      return { stdout, stderr };
    } catch (err) {
      const e = err as { stderr: string };
      assert.fail(`kubectl ${args.join(' ')}: ${e.stderr}`);
    }
  };

  /** GET /openapi/v2 with an Accept header, authenticated with the kubeconfig's client cert. */
  const fetchOpenApi = (accept: string) => {
    const cfg = YAML.parse(fs.readFileSync(cp.kubeconfigPath, 'utf8')) as {
      clusters: { cluster: { 'certificate-authority-data': string } }[];
      users: { user: { 'client-certificate-data': string; 'client-key-data': string } }[];
    };
    const b64 = (s: string) => Buffer.from(s, 'base64');
    return new Promise<{ status: number; type: string; body: Buffer }>((resolve, reject) => {
      const req = https.get(
        `${cp.url}/openapi/v2`,
        {
          headers: { accept },
          ca: b64(cfg.clusters[0]!.cluster['certificate-authority-data']),
          cert: b64(cfg.users[0]!.user['client-certificate-data']),
          key: b64(cfg.users[0]!.user['client-key-data']),
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              type: String(res.headers['content-type']),
              body: Buffer.concat(chunks),
            }),
          );
        },
      );
      req.on('error', reject);
    });
  };

  test('the server answers kubectl’s Accept header with the protobuf document, JSON otherwise', async () => {
    const pb = await fetchOpenApi(OPENAPI_V2_PROTOBUF_DEPRECATED);
    assert.equal(pb.status, 200);
    assert.equal(pb.type, OPENAPI_V2_PROTOBUF);
    const paths = names((decode(pb.body).paths as Message).path);
    assert.ok(paths.includes('/api/v1/namespaces/{namespace}/configmaps/{name}'));
    const json = await fetchOpenApi('application/json');
    assert.equal(json.status, 200);
    assert.equal((JSON.parse(json.body.toString()) as JsonObject).swagger, '2.0');
  });

  test('create and apply (create, then patch) a ConfigMap and a Widget', async () => {
    await kubectl(['create', 'configmap', 'created', '-n', 'default', '--from-literal=a=1']);
    const cm = (v: string) => `apiVersion: v1
kind: ConfigMap
metadata:
  name: applied
  namespace: default
  labels: {app: demo}
data:
  key: "${v}"
`;
    assert.match((await kubectl(['apply', '-f', '-'], cm('one'))).stdout, /configmap\/applied created/);
    const second = await kubectl(['apply', '-f', '-'], cm('two'));
    assert.match(second.stdout, /configmap\/applied configured/);
    assert.doesNotMatch(second.stderr, /openapi/i);
    const got = JSON.parse(
      (await kubectl(['get', 'cm', 'applied', '-n', 'default', '-o', 'json'])).stdout,
    ) as {
      data: Record<string, string>;
    };
    assert.deepEqual(got.data, { key: 'two' });
    const widget = (n: number) =>
      `{"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"w","namespace":"default"},"spec":{"replicas":${n}}}`;
    assert.match((await kubectl(['apply', '-f', '-'], widget(1))).stdout, /widget\.example\.com\/w created/);
    assert.match(
      (await kubectl(['apply', '-f', '-'], widget(2))).stdout,
      /widget\.example\.com\/w configured/,
    );
  });

  test('explain from the v2 document', async () => {
    const out = (await kubectl(['explain', 'configmap', '--output', 'plaintext-openapiv2'])).stdout;
    assert.match(out, /KIND:\s+ConfigMap/);
    assert.match(out, /VERSION:\s+v1/);
    const widget = (await kubectl(['explain', 'widgets', '--output', 'plaintext-openapiv2'])).stdout;
    assert.match(widget, /VERSION:\s+example\.com\/v1/);
  });
});
