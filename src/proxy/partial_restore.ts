/**
 * Partial syncs, as upstream's MinimizeIPTablesRestore: between full syncs only the chains whose
 * rules changed since the last apply are written (flushed and refilled), and the chains no
 * longer wanted are deleted; every other chain keeps its rules untouched in the kernel. One
 * EndpointSlice change thus costs a few chains, not the whole table.
 */
import { isServiceChain } from './chain_names.js';
import type { ProxyRules, TableRules } from './iptables_rules.js';

/** One table's rules by chain, in declaration order (chains without rules map to []). */
export type ChainMap = Map<string, string[]>;

/** Both tables' rules by chain. */
export interface ChainRules {
  filter: ChainMap;
  nat: ChainMap;
}

function group(t: TableRules): ChainMap {
  const m: ChainMap = new Map(t.chains.map((c) => [c, []]));
  for (const r of t.rules) {
    const chain = r.slice(3, r.indexOf(' ', 3));
    let list = m.get(chain);
    if (!list) m.set(chain, (list = []));
    list.push(r);
  }
  return m;
}

/** Groups computed rules by chain. */
export function groupByChain(rules: ProxyRules): ChainRules {
  return { filter: group(rules.filter), nat: group(rules.nat) };
}

function same(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * iptables-restore input (for `--noflush`) turning the applied `prev` into `next`: the chains
 * new or changed, declared and refilled; the service chains gone, flushed and deleted. `changed`
 * counts the chains written or deleted (0: nothing to do).
 */
export function renderPartialRestore(prev: ChainRules, next: ChainRules): { text: string; changed: number } {
  const out: string[] = [];
  let changed = 0;
  for (const table of ['filter', 'nat'] as const) {
    const before = prev[table];
    const after = next[table];
    const written = [...after].filter(([c, rules]) => {
      const old = before.get(c);
      return old === undefined || !same(old, rules);
    });
    const gone = [...before.keys()].filter((c) => !after.has(c) && isServiceChain(c));
    changed += written.length + gone.length;
    out.push(`*${table}`);
    for (const [c] of written) out.push(`:${c} - [0:0]`);
    for (const c of gone) out.push(`:${c} - [0:0]`);
    for (const [, rules] of written) out.push(...rules);
    for (const c of gone) out.push(`-X ${c}`);
    out.push('COMMIT');
  }
  out.push('');
  return { text: out.join('\n'), changed };
}
