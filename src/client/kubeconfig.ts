/**
 * Reading a kubeconfig file into the connection settings of its current context, as client-go's
 * `clientcmd` does for the fields kubets uses: server, CA, client certificate and key (inline
 * `-data` or file paths relative to the kubeconfig), bearer token and insecure-skip-tls-verify.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

/** Where and how to reach an API server. */
export interface ConnectionConfig {
  /** `https://host:port` (or `http://` for plain connections). */
  server: string;
  /** PEM of the CA that signed the server's certificate; the system CAs when absent. */
  ca?: string;
  /** PEM client certificate and key (x509 authentication). */
  cert?: string;
  key?: string;
  /** Bearer token. */
  token?: string;
  /** Skip verification of the server's certificate. */
  insecureSkipTLSVerify?: boolean;
  /** Sent as User-Agent. */
  userAgent?: string;
}

/** A kubeconfig that cannot be used: missing context, cluster or user, unreadable file. */
export class KubeconfigError extends Error {
  override name = 'KubeconfigError';
}

interface Named<T> {
  name: string;
  cluster?: T;
  user?: T;
  context?: T;
}

function findNamed(list: unknown, name: string, what: string): Record<string, unknown> {
  const entries = Array.isArray(list) ? (list as Named<Record<string, unknown>>[]) : [];
  const hit = entries.find((e) => e && e.name === name);
  const body = hit && (hit.cluster ?? hit.user ?? hit.context);
  if (!body) throw new KubeconfigError(`${what} "${name}" not found in kubeconfig`);
  return body;
}

function readData(
  section: Record<string, unknown>,
  field: string,
  baseDir: string,
  asText = true,
): string | undefined {
  const inline = section[`${field}-data`];
  if (typeof inline === 'string' && inline) return Buffer.from(inline, 'base64').toString('utf8');
  const file = section[field];
  if (typeof file === 'string' && file) {
    const p = path.isAbsolute(file) ? file : path.join(baseDir, file);
    try {
      return fs.readFileSync(p, asText ? 'utf8' : undefined).toString();
    } catch (err) {
      throw new KubeconfigError(`reading ${field} ${p}: ${(err as Error).message}`);
    }
  }
  return undefined;
}

/**
 * The connection settings of `context` (the current context by default) of the kubeconfig
 * text `yamlText`; relative file paths resolve against `baseDir`. Throws `KubeconfigError`.
 */
export function parseKubeconfig(yamlText: string, baseDir: string, context?: string): ConnectionConfig {
  let doc: Record<string, unknown>;
  try {
    doc = parse(yamlText) as Record<string, unknown>;
  } catch (err) {
    throw new KubeconfigError(`invalid kubeconfig: ${(err as Error).message}`);
  }
  if (!doc || typeof doc !== 'object') throw new KubeconfigError('invalid kubeconfig: not a mapping');
  const ctxName = context ?? (doc['current-context'] as string | undefined);
  if (!ctxName) throw new KubeconfigError('kubeconfig has no current-context');
  const ctx = findNamed(doc.contexts, ctxName, 'context');
  const cluster = findNamed(doc.clusters, String(ctx.cluster ?? ''), 'cluster');
  const user = ctx.user ? findNamed(doc.users, String(ctx.user), 'user') : {};
  const server = cluster.server;
  if (typeof server !== 'string' || !server)
    throw new KubeconfigError(`cluster "${ctx.cluster}" has no server`);
  const token = typeof user.token === 'string' ? user.token : readData(user, 'tokenFile', baseDir)?.trim();
  return {
    server,
    ca: readData(cluster, 'certificate-authority', baseDir),
    cert: readData(user, 'client-certificate', baseDir),
    key: readData(user, 'client-key', baseDir),
    token: token || undefined,
    insecureSkipTLSVerify: cluster['insecure-skip-tls-verify'] === true,
  };
}

/** Reads the kubeconfig file at `file` (see `parseKubeconfig`). */
export function loadKubeconfig(file: string, context?: string): ConnectionConfig {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new KubeconfigError(`reading kubeconfig ${file}: ${(err as Error).message}`);
  }
  return parseKubeconfig(text, path.dirname(path.resolve(file)), context);
}
