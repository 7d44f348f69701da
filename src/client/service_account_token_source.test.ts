import assert from 'node:assert/strict';
import { test } from 'node:test';
import { StatusError } from '../api/status_error.js';
import { FakeClock } from './clock.js';
import type { RestClient, RestRequest } from './rest_client.js';
import { ServiceAccountTokenSource } from './service_account_token_source.js';

/** A client answering like the API server: the account (missing until created) and its tokens. */
function fakeApi(clock: FakeClock, opts: { accountExists?: boolean } = {}) {
  const calls: string[] = [];
  let exists = opts.accountExists ?? false;
  let issued = 0;
  const rest = {
    request(req: RestRequest): Promise<unknown> {
      calls.push(`${req.method} ${req.path}`);
      if (req.method === 'GET') {
        if (!exists) return Promise.reject(new StatusError(404, 'NotFound', 'serviceaccounts "x" not found'));
        return Promise.resolve({ metadata: { name: 'x' } });
      }
      if (req.path.endsWith('/serviceaccounts')) {
        exists = true;
        return Promise.resolve({});
      }
      const spec = (req.body as { spec: { expirationSeconds: number } }).spec;
      issued++;
      return Promise.resolve({
        status: {
          token: `token-${issued}`,
          expirationTimestamp: new Date(clock.now() + spec.expirationSeconds * 1000).toISOString(),
        },
      });
    },
  } as unknown as RestClient;
  return { rest, calls };
}

test('creates the missing account, then requests one token for concurrent callers', async () => {
  const clock = new FakeClock();
  const { rest, calls } = fakeApi(clock);
  const src = new ServiceAccountTokenSource({ rest, namespace: 'kube-system', name: 'x', clock });
  assert.equal(src.userName, 'system:serviceaccount:kube-system:x');
  const [a, b] = await Promise.all([src.token(), src.token()]);
  assert.equal(a, 'token-1');
  assert.equal(b, 'token-1');
  assert.deepEqual(calls, [
    'GET /api/v1/namespaces/kube-system/serviceaccounts/x',
    'POST /api/v1/namespaces/kube-system/serviceaccounts',
    'POST /api/v1/namespaces/kube-system/serviceaccounts/x/token',
  ]);
});

test('keeps the token for 80% of its lifetime, then requests a new one', async () => {
  const clock = new FakeClock();
  const { rest, calls } = fakeApi(clock, { accountExists: true });
  const src = new ServiceAccountTokenSource({
    rest,
    namespace: 'kube-system',
    name: 'x',
    clock,
    expirationSeconds: 1000,
  });
  assert.equal(await src.token(), 'token-1');
  clock.advance(799_000);
  assert.equal(await src.token(), 'token-1');
  clock.advance(1_000);
  assert.equal(await src.token(), 'token-2');
  assert.equal(calls.filter((c) => c.endsWith('/token')).length, 2);
});

test('after invalidate the next caller gets a new token', async () => {
  const clock = new FakeClock();
  const { rest } = fakeApi(clock, { accountExists: true });
  const src = new ServiceAccountTokenSource({ rest, namespace: 'kube-system', name: 'x', clock });
  assert.equal(await src.token(), 'token-1');
  src.invalidate();
  assert.equal(await src.token(), 'token-2');
});

test('a refusal reaches the caller, and the next call tries again', async () => {
  let refuse = true;
  const rest = {
    request(req: RestRequest): Promise<unknown> {
      if (refuse) return Promise.reject(new StatusError(403, 'Forbidden', 'serviceaccounts is forbidden'));
      if (req.method === 'GET') return Promise.resolve({});
      return Promise.resolve({
        status: { token: 't', expirationTimestamp: new Date(Date.now() + 3600_000).toISOString() },
      });
    },
  } as unknown as RestClient;
  const src = new ServiceAccountTokenSource({ rest, namespace: 'kube-system', name: 'x' });
  await assert.rejects(src.token(), (err: unknown) => err instanceof StatusError && err.code === 403);
  refuse = false;
  assert.equal(await src.token(), 't');
});
