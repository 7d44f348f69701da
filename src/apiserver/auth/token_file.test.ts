import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseCsv, parseTokenFile, TokenFileAuthenticator } from './token_file.js';

test('CSV records with quotes, doubled quotes, CRLF and leading spaces', () => {
  assert.deepEqual(parseCsv('a,b,c\r\n"x,y", "z""q",w\n\n'), [
    ['a', 'b', 'c'],
    ['x,y', 'z"q', 'w'],
  ]);
  assert.throws(() => parseCsv('"open'), /missing "/);
});

test('token file: users, uids, groups; empty and duplicate tokens warned', () => {
  const parsed = parseTokenFile(
    ['t1,jane,uid-1,"dev,ops"', 't2,bob,uid-2', ',nobody,uid-3', 't1,jane2,uid-4,"x"'].join('\n'),
    '/etc/tokens.csv',
  );
  assert.deepEqual(parsed.tokens.get('t1'), { name: 'jane2', uid: 'uid-4', groups: ['x'] });
  assert.deepEqual(parsed.tokens.get('t2'), { name: 'bob', uid: 'uid-2', groups: [] });
  assert.equal(parsed.tokens.size, 2);
  assert.deepEqual(parsed.warnings, [
    "empty token has been found in token file '/etc/tokens.csv', record number '3'",
    "duplicate token has been found in token file '/etc/tokens.csv', record number '4'",
  ]);
  assert.throws(
    () => parseTokenFile('tok,user\n', 'f.csv'),
    /token file 'f.csv' must have at least 3 columns \(token, user name, user uid\), found 2/,
  );
});

test('the authenticator answers only its own tokens', () => {
  const a = new TokenFileAuthenticator(parseTokenFile('secret,jane,u1,"dev"\n'));
  assert.deepEqual(a.authenticateToken('secret'), { user: { name: 'jane', uid: 'u1', groups: ['dev'] } });
  assert.equal(a.authenticateToken('secreT'), null);
  assert.equal(a.authenticateToken(''), null);
});
