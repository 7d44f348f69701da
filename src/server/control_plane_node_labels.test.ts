import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pino } from 'pino';
import { StatusError } from '../api/status_error.js';
import type { RestClient, RestRequest } from '../client/rest_client.js';
import { labelControlPlaneNode } from './control_plane_node_labels.js';

const log = pino({ level: 'silent' });

/** Nodes as the API server keeps them; GET and merge PATCH of `/api/v1/nodes/<name>`. */
function fakeNodes(nodes: Map<string, Record<string, string>>) {
  const calls: string[] = [];
  const rest = {
    request(req: RestRequest): Promise<unknown> {
      const name = decodeURIComponent(req.path.split('/').pop()!);
      calls.push(`${req.method} ${name}${req.contentType ? ` ${req.contentType}` : ''}`);
      const labels = nodes.get(name);
      if (!labels) return Promise.reject(new StatusError(404, 'NotFound', `nodes "${name}" not found`));
      if (req.method === 'PATCH') {
        const patch = JSON.parse(req.body as string) as { metadata: { labels: Record<string, string> } };
        Object.assign(labels, patch.metadata.labels);
      }
      return Promise.resolve({ metadata: { name, labels: { ...labels } } });
    },
  } as unknown as RestClient;
  return { rest, calls };
}

test('waits for the Node, then adds the control-plane roles once', async () => {
  const nodes = new Map<string, Record<string, string>>();
  const { rest, calls } = fakeNodes(nodes);
  setTimeout(() => nodes.set('srv', { 'kubernetes.io/hostname': 'srv' }), 30);
  const ac = new AbortController();
  assert.equal(
    await labelControlPlaneNode({ rest, nodeName: 'srv', signal: ac.signal, log, pollMs: 5 }),
    true,
  );
  assert.deepEqual(nodes.get('srv'), {
    'kubernetes.io/hostname': 'srv',
    'node-role.kubernetes.io/control-plane': 'true',
    'node-role.kubernetes.io/master': 'true',
  });
  assert.ok(calls.filter((c) => c === 'GET srv').length >= 2, 'looked again after the 404');
  assert.deepEqual(
    calls.filter((c) => c.startsWith('PATCH')),
    ['PATCH srv application/merge-patch+json'],
  );
});

test('a node that has its roles is left alone', async () => {
  const nodes = new Map([
    ['srv', { 'node-role.kubernetes.io/control-plane': 'true', 'node-role.kubernetes.io/master': 'true' }],
  ]);
  const { rest, calls } = fakeNodes(nodes);
  const ok = await labelControlPlaneNode({
    rest,
    nodeName: 'srv',
    signal: new AbortController().signal,
    log,
  });
  assert.equal(ok, true);
  assert.deepEqual(calls, ['GET srv']);
});

test('stops when aborted before the Node appears', async () => {
  const { rest } = fakeNodes(new Map());
  const ac = new AbortController();
  setTimeout(() => ac.abort(), 30);
  assert.equal(
    await labelControlPlaneNode({ rest, nodeName: 'srv', signal: ac.signal, log, pollMs: 5 }),
    false,
  );
});
