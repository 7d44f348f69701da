import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { StatusError } from '../../api/status_error.js';
import type { Pod } from '../../api/types/pod.js';
import { FakeClock } from '../../client/clock.js';
import type { RestRequest } from '../../client/rest_client.js';
import { ServiceAccountTokens } from './service_account_token.js';

const pod = {
  metadata: { name: 'p', namespace: 'ns', uid: 'u1' },
  spec: { containers: [], serviceAccountName: 'robot' },
} as unknown as Pod;

function fakeRest(clock: FakeClock, fail?: () => Error) {
  const calls: RestRequest[] = [];
  let n = 0;
  return {
    calls,
    rest: {
      async request<T>(req: RestRequest): Promise<T> {
        calls.push(req);
        if (fail) throw fail();
        const spec = (req.body as { spec: { expirationSeconds: number } }).spec;
        const exp = new Date(clock.now() + spec.expirationSeconds * 1000).toISOString();
        return { status: { token: `tok-${++n}`, expirationTimestamp: exp } } as T;
      },
    },
  };
}

describe('ServiceAccountTokens', () => {
  it('requests a bound token and caches it until 80% of its lifetime', async () => {
    const clock = new FakeClock();
    const { rest, calls } = fakeRest(clock);
    const tokens = new ServiceAccountTokens(rest, clock);
    assert.equal(await tokens.get(pod, 'api', undefined), 'tok-1');
    assert.equal(calls[0]!.method, 'POST');
    assert.equal(calls[0]!.path, '/api/v1/namespaces/ns/serviceaccounts/robot/token');
    assert.deepEqual((calls[0]!.body as { spec: unknown }).spec, {
      audiences: ['api'],
      expirationSeconds: 3600,
      boundObjectRef: { kind: 'Pod', apiVersion: 'v1', name: 'p', uid: 'u1' },
    });
    clock.advance(2880_000 - 1);
    assert.equal(await tokens.get(pod, 'api'), 'tok-1');
    clock.advance(2);
    assert.equal(await tokens.get(pod, 'api'), 'tok-2');
    assert.equal(calls.length, 2);
  });

  it('an empty audience asks for the API server default', async () => {
    const clock = new FakeClock();
    const { rest, calls } = fakeRest(clock);
    await new ServiceAccountTokens(rest, clock).get(pod, undefined, 600);
    assert.deepEqual((calls[0]!.body as { spec: { audiences: string[] } }).spec.audiences, []);
  });

  it('fails with the API error', async () => {
    const clock = new FakeClock();
    const { rest } = fakeRest(
      clock,
      () => new StatusError(404, 'NotFound', 'the server could not find the requested resource'),
    );
    await assert.rejects(new ServiceAccountTokens(rest, clock).get(pod, 'x'), {
      message: 'failed to fetch token: the server could not find the requested resource',
    });
  });
});
