import assert from 'node:assert/strict';
import { Server, ServerCredentials, status } from '@grpc/grpc-js';
import type { ServiceDefinition, sendUnaryData, ServerUnaryCall } from '@grpc/grpc-js';
import { after, before, test } from 'node:test';
import { FakeClock, realClock } from '../../client/clock.js';
import {
  HEALTH_CHECK_METHOD,
  decodeHealthCheckRequest,
  decodeHealthCheckResponse,
  encodeHealthCheckRequest,
  encodeHealthCheckResponse,
  grpcProbe,
} from './grpc_probe.js';
import type { HealthCheckRequest, HealthCheckResponse } from './grpc_probe.js';
import { PROBE_USER_AGENT } from './probe_outcome.js';

const health: ServiceDefinition = {
  Check: {
    path: HEALTH_CHECK_METHOD,
    requestStream: false,
    responseStream: false,
    requestSerialize: encodeHealthCheckRequest,
    requestDeserialize: decodeHealthCheckRequest,
    responseSerialize: encodeHealthCheckResponse,
    responseDeserialize: decodeHealthCheckResponse,
  },
};

const requests: { service: string; userAgent: string }[] = [];
const statuses: Record<string, HealthCheckResponse['status'] | 'hang' | 'error'> = {
  '': 'SERVING',
  db: 'NOT_SERVING',
  slow: 'hang',
  broken: 'error',
};
const server = new Server();
let port = 0;

before(async () => {
  server.addService(health, {
    Check(
      call: ServerUnaryCall<HealthCheckRequest, HealthCheckResponse>,
      cb: sendUnaryData<HealthCheckResponse>,
    ) {
      requests.push({ service: call.request.service, userAgent: String(call.metadata.get('user-agent')[0]) });
      const st = statuses[call.request.service] ?? 'SERVICE_UNKNOWN';
      if (st === 'hang') return;
      if (st === 'error') return cb({ code: status.PERMISSION_DENIED, details: 'go away' });
      cb(null, { status: st });
    },
  });
  port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (err, p) =>
      err ? reject(err) : resolve(p),
    ),
  );
});
after(() => server.forceShutdown());

test('the health messages round-trip', () => {
  assert.deepEqual(decodeHealthCheckRequest(encodeHealthCheckRequest({ service: 'x' })), { service: 'x' });
  assert.deepEqual(decodeHealthCheckResponse(encodeHealthCheckResponse({ status: 'NOT_SERVING' })), {
    status: 'NOT_SERVING',
  });
});

test('SERVING succeeds; the service name and the kube-probe user agent are sent', async () => {
  requests.length = 0;
  assert.deepEqual(await grpcProbe('127.0.0.1', port, '', 1, realClock), {
    result: 'success',
    output: 'service healthy',
  });
  assert.equal(requests[0]?.service, '');
  assert.ok(requests[0]!.userAgent.startsWith(`${PROBE_USER_AGENT} `), requests[0]!.userAgent);
});

test('any other status fails with upstream text', async () => {
  assert.deepEqual(await grpcProbe('127.0.0.1', port, 'db', 1, realClock), {
    result: 'failure',
    output: 'service unhealthy (responded with "NOT_SERVING")',
  });
  assert.deepEqual(await grpcProbe('127.0.0.1', port, 'other', 1, realClock), {
    result: 'failure',
    output: 'service unhealthy (responded with "SERVICE_UNKNOWN")',
  });
});

test('an RPC error fails with its code and message', async () => {
  assert.deepEqual(await grpcProbe('127.0.0.1', port, 'broken', 1, realClock), {
    result: 'failure',
    output: 'error: health rpc probe failed: rpc error: code = PermissionDenied desc = go away',
  });
});

test('an RPC that does not answer in time fails with the rpc timeout text', async () => {
  const clock = new FakeClock();
  requests.length = 0;
  const pending = grpcProbe('127.0.0.1', port, 'slow', 1, clock);
  while (requests.length === 0) await new Promise((r) => setTimeout(r, 5));
  clock.advance(1000);
  assert.deepEqual(await pending, {
    result: 'failure',
    output: 'timeout: health rpc did not complete within 1s',
  });
});

test('a server that is not there fails with the connect timeout text', async () => {
  const clock = new FakeClock();
  const pending = grpcProbe('127.0.0.1', 1, '', 2, clock);
  await new Promise((r) => setTimeout(r, 50));
  clock.advance(2000);
  assert.deepEqual(await pending, {
    result: 'failure',
    output: 'timeout: failed to connect service "127.0.0.1:1" within 2s: context deadline exceeded',
  });
});
