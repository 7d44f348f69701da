/**
 * The Node authorizer, as upstream's (`--authorization-mode=Node`): kubelets, users
 * `system:node:<name>` in group `system:nodes`, may read the secrets, config maps, claims,
 * volumes and attachments of the pods bound to their node (a path in the graph leads from the
 * object to the node), create tokens of those pods' service accounts, and use only their own
 * Lease and CSINode; everything else is upstream's `NodeRules`. A refusal is "no opinion" with
 * upstream's reason (`no relationship found between node 'n1' and this object`), so that RBAC
 * may still allow.
 */
import type { Attributes, Authorizer, Decision } from './authorizer.js';
import { nodeRules } from './bootstrap_roles.js';
import type { VertexType } from './node_graph.js';
import { ruleAllows } from './rbac_rules.js';

/** The group of kubelets. */
export const NODES_GROUP = 'system:nodes';
/** The user name prefix of kubelets. */
export const NODE_USER_PREFIX = 'system:node:';
/** The namespace of node leases. */
export const NODE_LEASE_NAMESPACE = 'kube-node-lease';

/** The node name of a kubelet identity, or null for other users. */
export function nodeIdentity(user: { name: string; groups: readonly string[] }): string | null {
  if (!user.groups.includes(NODES_GROUP) || !user.name.startsWith(NODE_USER_PREFIX)) return null;
  const name = user.name.slice(NODE_USER_PREFIX.length);
  return name ? name : null;
}

/** Whether a path leads from an object to a node: null when it does, else why not. */
export interface NodeGraphView {
  pathError(nodeName: string, type: VertexType, namespace: string, name: string): string | null;
}

const ALLOW: Decision = { decision: 'allow', reason: '' };
const no = (reason: string): Decision => ({ decision: 'noOpinion', reason });

/**
 * The Node authorizer over `graph`: allows node identities what upstream's does, has no opinion
 * on anyone else.
 */
export function nodeAuthorizer(graph: NodeGraphView): Authorizer {
  const rules = nodeRules();
  const related = (node: string, type: VertexType, attrs: Attributes): Decision => {
    if (!attrs.name) return no('No Object name found');
    return graph.pathError(node, type, attrs.namespace, attrs.name) === null
      ? ALLOW
      : no(`no relationship found between node '${node}' and this object`);
  };
  const readNamespaced = (node: string, type: VertexType, attrs: Attributes): Decision => {
    if (!['get', 'list', 'watch'].includes(attrs.verb)) return no('can only read resources of this type');
    if (attrs.subresource) return no('cannot read subresource');
    if (!attrs.namespace) return no('can only read namespaced object of this type');
    return related(node, type, attrs);
  };
  const getOnly = (node: string, type: VertexType, attrs: Attributes): Decision => {
    if (attrs.verb !== 'get') return no('can only get individual resources of this type');
    if (attrs.subresource) return no('cannot get subresource');
    return related(node, type, attrs);
  };
  const statusUpdate = (node: string, type: VertexType, attrs: Attributes): Decision => {
    if (attrs.verb !== 'update' && attrs.verb !== 'patch') return no('can only get/update/patch this type');
    return related(node, type, attrs);
  };
  const ownObject = (node: string, attrs: Attributes, what: string): Decision | null => {
    if (!['get', 'create', 'update', 'patch', 'delete'].includes(attrs.verb))
      return no(`can only get, create, update, patch, or delete a ${what}`);
    // The name of a create is in its body: NodeRestriction admission checks it.
    if (attrs.verb !== 'create' && attrs.name !== node)
      return no(`can only access ${what} with the same name as the requesting node`);
    return null;
  };
  const subdivided = (node: string, attrs: Attributes): Decision | null => {
    switch (`${attrs.apiGroup}/${attrs.resource}`) {
      case '/secrets':
        return readNamespaced(node, 'secret', attrs);
      case '/configmaps':
        return readNamespaced(node, 'configmap', attrs);
      case '/persistentvolumeclaims':
        if (attrs.subresource === 'status') return statusUpdate(node, 'pvc', attrs);
        return getOnly(node, 'pvc', attrs);
      case '/persistentvolumes':
        return getOnly(node, 'pv', attrs);
      case 'storage.k8s.io/volumeattachments':
        return getOnly(node, 'volumeattachment', attrs);
      case '/serviceaccounts':
        if (attrs.verb !== 'create' || !attrs.name)
          return no('can only create tokens for individual service accounts');
        if (attrs.subresource !== 'token') return no('can only create token subresource of serviceaccount');
        return related(node, 'serviceAccount', attrs);
      case 'coordination.k8s.io/leases': {
        if (!['get', 'create', 'update', 'patch', 'delete'].includes(attrs.verb))
          return no('can only get, create, update, patch, or delete a node lease');
        if (attrs.namespace !== NODE_LEASE_NAMESPACE)
          return no(`can only access leases in the "${NODE_LEASE_NAMESPACE}" system namespace`);
        if (attrs.verb !== 'create' && attrs.name !== node)
          return no('can only access node lease with the same name as the requesting node');
        return ALLOW;
      }
      case 'storage.k8s.io/csinodes':
        if (attrs.subresource) return no('cannot authorize CSINode subresources');
        return ownObject(node, attrs, 'CSINode') ?? ALLOW;
    }
    return null;
  };
  return {
    authorize(attrs: Attributes): Decision {
      const node = nodeIdentity(attrs.user);
      if (node === null) {
        if (attrs.user.groups.includes(NODES_GROUP) && attrs.user.name.startsWith(NODE_USER_PREFIX))
          return no(`unknown node for user "${attrs.user.name}"`);
        return no('');
      }
      if (attrs.isResourceRequest) {
        const d = subdivided(node, attrs);
        if (d) return d;
      }
      if (rules.some((r) => ruleAllows(attrs, r))) return ALLOW;
      return no('');
    },
  };
}
