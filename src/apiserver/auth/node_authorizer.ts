/**
 * A Node authorizer in the manner of upstream's (`--authorization-mode=Node`): kubelets, users
 * `system:node:<name>` in group `system:nodes`, may do what upstream's `NodeRules` allow.
 * Upstream further narrows secrets, configmaps and volumes to those of pods bound to the node
 * through its object graph; kubets does not yet keep that graph, so those rules apply as written.
 */
import type { Attributes, Authorizer, Decision } from './authorizer.js';
import { nodeRules } from './bootstrap_roles.js';
import { ruleAllows } from './rbac_rules.js';

/** The group of kubelets. */
export const NODES_GROUP = 'system:nodes';
/** The user name prefix of kubelets. */
export const NODE_USER_PREFIX = 'system:node:';

/** The node name of a kubelet identity, or null for other users. */
export function nodeIdentity(user: { name: string; groups: readonly string[] }): string | null {
  if (!user.groups.includes(NODES_GROUP) || !user.name.startsWith(NODE_USER_PREFIX)) return null;
  const name = user.name.slice(NODE_USER_PREFIX.length);
  return name ? name : null;
}

/** The Node authorizer: allows node identities their rules, has no opinion on anyone else. */
export function nodeAuthorizer(): Authorizer {
  const rules = nodeRules();
  return {
    authorize(attrs: Attributes): Decision {
      if (nodeIdentity(attrs.user) === null) return { decision: 'noOpinion', reason: '' };
      if (rules.some((r) => ruleAllows(attrs, r))) return { decision: 'allow', reason: '' };
      return { decision: 'noOpinion', reason: '' };
    },
  };
}
