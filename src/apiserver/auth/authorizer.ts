/**
 * Authorization, as kube-apiserver's authorizer chain: each request becomes upstream's
 * attributes (user, verb, resource or path); authorizers are asked in order and the first
 * that allows or denies decides; when none does, the request is forbidden with upstream's
 * message.
 */
import { forbiddenError } from '../../api/status_error.js';
import type { StatusError } from '../../api/status_error.js';
import type { UserInfo } from '../handlers/context.js';
import type { RequestInfo } from '../request_info.js';
import { MASTERS_GROUP } from './authenticator.js';

/** What a request asks to do, as upstream's `authorizer.Attributes`. */
export interface Attributes {
  user: UserInfo;
  verb: string;
  isResourceRequest: boolean;
  /** Non-resource requests: the path. */
  path: string;
  namespace: string;
  apiGroup: string;
  apiVersion: string;
  resource: string;
  subresource: string;
  name: string;
}

/** An authorizer's answer: `allow`, `deny` (final), or `noOpinion` (ask the next one). */
export interface Decision {
  decision: 'allow' | 'deny' | 'noOpinion';
  /** Why (shown in SubjectAccessReview's status.reason and appended to 403 messages). */
  reason: string;
}

/** One authorizer (RBAC, Node, …). */
export interface Authorizer {
  authorize(attrs: Attributes): Decision;
}

/** A rule as SelfSubjectRulesReview reports it. */
export interface ResourceRule {
  verbs: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
}

/** A non-resource rule as SelfSubjectRulesReview reports it. */
export interface NonResourceRule {
  verbs: string[];
  nonResourceURLs?: string[];
}

/** Authorizers that can list what a user may do in a namespace (SelfSubjectRulesReview). */
export interface RuleResolver {
  rulesFor(
    user: UserInfo,
    namespace: string,
  ): {
    resourceRules: ResourceRule[];
    nonResourceRules: NonResourceRule[];
    incomplete: boolean;
    evaluationError?: string;
  };
}

/** The attributes of a parsed request made by `user`. */
export function requestAttributes(user: UserInfo, info: RequestInfo): Attributes {
  return {
    user,
    verb: info.verb,
    isResourceRequest: info.isResourceRequest,
    path: info.path,
    namespace: info.namespace,
    apiGroup: info.apiGroup,
    apiVersion: info.apiVersion,
    resource: info.resource,
    subresource: info.subresource,
    name: info.name,
  };
}

/**
 * Members of `system:masters` may do anything (upstream's privileged-group authorizer, ahead of
 * RBAC); others get no opinion.
 */
export const privilegedGroupAuthorizer: Authorizer = {
  authorize: (attrs) =>
    attrs.user.groups.includes(MASTERS_GROUP)
      ? { decision: 'allow', reason: '' }
      : { decision: 'noOpinion', reason: '' },
};

/** Authorizers in order (upstream's union): the first allow or deny decides; reasons are joined. */
export class AuthorizerChain implements Authorizer {
  constructor(readonly authorizers: readonly Authorizer[]) {}

  authorize(attrs: Attributes): Decision {
    const reasons: string[] = [];
    for (const a of this.authorizers) {
      const d = a.authorize(attrs);
      if (d.decision !== 'noOpinion') return d;
      if (d.reason) reasons.push(d.reason);
    }
    return { decision: 'noOpinion', reason: reasons.join('\n') };
  }
}

/**
 * Upstream's forbidden message body: `User "jane" cannot list resource "pods" in API group ""
 * in the namespace "default"` (or `at the cluster scope`, or `cannot get path "/metrics"`).
 */
export function forbiddenMessage(attrs: Attributes): string {
  const user = JSON.stringify(attrs.user.name);
  if (!attrs.isResourceRequest) return `User ${user} cannot ${attrs.verb} path ${JSON.stringify(attrs.path)}`;
  const resource = attrs.subresource ? `${attrs.resource}/${attrs.subresource}` : attrs.resource;
  const where = attrs.namespace
    ? `in the namespace ${JSON.stringify(attrs.namespace)}`
    : 'at the cluster scope';
  return `User ${user} cannot ${attrs.verb} resource ${JSON.stringify(resource)} in API group ${JSON.stringify(attrs.apiGroup)} ${where}`;
}

/**
 * The 403 Forbidden Status for denied `attrs`, as upstream writes it: `pods is forbidden: User
 * …` (with the name: `pods "web" is forbidden: …`; non-resource: `forbidden: User …`), the
 * authorizer's reason appended after `: ` when there is one.
 */
export function forbiddenFor(attrs: Attributes, reason: string): StatusError {
  const msg = reason ? `${forbiddenMessage(attrs)}: ${reason}` : forbiddenMessage(attrs);
  if (!attrs.isResourceRequest) return forbiddenError(null, '', msg);
  return forbiddenError({ group: attrs.apiGroup, resource: attrs.resource }, attrs.name, msg);
}
