/**
 * ClusterRole aggregation, as upstream's clusterrole-aggregation controller: a ClusterRole with
 * an `aggregationRule` gets as its rules the union of the rules of every other ClusterRole its
 * selectors match (in name order, duplicates dropped), kept current as roles change.
 */
import { isDeepStrictEqual } from 'node:util';
import type { KubeObject } from '../../api/object.js';
import { labelSelectorAsSelector } from '../../api/label_selector.js';
import type { MetaLabelSelector } from '../../api/label_selector.js';
import { NO_CHANGE } from '../store/resource_store.js';
import type { ResourceStore } from '../store/resource_store.js';
import type { ObjectSource } from './object_source.js';
import type { PolicyRule } from './rbac_rules.js';

interface Role {
  metadata: KubeObject['metadata'];
  rules?: PolicyRule[];
  aggregationRule?: { clusterRoleSelectors?: MetaLabelSelector[] };
}

/** The aggregated rules of `role` among `all` ClusterRoles; null when it has no aggregationRule. */
export function aggregatedRules(role: KubeObject, all: readonly KubeObject[]): PolicyRule[] | null {
  const selectors = (role as Role).aggregationRule?.clusterRoleSelectors;
  if (!selectors) return null;
  const matchers = selectors.map((s) => {
    try {
      return labelSelectorAsSelector(s);
    } catch {
      return null;
    }
  });
  const rules: PolicyRule[] = [];
  const sorted = [...all].sort((a, b) => (a.metadata.name! < b.metadata.name! ? -1 : 1));
  for (const other of sorted) {
    if (other.metadata.name === role.metadata.name) continue;
    const labels = other.metadata.labels ?? {};
    if (!matchers.some((m) => m?.matches(labels))) continue;
    for (const r of (other as Role).rules ?? [])
      if (!rules.some((x) => isDeepStrictEqual(x, r))) rules.push(r);
  }
  return rules;
}

/**
 * Keeps aggregated ClusterRoles current: `sync` writes every aggregated role whose rules
 * differ; `start` syncs now and after each change of the ClusterRoles.
 */
export class ClusterRoleAggregator {
  private unsubscribe: (() => void) | null = null;
  private running: Promise<void> = Promise.resolve();
  private again = false;
  private busy = false;

  constructor(
    private readonly rs: ResourceStore,
    private readonly source: ObjectSource,
    private readonly onError: (err: unknown) => void,
  ) {}

  /** Writes the aggregated roles whose rules are out of date. */
  async sync(): Promise<void> {
    const all = this.source.list();
    for (const role of all) {
      const rules = aggregatedRules(role, all);
      if (!rules || isDeepStrictEqual((role as Role).rules ?? [], rules)) continue;
      await this.rs.update('', role.metadata.name!, (cur) => {
        const fresh = aggregatedRules(cur, this.source.list());
        if (!fresh || isDeepStrictEqual((cur as Role).rules ?? [], fresh)) return NO_CHANGE;
        return { ...cur, rules: fresh } as KubeObject;
      });
    }
  }

  /** Syncs now (resolves when done) and again after every change. */
  async start(): Promise<void> {
    this.unsubscribe = this.source.onChange(() => this.kick());
    await this.sync();
  }

  private kick(): void {
    if (this.busy) {
      this.again = true;
      return;
    }
    this.busy = true;
    this.running = (async () => {
      do {
        this.again = false;
        await this.sync().catch(this.onError);
      } while (this.again);
      this.busy = false;
    })();
  }

  /** Stops following changes; resolves when a running sync ends. */
  async stop(): Promise<void> {
    this.unsubscribe?.();
    this.unsubscribe = null;
    await this.running;
  }
}
