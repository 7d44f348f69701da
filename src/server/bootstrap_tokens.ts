/**
 * Bootstrap tokens, as kubeadm makes them: `<id>.<secret>` (6 and 16 characters of [a-z0-9]),
 * kept as the Secret `kube-system/bootstrap-token-<id>` of type `bootstrap.kubernetes.io/token`
 * with an expiration, the usages authentication and signing, and extra groups. A new node
 * authenticates with one as `system:bootstrap:<id>` (groups `system:bootstrappers` and the
 * extra ones) to ask for its certificate.
 */
import { randomInt } from 'node:crypto';
import type { Secret } from '../api/types/cluster.js';

/** The Secret type of bootstrap tokens. */
export const BOOTSTRAP_TOKEN_SECRET_TYPE = 'bootstrap.kubernetes.io/token';
/** The group kubeadm gives node tokens (beside system:bootstrappers). */
export const DEFAULT_NODE_TOKEN_GROUP = 'system:bootstrappers:kubeadm:default-node-token';
const TOKEN_RE = /^([a-z0-9]{6})\.([a-z0-9]{16})$/;
const GROUP_RE = /^system:bootstrappers:[a-z0-9:-]{0,255}[a-z0-9]$/;
const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** A token's two halves. */
export interface BootstrapToken {
  id: string;
  secret: string;
}

/** A fresh random token. */
export function generateBootstrapToken(): BootstrapToken {
  const pick = (n: number) => Array.from({ length: n }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
  return { id: pick(6), secret: pick(16) };
}

/** Parses `<id>.<secret>`; throws with kubeadm's message when it is not one. */
export function parseBootstrapToken(text: string): BootstrapToken {
  const m = TOKEN_RE.exec(text.trim());
  if (!m) throw new Error(`the bootstrap token "${text}" was not of the form "${TOKEN_RE.source}"`);
  return { id: m[1]!, secret: m[2]! };
}

/** Checks extra groups as kubeadm does; throws naming the bad one. */
export function checkBootstrapGroups(groups: readonly string[]): void {
  for (const g of groups)
    if (!GROUP_RE.test(g)) throw new Error(`group ${JSON.stringify(g)} must match ${GROUP_RE.source}`);
}

/** What a token Secret holds besides the token. */
export interface BootstrapTokenOptions {
  /** Time to live in ms (0: never expires). */
  ttlMs: number;
  description?: string;
  groups?: readonly string[];
  usages?: readonly ('authentication' | 'signing')[];
  now?: Date;
}

/** The Secret of `token`. */
export function bootstrapTokenSecret(token: BootstrapToken, opts: BootstrapTokenOptions): Secret {
  const now = opts.now ?? new Date();
  const data: Record<string, string> = { 'token-id': token.id, 'token-secret': token.secret };
  if (opts.description) data.description = opts.description;
  if (opts.ttlMs > 0)
    data.expiration = new Date(now.getTime() + opts.ttlMs).toISOString().replace(/\.\d+Z$/, 'Z');
  for (const u of opts.usages ?? ['authentication', 'signing']) data[`usage-bootstrap-${u}`] = 'true';
  const groups = opts.groups ?? [DEFAULT_NODE_TOKEN_GROUP];
  if (groups.length) data['auth-extra-groups'] = groups.join(',');
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: `bootstrap-token-${token.id}`, namespace: 'kube-system' },
    type: BOOTSTRAP_TOKEN_SECRET_TYPE,
    data: Object.fromEntries(Object.entries(data).map(([k, v]) => [k, Buffer.from(v).toString('base64')])),
  };
}

/** One row of `kubets token list`, from a token Secret (undefined for other Secrets). */
export interface BootstrapTokenRow {
  token: string;
  expires?: Date;
  usages: string[];
  description: string;
  groups: string[];
}

/** Reads a token Secret back. */
export function bootstrapTokenRow(secret: Secret): BootstrapTokenRow | undefined {
  if (secret.type !== BOOTSTRAP_TOKEN_SECRET_TYPE) return undefined;
  const get = (k: string) => Buffer.from(secret.data?.[k] ?? '', 'base64').toString();
  const id = get('token-id');
  const sec = get('token-secret');
  if (!TOKEN_RE.test(`${id}.${sec}`)) return undefined;
  const exp = get('expiration');
  return {
    token: `${id}.${sec}`,
    expires: exp ? new Date(exp) : undefined,
    usages: Object.keys(secret.data ?? {})
      .filter((k) => k.startsWith('usage-bootstrap-') && get(k) === 'true')
      .map((k) => k.slice('usage-bootstrap-'.length))
      .sort(),
    description: get('description'),
    groups: get('auth-extra-groups')
      .split(',')
      .filter((g) => g !== ''),
  };
}
