import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AnyRequest } from '../http/body.js';
import { AuthenticationError } from './authenticator.js';
import { x509Authenticator } from './x509_authenticator.js';

/** A request on `socket` whose peer certificate is `cn` (none when undefined, refused when 'bad'). */
function request(socket: object): AnyRequest {
  return { socket } as unknown as AnyRequest;
}

function socket(cn: string | undefined) {
  return { getPeerCertificate: () => ({ subject: { CN: cn } }) };
}

test('one identity per connection; no certificate is no user; a refused one is 401 every time', () => {
  let calls = 0;
  const refused: string[] = [];
  const auth = x509Authenticator(
    (cert) => {
      calls++;
      const cn = (cert as unknown as { subject: { CN?: string } }).subject.CN;
      if (cn === undefined) return null;
      if (cn === 'bad') throw new Error('client certificate is not issued by the client CA');
      return { user: cn, groups: ['system:masters'] };
    },
    (err) => refused.push(err.message),
  );
  const admin = socket('system:admin');
  assert.deepEqual(auth(request(admin)), { name: 'system:admin', groups: ['system:masters'] });
  assert.deepEqual(auth(request(admin)), { name: 'system:admin', groups: ['system:masters'] });
  assert.equal(calls, 1, 'computed once per connection');
  assert.equal(auth(request(socket(undefined))), null);
  const bad = socket('bad');
  for (let i = 0; i < 2; i++) assert.throws(() => auth(request(bad)), AuthenticationError);
  assert.deepEqual(refused, ['client certificate is not issued by the client CA']);
  const session = {};
  const h2 = { socket: admin, stream: { session } } as unknown as AnyRequest;
  auth(h2);
  auth(h2);
  assert.equal(calls, 4, 'an HTTP/2 session is one connection');
});
