/**
 * The real check: what kubectl 1.33 sends. A small HTTP server stands in for the API server (minimal
 * discovery; every POST is recorded and answered 201 with the decoded object), kubectl runs typed
 * `create` commands against it, and each captured protobuf body must decode to exactly the JSON that
 * the same kubectl prints for the same command with `--dry-run=client -o json`.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { promisify } from 'node:util';
import { decodeKubernetesProtobuf, KUBERNETES_PROTOBUF_MEDIA_TYPE } from './decode_kubernetes_protobuf.js';

const KUBECTL = '/usr/lib/google-cloud-sdk/bin/kubectl.1.33';
const run = promisify(execFile);

/** One request body kubectl sent. */
interface Captured {
  path: string;
  contentType: string;
  body: Buffer;
}

const V1_RESOURCES = [
  ['namespaces', 'Namespace', false],
  ['configmaps', 'ConfigMap', true],
  ['secrets', 'Secret', true],
  ['services', 'Service', true],
  ['serviceaccounts', 'ServiceAccount', true],
  ['resourcequotas', 'ResourceQuota', true],
  ['pods', 'Pod', true],
] as const;

const DISCOVERY: Record<string, unknown> = {
  '/api': { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [] },
  '/apis': { kind: 'APIGroupList', apiVersion: 'v1', groups: [] },
  '/api/v1': {
    kind: 'APIResourceList',
    groupVersion: 'v1',
    resources: V1_RESOURCES.map(([name, kind, namespaced]) => ({
      name,
      singularName: kind.toLowerCase(),
      namespaced,
      kind,
      verbs: ['create', 'delete', 'get', 'list'],
    })),
  },
};

let server: Server;
let dir: string;
let captured: Captured[] = [];

function reply(res: ServerResponse, code: number, body: unknown): void {
  res.writeHead(code, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) chunks.push(chunk);
  const path = new URL(req.url ?? '/', 'http://x').pathname;
  if (req.method === 'POST') {
    const body = Buffer.concat(chunks);
    captured.push({ path, contentType: req.headers['content-type'] ?? '', body });
    let object: Record<string, unknown>;
    try {
      object = decodeKubernetesProtobuf(body);
    } catch (err) {
      reply(res, 400, {
        kind: 'Status',
        apiVersion: 'v1',
        status: 'Failure',
        message: String(err),
        code: 400,
      });
      return;
    }
    if (object.kind === 'TokenRequest')
      object.status = { token: 'captured', expirationTimestamp: '2030-01-01T00:00:00Z' };
    if (object.kind === 'SelfSubjectAccessReview') object.status = { allowed: true };
    reply(res, 201, object);
    return;
  }
  const discovery = DISCOVERY[path];
  if (req.method === 'GET' && discovery) reply(res, 200, discovery);
  else
    reply(res, 404, { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'NotFound', code: 404 });
}

/** `args` with `flags` added before any `--` (after which kubectl passes words to the container). */
function withFlags(args: string[], flags: string[]): string[] {
  const end = args.indexOf('--');
  return end < 0 ? [...args, ...flags] : [...args.slice(0, end), ...flags, ...args.slice(end)];
}

async function kubectl(args: string[]): Promise<string> {
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir, KUBECONFIG: join(dir, 'kubeconfig') };
  try {
    const { stdout } = await run(KUBECTL, withFlags(args, ['--request-timeout=30s']), {
      env,
      timeout: 60_000,
    });
    return stdout;
  } catch (err) {
    const e = err as Error & { stderr?: string };
    throw new Error(`kubectl ${args.join(' ')} failed: ${e.stderr ?? e.message}`);
  }
}

/** Runs `create …` for real, returns the one body captured and its decoded JSON. */
async function capture(args: string[]): Promise<{ sent: Captured; decoded: Record<string, unknown> }> {
  captured = [];
  await kubectl(args);
  assert.equal(captured.length, 1, `kubectl ${args.join(' ')} sent ${captured.length} bodies`);
  const sent = captured[0]!;
  assert.equal(sent.contentType, KUBERNETES_PROTOBUF_MEDIA_TYPE, `content type of kubectl ${args.join(' ')}`);
  return { sent, decoded: decodeKubernetesProtobuf(sent.body) };
}

before(async () => {
  try {
    accessSync(KUBECTL, constants.X_OK);
  } catch {
    throw new Error(
      `${KUBECTL} is required for this test and is missing: install the kubectl 1.33 binary there`,
    );
  }
  dir = mkdtempSync(join(tmpdir(), 'kubets-kubectl-protobuf-'));
  server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) =>
      reply(res, 500, { kind: 'Status', message: String(err), code: 500 }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  writeFileSync(
    join(dir, 'kubeconfig'),
    [
      'apiVersion: v1',
      'kind: Config',
      'clusters:',
      '- name: capture',
      '  cluster:',
      `    server: http://127.0.0.1:${port}`,
      'contexts:',
      '- name: capture',
      '  context: {cluster: capture, user: capture}',
      'current-context: capture',
      'users:',
      '- name: capture',
      '  user: {token: capture}',
      '',
    ].join('\n'),
  );
});

after(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Typed create commands, the path each POSTs to, and its namespace flag. */
const CASES: Array<{ args: string[]; path: string }> = [
  { args: ['create', 'namespace', 'x'], path: '/api/v1/namespaces' },
  {
    args: ['create', 'configmap', 'c', '--from-literal=a=b', '-n', 'default'],
    path: '/api/v1/namespaces/default/configmaps',
  },
  {
    args: ['create', 'secret', 'generic', 's', '--from-literal=a=b'],
    path: '/api/v1/namespaces/default/secrets',
  },
  {
    args: [
      'create',
      'secret',
      'docker-registry',
      'reg',
      '--docker-server=r.example',
      '--docker-username=u',
      '--docker-password=p',
    ],
    path: '/api/v1/namespaces/default/secrets',
  },
  { args: ['create', 'serviceaccount', 'sa'], path: '/api/v1/namespaces/default/serviceaccounts' },
  {
    args: ['create', 'deployment', 'd', '--image=nginx', '--replicas=0', '--port=80', '-n', 'default'],
    path: '/apis/apps/v1/namespaces/default/deployments',
  },
  {
    args: ['create', 'service', 'clusterip', 'svc', '--tcp=80:8080'],
    path: '/api/v1/namespaces/default/services',
  },
  {
    args: ['create', 'service', 'nodeport', 'np', '--tcp=443:https', '--node-port=30443'],
    path: '/api/v1/namespaces/default/services',
  },
  {
    args: ['create', 'job', 'j', '--image=busybox', '--', 'date'],
    path: '/apis/batch/v1/namespaces/default/jobs',
  },
  {
    args: ['create', 'cronjob', 'cj', '--image=busybox', '--schedule=*/1 * * * *'],
    path: '/apis/batch/v1/namespaces/default/cronjobs',
  },
  {
    args: ['create', 'quota', 'q', '--hard=cpu=1,memory=1G,pods=2'],
    path: '/api/v1/namespaces/default/resourcequotas',
  },
  {
    args: ['create', 'priorityclass', 'pc', '--value=0'],
    path: '/apis/scheduling.k8s.io/v1/priorityclasses',
  },
  {
    args: ['create', 'poddisruptionbudget', 'pdb', '--selector=app=x', '--min-available=50%'],
    path: '/apis/policy/v1/namespaces/default/poddisruptionbudgets',
  },
  {
    args: ['create', 'ingress', 'ing', '--rule=foo.com/bar=svc1:8080,tls=my-cert'],
    path: '/apis/networking.k8s.io/v1/namespaces/default/ingresses',
  },
  {
    args: ['create', 'role', 'r', '--verb=get,watch', '--resource=pods', '--resource-name=p1'],
    path: '/apis/rbac.authorization.k8s.io/v1/namespaces/default/roles',
  },
  {
    args: ['create', 'clusterrole', 'cr', '--verb=get,list', '--resource=pods'],
    path: '/apis/rbac.authorization.k8s.io/v1/clusterroles',
  },
  {
    args: [
      'create',
      'clusterrolebinding',
      'crb',
      '--clusterrole=cr',
      '--user=alice',
      '--serviceaccount=default:sa',
    ],
    path: '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings',
  },
  {
    args: ['create', 'rolebinding', 'rb', '--role=r', '--group=devs'],
    path: '/apis/rbac.authorization.k8s.io/v1/namespaces/default/rolebindings',
  },
];

for (const { args, path } of CASES) {
  test(`kubectl 1.33 ${args.join(' ')}: the protobuf body decodes to kubectl's own JSON`, async () => {
    const { sent, decoded } = await capture(args);
    assert.equal(sent.path, path);
    const json = JSON.parse(await kubectl(withFlags(args, ['--dry-run=client', '-o', 'json']))) as unknown;
    assert.deepEqual(decoded, json);
  });
}

test('kubectl 1.33 create namespace, configmap and secret: the exact objects', async () => {
  assert.deepEqual((await capture(['create', 'namespace', 'x'])).decoded, {
    kind: 'Namespace',
    apiVersion: 'v1',
    metadata: { name: 'x', creationTimestamp: null },
    spec: {},
    status: {},
  });
  assert.deepEqual(
    (await capture(['create', 'configmap', 'c', '--from-literal=a=b', '-n', 'default'])).decoded,
    {
      kind: 'ConfigMap',
      apiVersion: 'v1',
      metadata: { name: 'c', namespace: 'default', creationTimestamp: null },
      data: { a: 'b' },
    },
  );
  assert.deepEqual((await capture(['create', 'secret', 'generic', 's', '--from-literal=a=b'])).decoded, {
    kind: 'Secret',
    apiVersion: 'v1',
    metadata: { name: 's', creationTimestamp: null },
    data: { a: Buffer.from('b').toString('base64') },
  });
});

test('kubectl 1.33 create token: the TokenRequest subresource body', async () => {
  const { sent, decoded } = await capture(['create', 'token', 'sa', '--duration=1h', '--audience=api']);
  assert.equal(sent.path, '/api/v1/namespaces/default/serviceaccounts/sa/token');
  assert.deepEqual(decoded, {
    kind: 'TokenRequest',
    apiVersion: 'authentication.k8s.io/v1',
    metadata: { creationTimestamp: null },
    spec: { audiences: ['api'], expirationSeconds: 3600 },
    status: { expirationTimestamp: null },
  });
});

test('kubectl 1.33 auth can-i: the SelfSubjectAccessReview body', async () => {
  const { sent, decoded } = await capture(['auth', 'can-i', 'get', 'pods', '-n', 'kube-system']);
  assert.equal(sent.path, '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews');
  assert.deepEqual(decoded, {
    kind: 'SelfSubjectAccessReview',
    apiVersion: 'authorization.k8s.io/v1',
    metadata: { creationTimestamp: null },
    spec: { resourceAttributes: { namespace: 'kube-system', verb: 'get', resource: 'pods' } },
    status: { allowed: false },
  });
});
