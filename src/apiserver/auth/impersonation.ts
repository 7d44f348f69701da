/**
 * Impersonation, as upstream's impersonation filter: `Impersonate-User`, `Impersonate-Group`
 * (repeatable), `Impersonate-Uid` and `Impersonate-Extra-<key>` make the request act as another
 * user, each requested attribute checked with the `impersonate` verb (on `users`,
 * `serviceaccounts`, `groups`, `uids`, `userextras/<key>`). `kubectl --as` uses it.
 */
import { internalError } from '../../api/status_error.js';
import type { UserInfo } from '../handlers/context.js';
import type { AnyRequest } from '../http/body.js';
import { ANONYMOUS_USER, AUTHENTICATED_GROUP, UNAUTHENTICATED_GROUP } from './authenticator.js';
import type { Attributes, Authorizer } from './authorizer.js';
import { forbiddenFor } from './authorizer.js';
import { parseServiceAccountUsername, serviceAccountGroups } from './service_account_token.js';

const EXTRA_PREFIX = 'impersonate-extra-';

/** Every value of a header, repeated headers kept apart (Node joins them in `headers`). */
function headerValues(req: AnyRequest, name: string): string[] {
  const out: string[] = [];
  const raw = req.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) if (raw[i]!.toLowerCase() === name) out.push(raw[i + 1]!);
  return out;
}

/** True when the request carries any impersonation header. */
export function wantsImpersonation(req: AnyRequest): boolean {
  return Object.keys(req.headers).some((h) => h.startsWith('impersonate-'));
}

/**
 * The user `requestor` impersonates through the request's headers, after checking each
 * requested attribute with `authorizer`; `requestor` itself when there are no such headers.
 * Throws 403 Forbidden (upstream's message for the refused attribute), or 500 for groups,
 * uid or extras requested without a user, as upstream answers.
 */
export function impersonate(req: AnyRequest, requestor: UserInfo, authorizer: Authorizer): UserInfo {
  if (!wantsImpersonation(req)) return requestor;
  const userName = headerValues(req, 'impersonate-user')[0] ?? '';
  const groups = headerValues(req, 'impersonate-group');
  const uid = headerValues(req, 'impersonate-uid')[0] ?? '';
  const extra: Record<string, string[]> = {};
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
    const h = req.rawHeaders[i]!.toLowerCase();
    if (!h.startsWith(EXTRA_PREFIX)) continue;
    const key = decodeURIComponent(h.slice(EXTRA_PREFIX.length));
    (extra[key] ??= []).push(req.rawHeaders[i + 1]!);
  }
  const hasExtra = Object.keys(extra).length > 0;
  if (!userName) {
    if (groups.length || uid || hasExtra)
      throw internalError('requested impersonation without impersonating a user');
    return requestor;
  }
  const check = (
    a: Omit<Attributes, 'user' | 'verb' | 'isResourceRequest' | 'path' | 'apiVersion'> & { apiGroup: string },
  ) => {
    const attrs: Attributes = {
      user: requestor,
      verb: 'impersonate',
      isResourceRequest: true,
      path: '',
      apiVersion: '',
      ...a,
    };
    const d = authorizer.authorize(attrs);
    if (d.decision !== 'allow') throw forbiddenFor(attrs, d.reason);
  };
  const none = { namespace: '', subresource: '', apiGroup: '' };
  const sa = parseServiceAccountUsername(userName);
  const user: UserInfo = { name: userName, groups: [...groups] };
  if (sa) {
    check({ ...none, resource: 'serviceaccounts', namespace: sa.namespace, name: sa.name });
    if (!groups.length) user.groups = serviceAccountGroups(sa.namespace);
  } else {
    check({ ...none, resource: 'users', name: userName });
  }
  for (const [key, values] of Object.entries(extra)) {
    for (const v of values)
      check({
        ...none,
        apiGroup: 'authentication.k8s.io',
        resource: 'userextras',
        subresource: key,
        name: v,
      });
  }
  for (const g of groups) check({ ...none, resource: 'groups', name: g });
  if (uid) {
    check({ ...none, apiGroup: 'authentication.k8s.io', resource: 'uids', name: uid });
    user.uid = uid;
  }
  if (hasExtra) user.extra = extra;
  if (userName === ANONYMOUS_USER) {
    if (!user.groups.includes(UNAUTHENTICATED_GROUP)) user.groups.push(UNAUTHENTICATED_GROUP);
  } else if (!user.groups.includes(AUTHENTICATED_GROUP)) {
    user.groups.push(AUTHENTICATED_GROUP);
  }
  return user;
}
