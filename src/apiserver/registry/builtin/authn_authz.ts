/**
 * The review resources: authentication.k8s.io/v1 (TokenReview, SelfSubjectReview; the latter
 * also in v1beta1 and v1alpha1) and
 * authorization.k8s.io/v1 (SubjectAccessReview, SelfSubjectAccessReview,
 * SelfSubjectRulesReview, LocalSubjectAccessReview). They accept only `create` and are never
 * stored; the handlers that answer them live elsewhere.
 */
import type { ResourceDef } from '../resource.js';
import { CREATE_ONLY_VERBS, defineResource } from './define.js';

function review(
  group: string,
  kind: string,
  plural: string,
  namespaced = false,
  version = 'v1',
): ResourceDef {
  return defineResource({ group, version, kind, plural, namespaced, verbs: CREATE_ONLY_VERBS });
}

/**
 * authentication.k8s.io/v1, in discovery order, and SelfSubjectReview in v1beta1 and v1alpha1
 * too (kubectl 1.27's `auth whoami` asks there).
 */
export function authenticationResources(): ResourceDef[] {
  return [
    review('authentication.k8s.io', 'SelfSubjectReview', 'selfsubjectreviews'),
    review('authentication.k8s.io', 'TokenReview', 'tokenreviews'),
    review('authentication.k8s.io', 'SelfSubjectReview', 'selfsubjectreviews', false, 'v1beta1'),
    review('authentication.k8s.io', 'SelfSubjectReview', 'selfsubjectreviews', false, 'v1alpha1'),
  ];
}

/** authorization.k8s.io/v1, in discovery order. */
export function authorizationResources(): ResourceDef[] {
  return [
    review('authorization.k8s.io', 'LocalSubjectAccessReview', 'localsubjectaccessreviews', true),
    review('authorization.k8s.io', 'SelfSubjectAccessReview', 'selfsubjectaccessreviews'),
    review('authorization.k8s.io', 'SelfSubjectRulesReview', 'selfsubjectrulesreviews'),
    review('authorization.k8s.io', 'SubjectAccessReview', 'subjectaccessreviews'),
  ];
}
