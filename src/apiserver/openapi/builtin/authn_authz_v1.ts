/**
 * authentication.k8s.io/v1 and authorization.k8s.io/v1 definitions: the review kinds (TokenReview,
 * SelfSubjectReview — also in v1beta1 and v1alpha1 —, SubjectAccessReview and its local and self
 * forms, SelfSubjectRulesReview).
 */
import type { Definitions } from './dsl.js';
import { atomic, bool, int64, kind, listOf, mapOf, META, ref, str, strings, struct, time } from './dsl.js';

const authn = (name: string) => `io.k8s.api.authentication.v1.${name}`;
const authz = (name: string) => `io.k8s.api.authorization.v1.${name}`;
const authnKind = (k: string) => ({ group: 'authentication.k8s.io', version: 'v1', kind: k });
const authzKind = (k: string) => ({ group: 'authorization.k8s.io', version: 'v1', kind: k });
const extra = mapOf(
  { type: 'array', items: { type: 'string', default: '' } },
  'Further attributes of the user.',
);
const accessStatus = ref(authz('SubjectAccessReviewStatus'), 'The answer.');

/** The authentication.k8s.io/v1 and authorization.k8s.io/v1 definitions. */
export const AUTHN_AUTHZ_V1: Definitions = {
  [authn('TokenReview')]: kind(
    authnKind('TokenReview'),
    'Asks who a token authenticates.',
    {
      spec: ref(authn('TokenReviewSpec'), 'The token.'),
      status: ref(authn('TokenReviewStatus'), 'The answer.'),
    },
    ['spec'],
  ),
  [authn('TokenReviewSpec')]: struct('A token to authenticate.', {
    audiences: strings('Audiences the token must be valid for.', atomic),
    token: str('The token.'),
  }),
  [authn('TokenReviewStatus')]: struct('Who a token authenticates.', {
    audiences: strings('Audiences the token is valid for.', atomic),
    authenticated: bool('Whether the token is valid.'),
    error: str('Why it could not be checked.'),
    user: ref(authn('UserInfo'), 'The user.'),
  }),
  [authn('UserInfo')]: struct('An authenticated user.', {
    extra,
    groups: strings('The groups of the user.', atomic),
    uid: str('A unique ID of the user.'),
    username: str('The name of the user.'),
  }),
  [authn('TokenRequest')]: kind(
    authnKind('TokenRequest'),
    'Asks for a token of a service account (the serviceaccounts/token subresource).',
    {
      spec: ref(authn('TokenRequestSpec'), 'The token wanted.'),
      status: ref(authn('TokenRequestStatus'), 'The token issued.'),
    },
    ['spec'],
  ),
  [authn('TokenRequestSpec')]: struct(
    'The token wanted.',
    {
      audiences: strings('Audiences the token is for; the API server by default.', atomic),
      boundObjectRef: ref(authn('BoundObjectReference'), 'An object the token dies with.'),
      expirationSeconds: int64('Requested lifetime.'),
    },
    ['audiences'],
  ),
  [authn('BoundObjectReference')]: struct('An object a token is bound to.', {
    apiVersion: str('The API version of the object.'),
    kind: str('Pod, Secret or Node.'),
    name: str('The name of the object.'),
    uid: str('The UID of the object.'),
  }),
  [authn('TokenRequestStatus')]: struct(
    'The token issued.',
    {
      expirationTimestamp: time('When the token expires.'),
      token: str('The token.'),
    },
    ['token', 'expirationTimestamp'],
  ),
  [authn('SelfSubjectReview')]: kind(authnKind('SelfSubjectReview'), 'Asks who the requester is.', {
    status: ref(authn('SelfSubjectReviewStatus'), 'The answer.'),
  }),
  [authn('SelfSubjectReviewStatus')]: struct('Who the requester is.', {
    userInfo: ref(authn('UserInfo'), 'The requester.'),
  }),
  // The beta and alpha SelfSubjectReview (kubectl 1.27's `auth whoami`) carry v1's UserInfo.
  ...Object.fromEntries(
    ['v1beta1', 'v1alpha1'].flatMap((version) => {
      const name = (n: string) => `io.k8s.api.authentication.${version}.${n}`;
      return [
        [
          name('SelfSubjectReview'),
          kind(
            { group: 'authentication.k8s.io', version, kind: 'SelfSubjectReview' },
            'Asks who the requester is.',
            {
              status: ref(name('SelfSubjectReviewStatus'), 'The answer.'),
            },
          ),
        ],
        [
          name('SelfSubjectReviewStatus'),
          struct('Who the requester is.', { userInfo: ref(authn('UserInfo'), 'The requester.') }),
        ],
      ];
    }),
  ),
  [authz('SubjectAccessReview')]: kind(
    authzKind('SubjectAccessReview'),
    'Asks whether a user may do something.',
    { spec: ref(authz('SubjectAccessReviewSpec'), 'The user and the action.'), status: accessStatus },
    ['spec'],
  ),
  [authz('LocalSubjectAccessReview')]: kind(
    authzKind('LocalSubjectAccessReview'),
    'Asks whether a user may do something in a namespace.',
    { spec: ref(authz('SubjectAccessReviewSpec'), 'The user and the action.'), status: accessStatus },
    ['spec'],
  ),
  [authz('SubjectAccessReviewSpec')]: struct('A user and an action.', {
    extra,
    groups: strings('The groups of the user.', atomic),
    nonResourceAttributes: ref(authz('NonResourceAttributes'), 'A request to a non-resource URL.'),
    resourceAttributes: ref(authz('ResourceAttributes'), 'A request to a resource.'),
    uid: str('The UID of the user.'),
    user: str('The user.'),
  }),
  [authz('SelfSubjectAccessReview')]: kind(
    authzKind('SelfSubjectAccessReview'),
    'Asks whether the requester may do something.',
    { spec: ref(authz('SelfSubjectAccessReviewSpec'), 'The action.'), status: accessStatus },
    ['spec'],
  ),
  [authz('SelfSubjectAccessReviewSpec')]: struct('An action of the requester.', {
    nonResourceAttributes: ref(authz('NonResourceAttributes'), 'A request to a non-resource URL.'),
    resourceAttributes: ref(authz('ResourceAttributes'), 'A request to a resource.'),
  }),
  [authz('NonResourceAttributes')]: struct('A request to a non-resource URL.', {
    path: str('The URL path.'),
    verb: str('The HTTP verb, lowercased.'),
  }),
  [authz('ResourceAttributes')]: struct('A request to a resource.', {
    fieldSelector: ref(authz('FieldSelectorAttributes'), 'The field selector of a list or watch.'),
    group: str('The API group; * all.'),
    labelSelector: ref(authz('LabelSelectorAttributes'), 'The label selector of a list or watch.'),
    name: str('The object name; all when empty.'),
    namespace: str('The namespace; all when empty.'),
    resource: str('The resource; * all.'),
    subresource: str('The subresource.'),
    verb: str('The verb; * all.'),
    version: str('The API version; * all.'),
  }),
  [authz('FieldSelectorAttributes')]: struct('A field selector of a request.', {
    rawSelector: str('The selector as sent.'),
    requirements: listOf(authz('FieldSelectorRequirement'), 'The parsed requirements.', atomic),
  }),
  [authz('FieldSelectorRequirement')]: struct(
    'A requirement on a field.',
    {
      key: str('The field.'),
      operator: str('In, NotIn, Exists or DoesNotExist.'),
      values: strings('The values.', atomic),
    },
    ['key', 'operator'],
  ),
  [authz('LabelSelectorAttributes')]: struct('A label selector of a request.', {
    rawSelector: str('The selector as sent.'),
    requirements: listOf(`${META}.LabelSelectorRequirement`, 'The parsed requirements.', atomic),
  }),
  [authz('SubjectAccessReviewStatus')]: struct(
    'Whether an action is allowed.',
    {
      allowed: bool('Whether it is allowed.'),
      denied: bool('Whether it is denied outright.'),
      evaluationError: str('A problem met while deciding.'),
      reason: str('Why.'),
    },
    ['allowed'],
  ),
  [authz('SelfSubjectRulesReview')]: kind(
    authzKind('SelfSubjectRulesReview'),
    'Asks what the requester may do in a namespace.',
    {
      spec: ref(authz('SelfSubjectRulesReviewSpec'), 'The namespace.'),
      status: ref(authz('SubjectRulesReviewStatus'), 'The answer.'),
    },
    ['spec'],
  ),
  [authz('SelfSubjectRulesReviewSpec')]: struct('The namespace to list rules in.', {
    namespace: str('The namespace.'),
  }),
  [authz('SubjectRulesReviewStatus')]: struct(
    'What a user may do.',
    {
      evaluationError: str('A problem met while listing.'),
      incomplete: bool('Whether the list may be incomplete.'),
      nonResourceRules: listOf(authz('NonResourceRule'), 'Rules on non-resource URLs.', atomic),
      resourceRules: listOf(authz('ResourceRule'), 'Rules on resources.', atomic),
    },
    ['resourceRules', 'nonResourceRules', 'incomplete'],
  ),
  [authz('NonResourceRule')]: struct(
    'Verbs allowed on non-resource URLs.',
    { nonResourceURLs: strings('The URLs.', atomic), verbs: strings('The verbs.', atomic) },
    ['verbs'],
  ),
  [authz('ResourceRule')]: struct(
    'Verbs allowed on resources.',
    {
      apiGroups: strings('The API groups.', atomic),
      resourceNames: strings('The object names.', atomic),
      resources: strings('The resources.', atomic),
      verbs: strings('The verbs.', atomic),
    },
    ['verbs'],
  ),
};
