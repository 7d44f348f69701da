import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Counter, Registry } from 'prom-client';
import { startComponentServer } from './component_server.js';

test('serves metrics and health, and reports an unhealthy check', async () => {
  const metrics = new Registry();
  const c = new Counter({ name: 'test_things_total', help: 'things', registers: [metrics] });
  c.inc(3);
  let problem: string | undefined;
  const srv = await startComponentServer({ port: 0, metrics, check: () => problem });
  try {
    const m = await fetch(`${srv.url}/metrics`);
    assert.equal(m.status, 200);
    assert.match(await m.text(), /^test_things_total 3$/m);
    const h = await fetch(`${srv.url}/healthz`);
    assert.equal(h.status, 200);
    assert.equal(await h.text(), 'ok');
    problem = 'leader election lost';
    const bad = await fetch(`${srv.url}/readyz`);
    assert.equal(bad.status, 500);
    assert.match(await bad.text(), /leader election lost/);
    assert.equal((await fetch(`${srv.url}/nope`)).status, 404);
  } finally {
    await srv.close();
  }
});
