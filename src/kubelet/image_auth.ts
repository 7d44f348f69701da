/**
 * Registry credentials from a pod's imagePullSecrets (`kubernetes.io/dockerconfigjson` and the
 * older `kubernetes.io/dockercfg`): the entries whose registry matches the image's, as upstream's
 * credential provider keyring does.
 */
import type { Secret } from '../api/types/cluster.js';
import type { AuthConfig } from './cri/api.js';

/** The registry host of an image reference (`docker.io` for Docker Hub names). */
export function imageRegistry(image: string): string {
  const slash = image.indexOf('/');
  if (slash === -1) return 'docker.io';
  const first = image.slice(0, slash);
  if (first.includes('.') || first.includes(':') || first === 'localhost') return first;
  return 'docker.io';
}

function normalizeRegistry(key: string): string {
  let k = key.replace(/^https?:\/\//, '');
  k = k.split('/')[0] ?? k;
  if (k === 'index.docker.io' || k === 'registry-1.docker.io') return 'docker.io';
  return k;
}

type DockerAuths = Record<
  string,
  { username?: string; password?: string; auth?: string; identitytoken?: string }
>;

function secretAuths(s: Secret): DockerAuths {
  try {
    if (s.type === 'kubernetes.io/dockerconfigjson' && s.data?.['.dockerconfigjson']) {
      const cfg = JSON.parse(Buffer.from(s.data['.dockerconfigjson'], 'base64').toString()) as {
        auths?: DockerAuths;
      };
      return cfg.auths ?? {};
    }
    if (s.type === 'kubernetes.io/dockercfg' && s.data?.['.dockercfg']) {
      return JSON.parse(Buffer.from(s.data['.dockercfg'], 'base64').toString()) as DockerAuths;
    }
  } catch {
    return {};
  }
  return {};
}

/** The credentials for `image` among `secrets`, in order; empty when none match. */
export function pullAuths(image: string, secrets: readonly Secret[]): AuthConfig[] {
  const registry = imageRegistry(image);
  const out: AuthConfig[] = [];
  for (const s of secrets) {
    for (const [key, a] of Object.entries(secretAuths(s))) {
      if (normalizeRegistry(key) !== registry) continue;
      let { username, password } = a;
      if ((!username || !password) && a.auth) {
        const decoded = Buffer.from(a.auth, 'base64').toString();
        const i = decoded.indexOf(':');
        if (i > 0) {
          username = decoded.slice(0, i);
          password = decoded.slice(i + 1);
        }
      }
      out.push({ username, password, identityToken: a.identitytoken, serverAddress: registry });
    }
  }
  return out;
}
