import assert from 'node:assert/strict';
import { test } from 'node:test';
import { StatusError } from '../../api/status_error.js';
import { decodeProtobufBody } from './protobuf_body.js';
import { encodeEnvelope } from './protobuf_test_encoding.js';

const META = { name: 'w', creationTimestamp: {} };

test('decodeProtobufBody answers 415 for an unknown kind and 400 for a malformed body', () => {
  const status = (fn: () => unknown): StatusError => {
    try {
      fn();
    } catch (err) {
      assert.ok(err instanceof StatusError);
      return err;
    }
    assert.fail('expected a StatusError');
  };
  const widget = encodeEnvelope('example.com/v1', 'Widget', 'k8s.io.api.core.v1.ConfigMap', {
    metadata: META,
  });
  assert.equal(status(() => decodeProtobufBody(widget)).code, 415);
  const bad = status(() => decodeProtobufBody(Buffer.from('k8s\0\x0a\x05')));
  assert.equal(bad.code, 400);
  assert.equal(bad.reason, 'BadRequest');
  const ok = encodeEnvelope('v1', 'Namespace', 'k8s.io.api.core.v1.Namespace', { metadata: { name: 'n' } });
  assert.equal((decodeProtobufBody(ok).metadata as { name: string }).name, 'n');
});
