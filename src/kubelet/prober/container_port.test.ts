import assert from 'node:assert/strict';
import { test } from 'node:test';
import { resolveContainerPort } from './container_port.js';

const container = { name: 'web', ports: [{ name: 'http', containerPort: 8080 }] };

test('numbers, names and numeric strings resolve; unknown names and bad numbers throw', () => {
  assert.equal(resolveContainerPort(80, container), 80);
  assert.equal(resolveContainerPort('http', container), 8080);
  assert.equal(resolveContainerPort('9090', container), 9090);
  assert.throws(
    () => resolveContainerPort('metrics', container),
    /strconv.Atoi: parsing "metrics": invalid syntax/,
  );
  assert.throws(() => resolveContainerPort(0, container), /invalid port number: 0/);
  assert.throws(() => resolveContainerPort(70000, container), /invalid port number: 70000/);
});
