/**
 * The status conditions the namespace controller keeps on a namespace while deleting its
 * content, as upstream's `namespaceConditionUpdater`: each of the five condition types is set
 * True with a failure reason while something is wrong, and False with the "ok" reason otherwise.
 */
import type { Namespace } from '../../api/types/cluster.js';

/** A namespace status condition. */
export type NamespaceCondition = NonNullable<NonNullable<Namespace['status']>['conditions']>[number];

/** The condition types the namespace controller maintains, in upstream's order. */
export const NAMESPACE_CONDITION_TYPES = [
  'NamespaceDeletionDiscoveryFailure',
  'NamespaceDeletionGroupVersionParsingFailure',
  'NamespaceDeletionContentFailure',
  'NamespaceContentRemaining',
  'NamespaceFinalizersRemaining',
] as const;

/** One of `NAMESPACE_CONDITION_TYPES`. */
export type NamespaceConditionType = (typeof NAMESPACE_CONDITION_TYPES)[number];

const OK: Record<NamespaceConditionType, { reason: string; message: string }> = {
  NamespaceDeletionDiscoveryFailure: {
    reason: 'ResourcesDiscovered',
    message: 'All resources successfully discovered',
  },
  NamespaceDeletionGroupVersionParsingFailure: {
    reason: 'ParsedGroupVersions',
    message: 'All legacy kube types successfully parsed',
  },
  NamespaceDeletionContentFailure: {
    reason: 'ContentDeleted',
    message: 'All content successfully deleted, may be waiting on finalization',
  },
  NamespaceContentRemaining: { reason: 'ContentRemoved', message: 'All content successfully removed' },
  NamespaceFinalizersRemaining: {
    reason: 'ContentHasNoFinalizers',
    message: 'All content-preserving finalizers finished',
  },
};

/** What one deletion pass found: the failures and what is left. */
export interface DeletionOutcome {
  /** The discovery failure's message (`Discovery failed for some groups, …`), if any. */
  discoveryError?: string;
  /** The group-version parsing failure's message, if any. */
  groupVersionError?: string;
  /** Messages of failed deletions, one per resource. */
  contentErrors: string[];
  /** Objects remaining per resource (`pods.` / `widgets.example.com`). */
  remaining: Map<string, number>;
  /** Objects remaining per finalizer they still carry. */
  finalizersRemaining: Map<string, number>;
}

/** The failing conditions (status True) an outcome implies, with upstream's reasons and messages. */
export function failingConditions(o: DeletionOutcome): Map<NamespaceConditionType, NamespaceCondition> {
  const out = new Map<NamespaceConditionType, NamespaceCondition>();
  const add = (type: NamespaceConditionType, reason: string, message: string) =>
    out.set(type, { type, status: 'True', reason, message });
  if (o.discoveryError) add('NamespaceDeletionDiscoveryFailure', 'DiscoveryFailed', o.discoveryError);
  if (o.groupVersionError)
    add('NamespaceDeletionGroupVersionParsingFailure', 'GroupVersionParsingFailed', o.groupVersionError);
  if (o.contentErrors.length > 0) {
    const msgs = [...o.contentErrors].sort();
    add(
      'NamespaceDeletionContentFailure',
      'ContentDeletionFailed',
      `Failed to delete all resource types, ${msgs.length} remaining: ${msgs.join(', ')}`,
    );
  }
  const resources = [...o.remaining]
    .filter(([, n]) => n > 0)
    .map(([r, n]) => `${r} has ${n} resource instances`)
    .sort();
  if (resources.length > 0)
    add(
      'NamespaceContentRemaining',
      'SomeResourcesRemain',
      `Some resources are remaining: ${resources.join(', ')}`,
    );
  const finalizers = [...o.finalizersRemaining]
    .filter(([, n]) => n > 0)
    .map(([f, n]) => `${f} in ${n} resource instances`)
    .sort();
  if (finalizers.length > 0)
    add(
      'NamespaceFinalizersRemaining',
      'SomeFinalizersRemain',
      `Some content in the namespace has finalizers remaining: ${finalizers.join(', ')}`,
    );
  return out;
}

/**
 * The namespace's conditions after an outcome: every maintained type present, failing ones True,
 * the others False with the ok reason; `lastTransitionTime` moves only when the status changes.
 * Returns undefined when nothing changed.
 */
export function updatedConditions(
  current: readonly NamespaceCondition[],
  outcome: DeletionOutcome,
  now: string,
): NamespaceCondition[] | undefined {
  const failing = failingConditions(outcome);
  const next = current.map((c) => ({ ...c }));
  let changed = false;
  for (const type of NAMESPACE_CONDITION_TYPES) {
    const want = failing.get(type) ?? { type, status: 'False', ...OK[type] };
    const old = next.find((c) => c.type === type);
    if (!old) {
      next.push({ ...want, lastTransitionTime: now });
      changed = true;
    } else if (old.status !== want.status || old.reason !== want.reason || old.message !== want.message) {
      if (old.status !== want.status) old.lastTransitionTime = now;
      old.status = want.status;
      old.reason = want.reason;
      old.message = want.message;
      changed = true;
    }
  }
  return changed ? next : undefined;
}
