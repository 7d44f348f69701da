import assert from 'node:assert/strict';
import { test } from 'node:test';
import { StatusError } from '../api/status_error.js';
import { MAX_RETRIES, RestClient, retryAfterMs } from './rest_client.js';
import type { Http2Transport, WireResponse } from './transport.js';

function fakeTransport(answers: WireResponse[]): { transport: Http2Transport; calls: () => number } {
  let calls = 0;
  const transport = {
    request: async () => answers[Math.min(calls++, answers.length - 1)]!,
    close: () => undefined,
  } as unknown as Http2Transport;
  return { transport, calls: () => calls };
}

const busy = (headers: Record<string, string> = { 'retry-after': '0' }): WireResponse => ({
  status: 429,
  headers,
  body: Buffer.from(
    JSON.stringify({ kind: 'Status', code: 429, reason: 'TooManyRequests', message: 'busy' }),
  ),
});
const ok: WireResponse = { status: 200, headers: {}, body: Buffer.from('{"kind":"Pod"}') };

test('retryAfterMs follows client-go: 429 or 5xx with Retry-After seconds, capped at 10 s', () => {
  assert.equal(retryAfterMs(429, '1'), 1000);
  assert.equal(retryAfterMs(503, '2'), 2000);
  assert.equal(retryAfterMs(429, '0'), 0);
  assert.equal(retryAfterMs(429, '120'), 10_000);
  assert.equal(retryAfterMs(429, undefined), undefined);
  assert.equal(retryAfterMs(500, undefined), undefined);
  assert.equal(retryAfterMs(409, '1'), undefined);
  assert.equal(retryAfterMs(429, 'Wed, 21 Oct 2026 07:28:00 GMT'), undefined);
});

test('a request answered 429 with Retry-After is sent again until it succeeds', async () => {
  const { transport, calls } = fakeTransport([busy(), busy(), ok]);
  const rest = new RestClient({ server: 'https://x' }, { transport });
  assert.deepEqual(await rest.request({ method: 'GET', path: '/api/v1/pods' }), { kind: 'Pod' });
  assert.equal(calls(), 3);
});

test('a 429 without Retry-After fails at once; retries stop after MAX_RETRIES', async () => {
  const once = fakeTransport([busy({})]);
  await assert.rejects(
    new RestClient({ server: 'https://x' }, { transport: once.transport }).request({
      method: 'GET',
      path: '/',
    }),
    (err: unknown) => err instanceof StatusError && err.code === 429,
  );
  assert.equal(once.calls(), 1);
  const always = fakeTransport([busy()]);
  await assert.rejects(
    new RestClient({ server: 'https://x' }, { transport: always.transport }).request({
      method: 'GET',
      path: '/',
    }),
    (err: unknown) => err instanceof StatusError && err.code === 429,
  );
  assert.equal(always.calls(), MAX_RETRIES + 1);
});
