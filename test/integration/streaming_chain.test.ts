/**
 * The streaming chain through real HTTPS: kubectl-shaped requests to the API server, which
 * reaches the kubelet server (client certificate from the cluster PKI), which proxies to a fake
 * runtime streaming server. Checks pods/log with follow, exec/attach/portforward upgrades passing
 * bytes both ways, the WebSocket refusal that makes kubectl fall back, nodes/proxy and the errors.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { after, before, describe, it } from 'node:test';
import { pino } from 'pino';
import type { Pod } from '../../src/api/types/pod.js';
import { ResourceClient } from '../../src/client/resource_client.js';
import { Resources } from '../../src/client/resource_type.js';
import type { KubeletServer } from '../../src/kubelet/server/kubelet_server.js';
import { startKubeletServer } from '../../src/kubelet/server/kubelet_server.js';
import { kubeletServerHost } from '../../src/kubelet/server_host.js';
import { createCertificate } from '../../src/server/certs/certificate.js';
import type { TestCluster } from '../fixtures/test_cluster.js';
import { startTestCluster } from '../fixtures/test_cluster.js';
import { FakeKubeletView, FakeStreamingRuntime, FakeStreamingServer } from './fake_streaming_runtime.js';

let cluster: TestCluster;
let streaming: FakeStreamingServer;
let runtime: FakeStreamingRuntime;
let view: FakeKubeletView;
let kubelet: KubeletServer;
let tmp: string;
let admin: { cert: string; key: string; ca: string };
let apiPort: number;

const NODE = 'stream-node-1';

function pod(name: string, containers: string[], nodeName = NODE): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default' },
    spec: { nodeName, containers: containers.map((c) => ({ name: c, image: 'busybox' })) },
  };
}

before(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kubets-streaming-'));
  cluster = await startTestCluster();
  apiPort = cluster.cp.port;
  const tlsDir = path.join(path.dirname(cluster.kubeconfigPath), 'tls');
  admin = {
    cert: fs.readFileSync(path.join(tlsDir, 'client-admin.crt'), 'utf8'),
    key: fs.readFileSync(path.join(tlsDir, 'client-admin.key'), 'utf8'),
    ca: fs.readFileSync(path.join(tlsDir, 'server-ca.crt'), 'utf8'),
  };
  streaming = new FakeStreamingServer();
  await streaming.start();
  runtime = new FakeStreamingRuntime(streaming);
  view = new FakeKubeletView(NODE, runtime);
  const now = Date.now();
  const serving = await createCertificate({
    commonName: NODE,
    usage: 'server',
    ips: ['127.0.0.1'],
    dnsNames: ['localhost'],
    notBefore: new Date(now - 60_000),
    notAfter: new Date(now + 3_600_000),
  });
  kubelet = await startKubeletServer({
    host: kubeletServerHost(view, runtime),
    port: 0,
    address: '127.0.0.1',
    certPem: serving.certPem,
    keyPem: serving.keyPem,
    clientCaPem: fs.readFileSync(path.join(tlsDir, 'client-ca.crt'), 'utf8'),
    rootDir: tmp,
    log: pino({ level: 'silent' }),
    logPollMs: 10,
  });
  const nodes = new ResourceClient(cluster.rest, Resources.nodes);
  const node = await nodes.create({ apiVersion: 'v1', kind: 'Node', metadata: { name: NODE }, spec: {} });
  await nodes.updateStatus({
    ...node,
    status: {
      addresses: [
        { type: 'InternalIP', address: '127.0.0.1' },
        { type: 'Hostname', address: NODE },
      ],
      daemonEndpoints: { kubeletEndpoint: { Port: kubelet.port } },
    },
  });
  const pods = new ResourceClient(cluster.rest, Resources.pods);
  for (const p of [pod('one', ['main']), pod('two', ['a', 'b'])]) {
    const created = await pods.create(p);
    view.addRunningPod(created, tmp);
  }
  await pods.create(pod('pending', ['main'], ''));
});

after(async () => {
  await kubelet?.close();
  await streaming?.stop();
  await cluster?.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
});

function logFile(podName: string, container: string): string {
  const p = view.pods().find((x) => x.metadata.name === podName)!;
  return path.join(tmp, `${p.metadata.uid}-${container}.log`);
}

/** A GET to the API server as the admin: status and body (collected until the end). */
function apiGet(p: string): Promise<{ code: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = https.get(
      { host: '127.0.0.1', port: apiPort, path: p, cert: admin.cert, key: admin.key, ca: admin.ca },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ code: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
      },
    );
    req.on('error', reject);
  });
}

/** A raw HTTP/1.1 upgrade over TLS; resolves with the socket and what arrived up to the head's end. */
function rawUpgrade(
  port: number,
  p: string,
  headers: Record<string, string>,
  creds: { cert?: string; key?: string } = admin,
): Promise<{
  socket: tls.TLSSocket;
  head: string;
  rest: Buffer;
  closed: Promise<void>;
  body: Promise<string>;
}> {
  return new Promise((resolve, reject) => {
    const socket = tls.connect({
      host: '127.0.0.1',
      port,
      ...creds,
      rejectUnauthorized: false,
      ALPNProtocols: ['http/1.1'],
    });
    const closed = new Promise<void>((r) => socket.once('close', () => r()));
    let all = Buffer.alloc(0);
    socket.on('data', (c: Buffer) => (all = Buffer.concat([all, c])));
    const body = closed.then(() => {
      const end = all.indexOf('\r\n\r\n');
      return end < 0 ? '' : all.subarray(end + 4).toString();
    });
    socket.once('secureConnect', () => {
      const lines = [
        `POST ${p} HTTP/1.1`,
        `Host: 127.0.0.1:${port}`,
        'Connection: Upgrade',
        ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
      ];
      socket.write(`${lines.join('\r\n')}\r\n\r\n`);
    });
    let buf = Buffer.alloc(0);
    const onData = (c: Buffer) => {
      buf = Buffer.concat([buf, c]);
      const end = buf.indexOf('\r\n\r\n');
      if (end < 0) return;
      socket.off('data', onData);
      resolve({ socket, head: buf.subarray(0, end).toString(), rest: buf.subarray(end + 4), closed, body });
    };
    socket.on('data', onData);
    socket.on('error', reject);
  });
}

async function readSome(
  socket: tls.TLSSocket,
  want: string,
  initial: Buffer = Buffer.alloc(0),
): Promise<string> {
  let got = initial.toString();
  if (got.includes(want)) return got;
  return new Promise((resolve, reject) => {
    const t = setTimeout(
      () => reject(new Error(`timed out waiting for ${JSON.stringify(want)}, got ${JSON.stringify(got)}`)),
      5000,
    );
    socket.on('data', (c: Buffer) => {
      got += c.toString();
      if (got.includes(want)) {
        clearTimeout(t);
        resolve(got);
      }
    });
  });
}

describe('kubelet server', () => {
  it('refuses a client without a certificate with 401 Unauthorized', async () => {
    const res = await new Promise<{ code: number; body: string }>((resolve, reject) => {
      https
        .get({ host: '127.0.0.1', port: kubelet.port, path: '/pods', rejectUnauthorized: false }, (r) => {
          let body = '';
          r.on('data', (c: Buffer) => (body += c.toString()));
          r.on('end', () => resolve({ code: r.statusCode ?? 0, body }));
        })
        .on('error', reject);
    });
    assert.deepEqual(res, { code: 401, body: 'Unauthorized' });
  });

  it('refuses an upgrade without a certificate with 401', async () => {
    const up = await rawUpgrade(
      kubelet.port,
      '/exec/default/one/main?command=sh&output=1',
      { Upgrade: 'SPDY/3.1' },
      {},
    );
    assert.match(up.head, /^HTTP\/1\.1 401/);
    up.socket.destroy();
  });
});

describe('through the API server', () => {
  it('nodes/proxy reaches the kubelet: /pods, /healthz and /stats/summary', async () => {
    const health = await apiGet(`/api/v1/nodes/${NODE}/proxy/healthz`);
    assert.deepEqual(health, { code: 200, body: 'ok' });
    const pods = JSON.parse((await apiGet(`/api/v1/nodes/${NODE}/proxy/pods`)).body) as {
      kind: string;
      items: Pod[];
    };
    assert.equal(pods.kind, 'PodList');
    assert.deepEqual(pods.items.map((p) => p.metadata.name).sort(), ['one', 'two']);
    const summary = JSON.parse((await apiGet(`/api/v1/nodes/${NODE}/proxy/stats/summary`)).body) as {
      node: { nodeName: string; memory: { availableBytes: number }; fs: { capacityBytes: number } };
      pods: {
        podRef: { name: string };
        containers: { name: string; memory: { workingSetBytes: number } }[];
      }[];
    };
    assert.equal(summary.node.nodeName, NODE);
    assert.ok(summary.node.memory.availableBytes > 0);
    assert.ok(summary.node.fs.capacityBytes > 0);
    const two = summary.pods.find((p) => p.podRef.name === 'two');
    assert.deepEqual(
      two?.containers.map((c) => c.name),
      ['a', 'b'],
    );
    const metrics = await apiGet(`/api/v1/nodes/${NODE}/proxy/metrics`);
    assert.match(metrics.body, /kubelet_running_pods 2/);
  });

  it('pods/log reads the container log, with tailLines and timestamps', async () => {
    fs.writeFileSync(
      logFile('one', 'main'),
      '2024-05-01T10:00:00Z stdout F first\n2024-05-01T10:00:01Z stderr P sec\n2024-05-01T10:00:02Z stderr F ond\n',
    );
    assert.deepEqual(await apiGet('/api/v1/namespaces/default/pods/one/log'), {
      code: 200,
      body: 'first\nsecond\n',
    });
    assert.equal(
      (await apiGet('/api/v1/namespaces/default/pods/one/log?container=main&tailLines=2&timestamps=true'))
        .body,
      '2024-05-01T10:00:01.000000000Z second\n',
    );
  });

  it('pods/log follows until the container stops', async () => {
    const file = logFile('two', 'b');
    fs.writeFileSync(file, '2024-05-01T10:00:00Z stdout F hello\n');
    const chunks: string[] = [];
    const done = new Promise<number>((resolve, reject) => {
      https
        .get(
          {
            host: '127.0.0.1',
            port: apiPort,
            path: '/api/v1/namespaces/default/pods/two/log?container=b&follow=true',
            cert: admin.cert,
            key: admin.key,
            ca: admin.ca,
          },
          (res) => {
            res.on('data', (c: Buffer) => chunks.push(c.toString()));
            res.on('end', () => resolve(res.statusCode ?? 0));
          },
        )
        .on('error', reject);
    });
    const until = async (text: string) => {
      const end = Date.now() + 5000;
      while (chunks.join('') !== text) {
        if (Date.now() > end) throw new Error(`got ${JSON.stringify(chunks.join(''))}`);
        await new Promise((r) => setTimeout(r, 10));
      }
    };
    await until('hello\n');
    fs.appendFileSync(file, '2024-05-01T10:00:01Z stdout F world\n');
    await until('hello\nworld\n');
    const id = [...runtime.containers.keys()].find((k) => k.endsWith('-b'))!;
    runtime.containers.get(id)!.state = 'CONTAINER_EXITED';
    fs.appendFileSync(file, '2024-05-01T10:00:02Z stdout F bye\n');
    assert.equal(await done, 200);
    assert.equal(chunks.join(''), 'hello\nworld\nbye\n');
  });

  it('pods/log answers upstream errors', async () => {
    const cases: [string, number, RegExp][] = [
      [
        '/api/v1/namespaces/default/pods/two/log',
        400,
        /^a container name must be specified for pod two, choose one of: \[a b\]$/,
      ],
      [
        '/api/v1/namespaces/default/pods/one/log?container=nope',
        400,
        /^container nope is not valid for pod one$/,
      ],
      ['/api/v1/namespaces/default/pods/ghost/log', 404, /^pods "ghost" not found$/],
      [
        '/api/v1/namespaces/default/pods/one/log?tailLines=-1',
        422,
        /^PodLogOptions "one" is invalid: tailLines: Invalid value: -1/,
      ],
      [
        '/api/v1/namespaces/default/pods/one/log?previous=true',
        400,
        /^previous terminated container "main" in pod "one" not found$/,
      ],
    ];
    for (const [p, code, msg] of cases) {
      const res = await apiGet(p);
      assert.equal(res.code, code, p);
      assert.match((JSON.parse(res.body) as { message: string }).message, msg, p);
    }
    assert.deepEqual(await apiGet('/api/v1/namespaces/default/pods/pending/log'), { code: 200, body: '' });
  });

  it('pods/exec passes bytes both ways through API server, kubelet and runtime', async () => {
    const before = runtime.execs.length;
    const up = await rawUpgrade(
      apiPort,
      '/api/v1/namespaces/default/pods/two/exec?command=sh&command=-c&command=cat&container=a&stdin=true&stdout=true&tty=false',
      { Upgrade: 'SPDY/3.1', 'X-Stream-Protocol-Version': 'v4.channel.k8s.io' },
    );
    assert.match(up.head, /^HTTP\/1\.1 101 /);
    up.socket.write('ping through the chain');
    await readSome(up.socket, 'ping through the chain', up.rest);
    up.socket.end();
    assert.deepEqual(runtime.execs.slice(before), [
      {
        containerId: [...runtime.containers.keys()].find((k) => k.endsWith('-a')),
        cmd: ['sh', '-c', 'cat'],
        stdin: true,
        stdout: true,
        stderr: false,
        tty: false,
      },
    ]);
    const seen = streaming.seen.at(-1)!;
    assert.match(seen.path, /^\/exec\/tok\d+$/);
    assert.equal(seen.protocols, 'v4.channel.k8s.io');
  });

  it('a WebSocket v5 exec is refused with a non-101 answer and the connection closed (kubectl falls back)', async () => {
    const up = await rawUpgrade(apiPort, '/api/v1/namespaces/default/pods/one/exec?command=ls&stdout=true', {
      Upgrade: 'websocket',
      'Sec-WebSocket-Version': '13',
      'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==',
      'Sec-WebSocket-Protocol': 'v5.channel.k8s.io',
    });
    assert.match(up.head, /^HTTP\/1\.1 403 Forbidden/);
    await up.closed;
  });

  it('pods/attach and pods/portforward reach the runtime', async () => {
    const a = await rawUpgrade(
      apiPort,
      '/api/v1/namespaces/default/pods/one/attach?stdin=true&stdout=true&tty=true',
      {
        Upgrade: 'SPDY/3.1',
      },
    );
    assert.match(a.head, /^HTTP\/1\.1 101 /);
    a.socket.destroy();
    assert.deepEqual(runtime.attaches.at(-1), {
      containerId: [...runtime.containers.keys()].find((k) => k.includes('-main'))!,
      stdin: true,
      stdout: true,
      stderr: false,
      tty: true,
    });
    const pf = await rawUpgrade(apiPort, '/api/v1/namespaces/default/pods/one/portforward', {
      Upgrade: 'SPDY/3.1',
    });
    assert.match(pf.head, /^HTTP\/1\.1 101 /);
    pf.socket.write('pf-bytes');
    await readSome(pf.socket, 'pf-bytes', pf.rest);
    pf.socket.destroy();
    assert.match(runtime.portForwards.at(-1)!.podSandboxId, /^sb-/);
    assert.match(streaming.seen.at(-1)!.path, /^\/portforward\/tok\d+$/);
  });

  it('refuses streams before connecting with Status answers', async () => {
    const cases: [string, Record<string, string>, number, RegExp][] = [
      [
        '/api/v1/namespaces/default/pods/two/exec?command=ls&stdout=true',
        { Upgrade: 'SPDY/3.1' },
        400,
        /a container name must be specified for pod two, choose one of: \[a b\]/,
      ],
      [
        '/api/v1/namespaces/default/pods/pending/exec?command=ls&stdout=true',
        { Upgrade: 'SPDY/3.1' },
        400,
        /pod pending does not have a host assigned/,
      ],
      [
        '/api/v1/namespaces/default/pods/ghost/exec?command=ls&stdout=true',
        { Upgrade: 'SPDY/3.1' },
        404,
        /pods \\"ghost\\" not found/,
      ],
      [
        '/api/v1/namespaces/default/pods/one/exec?command=ls',
        { Upgrade: 'SPDY/3.1' },
        400,
        /you must specify at least 1 of stdin, stdout, stderr/,
      ],
    ];
    for (const [p, h, code, re] of cases) {
      const up = await rawUpgrade(apiPort, p, h);
      assert.match(up.head, new RegExp(`^HTTP/1\\.1 ${code} `), p);
      assert.match(await up.body, re, p);
    }
    const plain = await apiGet('/api/v1/namespaces/default/pods/one/exec?command=ls&stdout=true');
    assert.equal(plain.code, 400);
    assert.match(plain.body, /Upgrade request required/);
  });

  it('refuses an anonymous upgrade with 403, and one with a bad token with 401', async () => {
    const path = '/api/v1/namespaces/default/pods/one/exec?command=ls&stdout=true';
    const anonymous = await rawUpgrade(apiPort, path, { Upgrade: 'SPDY/3.1' }, {});
    assert.match(anonymous.head, /^HTTP\/1\.1 403 /);
    assert.match(
      await anonymous.body,
      /pods \\"one\\" is forbidden: User \\"system:anonymous\\" cannot create resource \\"pods\/exec\\"/,
    );
    const bad = await rawUpgrade(apiPort, path, { Upgrade: 'SPDY/3.1', Authorization: 'Bearer nope' }, {});
    assert.match(bad.head, /^HTTP\/1\.1 401 /);
    await bad.closed;
  });
});
