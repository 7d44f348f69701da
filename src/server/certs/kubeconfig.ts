import { writeFileAtomic } from './atomic_file.js';

/** The contents of a kubeconfig with one cluster, one user and one context. */
export interface KubeconfigOptions {
  /** The API server's URL, e.g. `https://127.0.0.1:6443`. */
  server: string;
  /** The CA that signed the API server's serving certificate (PEM). */
  caPem: string;
  /** The user's client certificate (PEM); with no certificate and no token the user has no credentials. */
  clientCertPem?: string;
  /** The user's private key (PEM). */
  clientKeyPem?: string;
  /** A bearer token instead of a certificate. */
  token?: string;
  /** `default` when omitted, as k3s names them. */
  clusterName?: string;
  userName?: string;
  contextName?: string;
}

/**
 * The kubeconfig YAML (`apiVersion: v1`, `kind: Config`) for `opts`: one cluster with
 * `certificate-authority-data`, one user with `client-certificate-data` and `client-key-data`
 * (each the base64 of the PEM text) or a `token` (or nothing), and one context joining them, which is the current context.
 * Every string is written as a double-quoted scalar, so no name or URL can change the structure.
 */
export function renderKubeconfig(opts: KubeconfigOptions): string {
  const q = (value: string) => JSON.stringify(value);
  const b64 = (pem: string) => q(Buffer.from(pem, 'utf8').toString('base64'));
  const cluster = opts.clusterName ?? 'default';
  const user = opts.userName ?? 'default';
  const context = opts.contextName ?? 'default';
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    '- cluster:',
    `    certificate-authority-data: ${b64(opts.caPem)}`,
    `    server: ${q(opts.server)}`,
    `  name: ${q(cluster)}`,
    'contexts:',
    '- context:',
    `    cluster: ${q(cluster)}`,
    `    user: ${q(user)}`,
    `  name: ${q(context)}`,
    `current-context: ${q(context)}`,
    'preferences: {}',
    'users:',
    `- name: ${q(user)}`,
    ...(opts.clientCertPem && opts.clientKeyPem
      ? [
          '  user:',
          `    client-certificate-data: ${b64(opts.clientCertPem)}`,
          `    client-key-data: ${b64(opts.clientKeyPem)}`,
        ]
      : opts.token
        ? ['  user:', `    token: ${q(opts.token)}`]
        : ['  user: {}']),
    '',
  ].join('\n');
}

/**
 * Writes `renderKubeconfig(opts)` to `path`, mode 0600 (it holds a private key), atomically: a
 * temporary file beside it is renamed over `path`, so a reader never sees half a file. Creates
 * the parent directory when missing.
 */
export async function writeKubeconfig(path: string, opts: KubeconfigOptions): Promise<void> {
  await writeFileAtomic(path, renderKubeconfig(opts), 0o600);
}
