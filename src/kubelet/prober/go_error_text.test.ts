import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dialErrorText, dialTimeoutText, goDurationSeconds, joinHostPort } from './go_error_text.js';

test('Go-style texts', () => {
  assert.equal(joinHostPort('10.0.0.5', 80), '10.0.0.5:80');
  assert.equal(joinHostPort('fd00::1', 80), '[fd00::1]:80');
  assert.equal(
    dialErrorText({ code: 'ECONNREFUSED' }, '10.0.0.5', 80),
    'dial tcp 10.0.0.5:80: connect: connection refused',
  );
  assert.equal(
    dialErrorText({ code: 'EHOSTUNREACH' }, 'fd00::1', 80),
    'dial tcp [fd00::1]:80: connect: no route to host',
  );
  assert.equal(dialErrorText({ code: 'ENOTFOUND' }, 'nowhere', 80), 'dial tcp: lookup nowhere: no such host');
  assert.equal(dialTimeoutText('10.0.0.5', 80), 'dial tcp 10.0.0.5:80: i/o timeout');
  assert.deepEqual([1, 59, 60, 90, 3605].map(goDurationSeconds), ['1s', '59s', '1m0s', '1m30s', '1h0m5s']);
});
