/**
 * Where the computed rules go: the machine's (or a network namespace's) iptables, through
 * `iptables-restore --noflush`, one transaction for both tables. Each apply also deletes the
 * service and endpoint chains no longer wanted and puts in any missing jump from the built-in
 * chains into kube-proxy's (upstream's `iptablesJumpChains`), so a flushed table heals at the
 * next sync. `cleanup()` removes those jumps and every chain kube-proxy creates — its fixed
 * chains and the KUBE-SVC/SVL/EXT/FW/SEP ones — and nothing else, as `kube-proxy --cleanup`.
 */
import { execFile } from 'node:child_process';
import {
  KUBE_EXTERNAL_SERVICES,
  KUBE_FORWARD,
  KUBE_NODEPORTS,
  KUBE_POSTROUTING,
  KUBE_PROXY_FIREWALL,
  KUBE_SERVICES,
  isServiceChain,
} from './chain_names.js';
import type { ProxyRules } from './iptables_rules.js';
import { FILTER_CHAINS, NAT_CHAINS, renderRestore } from './iptables_rules.js';
import type { ChainRules } from './partial_restore.js';
import { groupByChain, renderPartialRestore } from './partial_restore.js';

/** Applies computed rules; the proxier's only way to the data plane. */
export interface ProxyBackend {
  /**
   * Makes the node's rules exactly `rules` (atomically); rejects when the apply failed. `full`
   * asks for a full sync (everything rewritten, the kernel's state read back) rather than a
   * partial one.
   */
  apply(rules: ProxyRules, opts?: { full?: boolean }): Promise<void>;
  /**
   * Whether the rules last applied are still in place as far as a cheap look tells (someone
   * flushing the tables, as a firewall reload does, makes it false); absent: always assumed.
   */
  intact?(): Promise<boolean>;
}

/** A jump from a built-in chain into one of kube-proxy's. */
export interface JumpRule {
  table: 'filter' | 'nat';
  chain: string;
  target: string;
  comment: string;
  extra: string;
}

const NEW = '-m conntrack --ctstate NEW';

/** Upstream's jumps, in its order. */
export const JUMP_RULES: readonly JumpRule[] = [
  {
    table: 'filter',
    chain: 'INPUT',
    target: KUBE_EXTERNAL_SERVICES,
    comment: 'kubernetes externally-visible service portals',
    extra: NEW,
  },
  {
    table: 'filter',
    chain: 'FORWARD',
    target: KUBE_EXTERNAL_SERVICES,
    comment: 'kubernetes externally-visible service portals',
    extra: NEW,
  },
  {
    table: 'filter',
    chain: 'INPUT',
    target: KUBE_NODEPORTS,
    comment: 'kubernetes health check service ports',
    extra: '',
  },
  {
    table: 'filter',
    chain: 'FORWARD',
    target: KUBE_SERVICES,
    comment: 'kubernetes service portals',
    extra: NEW,
  },
  {
    table: 'filter',
    chain: 'OUTPUT',
    target: KUBE_SERVICES,
    comment: 'kubernetes service portals',
    extra: NEW,
  },
  {
    table: 'filter',
    chain: 'FORWARD',
    target: KUBE_FORWARD,
    comment: 'kubernetes forwarding rules',
    extra: '',
  },
  {
    table: 'filter',
    chain: 'INPUT',
    target: KUBE_PROXY_FIREWALL,
    comment: 'kubernetes load balancer firewall',
    extra: NEW,
  },
  {
    table: 'filter',
    chain: 'OUTPUT',
    target: KUBE_PROXY_FIREWALL,
    comment: 'kubernetes load balancer firewall',
    extra: NEW,
  },
  {
    table: 'filter',
    chain: 'FORWARD',
    target: KUBE_PROXY_FIREWALL,
    comment: 'kubernetes load balancer firewall',
    extra: NEW,
  },
  { table: 'nat', chain: 'OUTPUT', target: KUBE_SERVICES, comment: 'kubernetes service portals', extra: '' },
  {
    table: 'nat',
    chain: 'PREROUTING',
    target: KUBE_SERVICES,
    comment: 'kubernetes service portals',
    extra: '',
  },
  {
    table: 'nat',
    chain: 'POSTROUTING',
    target: KUBE_POSTROUTING,
    comment: 'kubernetes postrouting rules',
    extra: '',
  },
];

/** The rule text of a jump after `-A CHAIN ` / `-I CHAIN 1 ` (as iptables-save prints it). */
export function jumpSpec(j: JumpRule): string {
  return `${j.extra ? `${j.extra} ` : ''}-m comment --comment "${j.comment}" -j ${j.target}`;
}

/** The jump as iptables arguments (after `-A CHAIN`). */
export function jumpArgs(j: JumpRule): string[] {
  return [...(j.extra ? j.extra.split(' ') : []), '-m', 'comment', '--comment', j.comment, '-j', j.target];
}

/** A table as iptables-save shows it: chain names and `-A` lines. */
export interface SavedTable {
  chains: Set<string>;
  rules: string[];
}

/** Parses `iptables-save -t TABLE` output. */
export function parseSave(text: string): SavedTable {
  const chains = new Set<string>();
  const rules: string[] = [];
  for (const line of text.split('\n')) {
    if (line.startsWith(':')) chains.add(line.slice(1).split(' ')[0]!);
    else if (line.startsWith('-A ')) rules.push(line);
  }
  return { chains, rules };
}

/** Whether `saved` has the jump `j` (any rule of its chain ending in its target, with its comment). */
export function hasJump(saved: SavedTable, j: JumpRule): boolean {
  return saved.rules.some(
    (r) => r.startsWith(`-A ${j.chain} `) && r.endsWith(` -j ${j.target}`) && r.includes(`"${j.comment}"`),
  );
}

const OUR_FIXED = new Set<string>([...FILTER_CHAINS, ...NAT_CHAINS]);

/** Options of the iptables backend. */
export interface IptablesBackendOptions {
  /** Run every command inside this network namespace (`ip netns exec NAME …`). */
  netns?: string;
}

/** The iptables backend; see the file comment. Needs root and iptables (legacy or nft). */
export class IptablesBackend implements ProxyBackend {
  /** What the last successful apply left in the kernel. */
  private last: ChainRules | undefined;

  constructor(private readonly opts: IptablesBackendOptions = {}) {}

  private exec(cmd: string, args: string[], input?: string): Promise<string> {
    const [file, argv] = this.opts.netns
      ? ['ip', ['netns', 'exec', this.opts.netns, cmd, ...args]]
      : [cmd, args];
    return new Promise((resolve, reject) => {
      const child = execFile(
        file,
        argv,
        { encoding: 'utf8', maxBuffer: 256 << 20 },
        (err, stdout, stderr) => {
          if (err) reject(new Error(`${cmd} ${args.join(' ')}: ${stderr.trim() || err.message}`));
          else resolve(stdout);
        },
      );
      // A command that reads nothing may exit before its stdin is closed.
      child.stdin?.on('error', () => undefined);
      child.stdin?.end(input ?? '');
    });
  }

  /** The current state of `table`. */
  async save(table: 'filter' | 'nat'): Promise<SavedTable> {
    return parseSave(await this.exec('iptables-save', ['-t', table]));
  }

  /** Feeds `text` to `iptables-restore --noflush` (one transaction). */
  async restore(text: string): Promise<void> {
    await this.exec('iptables-restore', ['--noflush', '--wait'], text);
  }

  /**
   * A full sync (the first, after a failure, or when asked) reads both tables back, puts in
   * missing jumps and deletes stale chains; the others write only the chains that changed since
   * the last apply (`partial_restore.ts`).
   */
  async apply(rules: ProxyRules, opts: { full?: boolean } = {}): Promise<void> {
    const next = groupByChain(rules);
    const last = this.last;
    this.last = undefined; // until this apply is known to have succeeded
    if (opts.full || !last) {
      const [filter, nat] = await Promise.all([this.save('filter'), this.save('nat')]);
      const missing = (t: 'filter' | 'nat', saved: SavedTable) =>
        JUMP_RULES.filter((j) => j.table === t && !hasJump(saved, j)).map(
          (j) => `-I ${j.chain} 1 ${jumpSpec(j)}`,
        );
      await this.restore(
        renderRestore(rules, nat.chains, { filter: missing('filter', filter), nat: missing('nat', nat) }),
      );
    } else {
      const { text, changed } = renderPartialRestore(last, next);
      if (changed > 0) await this.restore(text);
    }
    this.last = next;
  }

  /**
   * Upstream's canary, cheaply: kube-proxy's fixed chains still hold their rules and nat
   * PREROUTING still jumps to KUBE-SERVICES.
   */
  async intact(): Promise<boolean> {
    const jump = JUMP_RULES.find((j) => j.table === 'nat' && j.chain === 'PREROUTING')!;
    try {
      const [nat, filter] = await Promise.all([
        this.exec('iptables', ['-w', '-t', 'nat', '-S', KUBE_POSTROUTING]),
        this.exec('iptables', ['-w', '-t', 'filter', '-S', KUBE_FORWARD]),
        this.exec('iptables', ['-w', '-t', 'nat', '-C', 'PREROUTING', ...jumpArgs(jump)]),
      ]);
      return nat.includes('MASQUERADE') && filter.includes('ACCEPT');
    } catch {
      return false;
    }
  }

  /** Removes kube-proxy's jumps and chains from both tables; a no-op when there are none. */
  async cleanup(): Promise<void> {
    this.last = undefined;
    const out: string[] = [];
    for (const table of ['filter', 'nat'] as const) {
      const saved = await this.save(table);
      const ours = [...saved.chains].filter(
        (c) => OUR_FIXED.has(c) || (table === 'nat' && isServiceChain(c)),
      );
      const jumps = saved.rules.filter((r) => {
        const chain = r.split(' ')[1]!;
        const target = / -j (\S+)$/.exec(r)?.[1];
        return (
          !ours.includes(chain) && target !== undefined && ours.includes(target) && OUR_FIXED.has(target)
        );
      });
      if (ours.length === 0 && jumps.length === 0) continue;
      out.push(`*${table}`, ...ours.map((c) => `:${c} - [0:0]`));
      out.push(...jumps.map((r) => `-D${r.slice(2)}`), ...ours.map((c) => `-X ${c}`), 'COMMIT');
    }
    if (out.length > 0) await this.restore(out.join('\n') + '\n');
  }
}
