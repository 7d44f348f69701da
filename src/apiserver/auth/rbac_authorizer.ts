/**
 * The RBAC authorizer, as upstream's: a request is allowed when a rule of a role bound to the
 * user allows it — ClusterRoleBindings everywhere, RoleBindings in their namespace. Bindings
 * are indexed by subject in memory and the index is rebuilt after watch events, so a request
 * costs a few map lookups.
 */
import type { KubeObject } from '../../api/object.js';
import type { UserInfo } from '../handlers/context.js';
import type {
  Attributes,
  Authorizer,
  Decision,
  NonResourceRule,
  ResourceRule,
  RuleResolver,
} from './authorizer.js';
import type { ObjectSource } from './object_source.js';
import type { PolicyRule, RoleRef, Subject } from './rbac_rules.js';
import { describeSubject, ruleAllows, subjectMatches } from './rbac_rules.js';
import { serviceAccountUsername } from './service_account_token.js';

/** The four RBAC resources the authorizer reads. */
export interface RbacSources {
  roles: ObjectSource;
  roleBindings: ObjectSource;
  clusterRoles: ObjectSource;
  clusterRoleBindings: ObjectSource;
}

interface Binding {
  obj: KubeObject;
  namespace: string;
  roleRef: RoleRef;
  subjects: Subject[];
}

/** Subject index: `u:<user name>` and `g:<group>` to the bindings naming them. */
type Index = Map<string, Binding[]>;

/** A rule and how it came to apply (for reasons and rule listing). */
interface AppliedRule {
  rule: PolicyRule;
  describe: () => string;
}

function bindingOf(obj: KubeObject): Binding {
  const o = obj as KubeObject & { roleRef?: RoleRef; subjects?: Subject[] };
  return {
    obj,
    namespace: obj.metadata.namespace ?? '',
    roleRef: o.roleRef ?? { apiGroup: '', kind: '', name: '' },
    subjects: o.subjects ?? [],
  };
}

function subjectKey(s: Subject, ns: string): string | null {
  if (s.kind === 'User') return `u:${s.name}`;
  if (s.kind === 'Group') return `g:${s.name}`;
  if (s.kind === 'ServiceAccount') {
    const sns = s.namespace || ns;
    return sns ? `u:${serviceAccountUsername(sns, s.name)}` : null;
  }
  return null;
}

function buildIndex(objs: KubeObject[]): Index {
  const index: Index = new Map();
  for (const obj of objs) {
    const b = bindingOf(obj);
    for (const key of new Set(b.subjects.map((s) => subjectKey(s, b.namespace)))) {
      if (!key) continue;
      let list = index.get(key);
      if (!list) index.set(key, (list = []));
      list.push(b);
    }
  }
  return index;
}

/** RBAC over live objects; implements `Authorizer` and `RuleResolver`. */
export class RbacAuthorizer implements Authorizer, RuleResolver {
  private clusterIndex: Index | null = null;
  /** RoleBindings by namespace, then subject. */
  private namespaceIndex: Map<string, Index> | null = null;
  private readonly unsubscribe: Array<() => void> = [];

  constructor(private readonly src: RbacSources) {
    this.unsubscribe.push(src.clusterRoleBindings.onChange(() => (this.clusterIndex = null)));
    this.unsubscribe.push(src.roleBindings.onChange(() => (this.namespaceIndex = null)));
  }

  /** Stops listening to the sources. */
  stop(): void {
    for (const u of this.unsubscribe.splice(0)) u();
  }

  private bindingsFor(user: UserInfo, namespace: string | null): Binding[] {
    let index: Index | undefined;
    if (namespace === null) {
      index = this.clusterIndex ??= buildIndex(this.src.clusterRoleBindings.list());
    } else {
      if (!this.namespaceIndex) {
        const byNs = new Map<string, KubeObject[]>();
        for (const o of this.src.roleBindings.list()) {
          const ns = o.metadata.namespace ?? '';
          let l = byNs.get(ns);
          if (!l) byNs.set(ns, (l = []));
          l.push(o);
        }
        this.namespaceIndex = new Map([...byNs].map(([ns, objs]) => [ns, buildIndex(objs)]));
      }
      index = this.namespaceIndex.get(namespace);
    }
    if (!index) return [];
    const seen = new Set<Binding>();
    for (const key of [`u:${user.name}`, ...user.groups.map((g) => `g:${g}`)]) {
      for (const b of index.get(key) ?? []) seen.add(b);
    }
    return [...seen];
  }

  /** The rules of a binding's role; an error text when the role is missing. */
  private rulesOf(b: Binding): PolicyRule[] | string {
    const { kind, name } = b.roleRef;
    if (kind === 'ClusterRole') {
      const role = this.src.clusterRoles.get('', name);
      if (!role) return `clusterrole.rbac.authorization.k8s.io ${JSON.stringify(name)} not found`;
      return ((role as { rules?: PolicyRule[] }).rules ?? []) as PolicyRule[];
    }
    if (kind === 'Role' && b.namespace) {
      const role = this.src.roles.get(b.namespace, name);
      if (!role) return `role.rbac.authorization.k8s.io ${JSON.stringify(name)} not found`;
      return ((role as { rules?: PolicyRule[] }).rules ?? []) as PolicyRule[];
    }
    return `unknown roleRef kind ${JSON.stringify(kind)}`;
  }

  /** Visits the rules that apply to `user` in `namespace` ('' for cluster-wide only); stops when `visit` returns true. */
  private visit(
    user: UserInfo,
    namespace: string,
    visit: (r: AppliedRule) => boolean,
    errors: string[],
  ): boolean {
    const scopes: Array<string | null> = namespace ? [null, namespace] : [null];
    for (const scope of scopes) {
      for (const b of this.bindingsFor(user, scope)) {
        const subject = b.subjects.find((s) => subjectMatches(user, s, b.namespace));
        if (!subject) continue;
        const rules = this.rulesOf(b);
        if (typeof rules === 'string') {
          errors.push(rules);
          continue;
        }
        const describe = () =>
          scope === null
            ? `ClusterRoleBinding ${JSON.stringify(b.obj.metadata.name)} of ClusterRole ${JSON.stringify(b.roleRef.name)} to ${describeSubject(subject, '')}`
            : `RoleBinding ${JSON.stringify(`${b.obj.metadata.name}/${b.namespace}`)} of ${b.roleRef.kind} ${JSON.stringify(b.roleRef.name)} to ${describeSubject(subject, b.namespace)}`;
        for (const rule of rules) if (visit({ rule, describe })) return true;
      }
    }
    return false;
  }

  authorize(attrs: Attributes): Decision {
    const errors: string[] = [];
    let allowedBy = '';
    const ns = attrs.isResourceRequest ? attrs.namespace : '';
    const found = this.visit(
      attrs.user,
      ns,
      (r) => {
        if (!ruleAllows(attrs, r.rule)) return false;
        allowedBy = r.describe();
        return true;
      },
      errors,
    );
    if (found) return { decision: 'allow', reason: `RBAC: allowed by ${allowedBy}` };
    return { decision: 'noOpinion', reason: errors.length ? `RBAC: ${errors.join(', ')}` : '' };
  }

  rulesFor(user: UserInfo, namespace: string) {
    const resourceRules: ResourceRule[] = [];
    const nonResourceRules: NonResourceRule[] = [];
    const errors: string[] = [];
    this.visit(
      user,
      namespace,
      ({ rule }) => {
        if (rule.resources?.length) {
          const r: ResourceRule = {
            verbs: [...rule.verbs],
            apiGroups: [...(rule.apiGroups ?? [])],
            resources: [...rule.resources],
          };
          if (rule.resourceNames?.length) r.resourceNames = [...rule.resourceNames];
          resourceRules.push(r);
        }
        if (rule.nonResourceURLs?.length) {
          nonResourceRules.push({ verbs: [...rule.verbs], nonResourceURLs: [...rule.nonResourceURLs] });
        }
        return false;
      },
      errors,
    );
    return {
      resourceRules,
      nonResourceRules,
      incomplete: errors.length > 0,
      ...(errors.length ? { evaluationError: errors.join(', ') } : {}),
    };
  }
}
