/**
 * `kubets token create|list|delete`: bootstrap tokens for joining nodes, as `kubeadm token`. They
 * are Secrets in kube-system, written through the API with the server's admin kubeconfig.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { parse as parseYaml } from 'yaml';
import type { Secret } from '../api/types/cluster.js';
import { StatusError } from '../api/status_error.js';
import { humanDuration } from '../api/duration.js';
import { KubeconfigError } from '../client/kubeconfig.js';
import { RestClient } from '../client/rest_client.js';
import {
  BOOTSTRAP_TOKEN_SECRET_TYPE,
  bootstrapTokenRow,
  bootstrapTokenSecret,
  checkBootstrapGroups,
  DEFAULT_NODE_TOKEN_GROUP,
  generateBootstrapToken,
  parseBootstrapToken,
} from '../server/bootstrap_tokens.js';
import { caCertHash } from '../server/certs/ca_cert_hash.js';
import { CLUSTER_INFO } from '../server/cluster_bootstrap.js';
import { UsageError } from './usage_error.js';

/** Help text of `kubets token`. */
export const TOKEN_USAGE = `Usage: kubets token create|list|delete [options]

Manages bootstrap tokens, with which new nodes join ('kubets agent --token').

  kubets token create [TOKEN]   create a token (random unless TOKEN, of the form [a-z0-9]{6}.[a-z0-9]{16})
  kubets token list             list the tokens
  kubets token delete TOKEN|ID  delete tokens

Options:
  --data-dir DIR            the server's data directory (default /var/lib/kubets): its kubeconfig is used
  --kubeconfig FILE         how to reach the API server (default DIR/kubeconfig.yaml)
  --ttl DURATION            create: time before the token expires, e.g. 24h, 30m; 0 never (default 24h)
  --description TEXT        create: what the token is for
  --groups LIST             create: extra groups, comma-separated (default ${DEFAULT_NODE_TOKEN_GROUP})
  --print-join-command      create: print the whole 'kubets agent' command that joins with it
  -h, --help                show this help
`;

/** Parses `24h`, `30m`, `90s`, `1h30m` or `0`; throws a UsageError otherwise. */
export function parseTtl(text: string): number {
  if (text === '0') return 0;
  const m = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(text);
  if (!m || text === '') throw new UsageError(`--ttl: ${text} is not a duration like 24h or 30m`);
  return ((Number(m[1] ?? 0) * 60 + Number(m[2] ?? 0)) * 60 + Number(m[3] ?? 0)) * 1000;
}

/** `kubets token`. */
export async function tokenCommand(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      'data-dir': { type: 'string', default: '/var/lib/kubets' },
      kubeconfig: { type: 'string' },
      ttl: { type: 'string', default: '24h' },
      description: { type: 'string' },
      groups: { type: 'string' },
      'print-join-command': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
    allowPositionals: true,
  });
  const [verb, ...args] = positionals;
  if (values.help || verb === undefined) {
    process.stdout.write(TOKEN_USAGE);
    if (!values.help) throw new UsageError('a subcommand is required: create, list or delete');
    return;
  }
  const kubeconfig = values.kubeconfig ?? path.join(values['data-dir'], 'kubeconfig.yaml');
  const connect = () => {
    try {
      return RestClient.fromKubeconfig(kubeconfig, { userAgent: 'kubets-token' });
    } catch (err) {
      if (err instanceof KubeconfigError) throw new UsageError(err.message);
      throw err;
    }
  };
  switch (verb) {
    case 'create': {
      if (args.length > 1) throw new UsageError('create takes at most one token');
      let token;
      try {
        token = args[0] ? parseBootstrapToken(args[0]) : generateBootstrapToken();
      } catch (err) {
        throw new UsageError((err as Error).message);
      }
      const groups = values.groups === undefined ? undefined : values.groups.split(',').filter((g) => g);
      try {
        checkBootstrapGroups(groups ?? []);
      } catch (err) {
        throw new UsageError(`--groups: ${(err as Error).message}`);
      }
      const secret = bootstrapTokenSecret(token, {
        ttlMs: parseTtl(values.ttl),
        description: values.description,
        groups,
      });
      const rest = connect();
      try {
        await rest.request({ method: 'POST', path: '/api/v1/namespaces/kube-system/secrets', body: secret });
        const text = `${token.id}.${token.secret}`;
        if (!values['print-join-command']) process.stdout.write(`${text}\n`);
        else process.stdout.write(`${await joinCommand(rest, text)}\n`);
      } catch (err) {
        if (err instanceof StatusError && err.code === 409)
          throw new UsageError(`a token with ID ${JSON.stringify(token.id)} already exists`);
        throw err;
      } finally {
        rest.close();
      }
      return;
    }
    case 'list': {
      const rest = connect();
      try {
        const list = await rest.request<{ items: Secret[] }>({
          method: 'GET',
          path: '/api/v1/namespaces/kube-system/secrets',
          query: { fieldSelector: `type=${BOOTSTRAP_TOKEN_SECRET_TYPE}` },
        });
        process.stdout.write(tokenTable(list.items, new Date()));
      } finally {
        rest.close();
      }
      return;
    }
    case 'delete': {
      if (args.length === 0) throw new UsageError('delete needs at least one token or token ID');
      const rest = connect();
      try {
        for (const arg of args) {
          const id = /^[a-z0-9]{6}$/.test(arg) ? arg : parseTokenOrUsage(arg).id;
          try {
            await rest.request({
              method: 'DELETE',
              path: `/api/v1/namespaces/kube-system/secrets/bootstrap-token-${id}`,
            });
          } catch (err) {
            if (err instanceof StatusError && err.code === 404)
              throw new UsageError(`bootstrap token ${JSON.stringify(id)} not found`);
            throw err;
          }
          process.stdout.write(`bootstrap token "${id}" deleted\n`);
        }
      } finally {
        rest.close();
      }
      return;
    }
    default:
      throw new UsageError(`unknown subcommand ${JSON.stringify(verb)}: use create, list or delete`);
  }
}

function parseTokenOrUsage(text: string) {
  try {
    return parseBootstrapToken(text);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

/** `kubeadm token list`'s table. */
export function tokenTable(secrets: Secret[], now: Date): string {
  const rows = [['TOKEN', 'TTL', 'EXPIRES', 'USAGES', 'DESCRIPTION', 'EXTRA GROUPS']];
  for (const s of secrets) {
    const r = bootstrapTokenRow(s);
    if (!r) continue;
    const ttl = !r.expires
      ? '<forever>'
      : r.expires <= now
        ? '<invalid>'
        : humanDuration(r.expires.getTime() - now.getTime());
    rows.push([
      r.token,
      ttl,
      r.expires ? r.expires.toISOString().replace(/\.\d+Z$/, 'Z') : '<never>',
      r.usages.join(','),
      r.description || '<none>',
      r.groups.join(','),
    ]);
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows
    .map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]! + 3))).join('') + '\n')
    .join('');
}

/** `kubets agent --server URL --token TOKEN --ca-cert-hash sha256:…` from the published cluster-info. */
async function joinCommand(rest: RestClient, token: string): Promise<string> {
  const cm = await rest.request<{ data?: { kubeconfig?: string } }>({
    method: 'GET',
    path: `/api/v1/namespaces/kube-public/configmaps/${CLUSTER_INFO}`,
  });
  const cfg = parseYaml(cm.data?.kubeconfig ?? '') as {
    clusters?: { cluster?: { server?: string; 'certificate-authority-data'?: string } }[];
  };
  const cluster = cfg?.clusters?.[0]?.cluster;
  if (!cluster?.server || !cluster['certificate-authority-data'])
    throw new Error('kube-public/cluster-info holds no server address and CA: is this a kubets server?');
  const ca = Buffer.from(cluster['certificate-authority-data'], 'base64').toString();
  return `kubets agent --server ${cluster.server} --token ${token} --ca-cert-hash ${caCertHash(ca)}`;
}
