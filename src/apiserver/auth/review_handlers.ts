/**
 * The review resources, answered from the authenticator and authorizer that guard every
 * request, never stored: TokenReview and SelfSubjectReview (authentication.k8s.io/v1),
 * SubjectAccessReview, SelfSubjectAccessReview, LocalSubjectAccessReview and
 * SelfSubjectRulesReview (authorization.k8s.io/v1). Each answers 201 with the request and its
 * `status`.
 */
import { invalid, required } from '../../api/field_errors.js';
import { nowTimestamp } from '../../api/object.js';
import { badRequestError, invalidError, methodNotSupportedError } from '../../api/status_error.js';
import type { RequestContext, UserInfo } from '../handlers/context.js';
import { decodeBody, readBody } from '../http/body.js';
import { sendObject } from '../http/respond.js';
import { AuthenticationError } from './authenticator.js';
import type { TokenAuthenticator } from './authenticator.js';
import type { Attributes, Authorizer, RuleResolver } from './authorizer.js';

/** What the review handlers answer from. */
export interface ReviewDeps {
  tokens: TokenAuthenticator;
  authorizer: Authorizer;
  rules: RuleResolver;
  /** The API server's audiences. */
  audiences: readonly string[];
}

type Body = Record<string, unknown> & { metadata?: Record<string, unknown>; spec?: Record<string, unknown> };

interface ResourceAttributes {
  namespace?: string;
  verb?: string;
  group?: string;
  version?: string;
  resource?: string;
  subresource?: string;
  name?: string;
}

interface NonResourceAttributes {
  path?: string;
  verb?: string;
}

function userInfoJson(u: UserInfo): Record<string, unknown> {
  const out: Record<string, unknown> = { username: u.name };
  if (u.uid) out.uid = u.uid;
  out.groups = [...u.groups];
  if (u.extra && Object.keys(u.extra).length) out.extra = u.extra;
  return out;
}

async function readReview(ctx: RequestContext): Promise<Body> {
  const body = decodeBody(await readBody(ctx.req), ctx.req.headers['content-type']);
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw badRequestError('the object provided is unrecognized (must be of type object)');
  }
  const b = body as Body;
  if (b.kind !== undefined && b.kind !== ctx.def.kind) {
    throw badRequestError(
      `the kind in the data (${String(b.kind)}) does not match the expected kind (${ctx.def.kind})`,
    );
  }
  return b;
}

function reply(
  ctx: RequestContext,
  body: Body,
  status: Record<string, unknown>,
  spec = body.spec ?? {},
): void {
  sendObject(ctx.res, 201, {
    kind: ctx.def.kind,
    apiVersion: `${ctx.def.group}/${ctx.def.version}`,
    metadata: { ...(body.metadata ?? {}), creationTimestamp: nowTimestamp() },
    spec,
    status,
  });
}

/** The attributes a SubjectAccessReview spec asks about; throws 422 for an invalid spec. */
export function reviewAttributes(
  ctx: RequestContext,
  spec: Record<string, unknown>,
  user: UserInfo,
): Attributes {
  const ra = spec.resourceAttributes as ResourceAttributes | undefined;
  const nra = spec.nonResourceAttributes as NonResourceAttributes | undefined;
  const gk = { group: ctx.def.group, kind: ctx.def.kind };
  if (!!ra === !!nra) {
    const msg = ra
      ? 'cannot be specified in combination with resourceAttributes'
      : 'exactly one of nonResourceAttributes or resourceAttributes must be specified';
    throw invalidError(gk, '', [
      invalid(ra ? 'spec.nonResourceAttributes' : 'spec.resourceAttributes', ra ? nra : null, msg),
    ]);
  }
  const base = {
    user,
    subresource: '',
    name: '',
    namespace: '',
    apiGroup: '',
    apiVersion: '',
    resource: '',
    path: '',
  };
  if (nra) return { ...base, isResourceRequest: false, verb: nra.verb ?? '', path: nra.path ?? '' };
  return {
    ...base,
    isResourceRequest: true,
    verb: ra!.verb ?? '',
    namespace: ra!.namespace ?? '',
    apiGroup: ra!.group ?? '',
    apiVersion: ra!.version ?? '',
    resource: ra!.resource ?? '',
    subresource: ra!.subresource ?? '',
    name: ra!.name ?? '',
  };
}

function accessStatus(deps: ReviewDeps, attrs: Attributes): Record<string, unknown> {
  const d = deps.authorizer.authorize(attrs);
  const status: Record<string, unknown> = { allowed: d.decision === 'allow' };
  if (d.decision === 'deny') status.denied = true;
  if (d.reason) status.reason = d.reason;
  return status;
}

/** Serves a create of one of the review resources (`ctx.def`); other verbs are 405. */
export async function handleReview(ctx: RequestContext, deps: ReviewDeps): Promise<void> {
  const { def, info } = ctx;
  if (info.verb !== 'create' || info.name || info.subresource) {
    throw methodNotSupportedError({ group: def.group, resource: def.plural }, info.verb);
  }
  const body = await readReview(ctx);
  const spec = (body.spec ?? {}) as Record<string, unknown>;
  const gk = { group: def.group, kind: def.kind };
  switch (def.plural) {
    case 'tokenreviews': {
      const token = typeof spec.token === 'string' ? spec.token : '';
      if (!token) throw badRequestError('token is required for TokenReview in authentication');
      const wanted =
        Array.isArray(spec.audiences) && spec.audiences.length
          ? spec.audiences.map(String)
          : [...deps.audiences];
      try {
        const r = await deps.tokens.authenticateToken(token, wanted);
        if (!r) throw new AuthenticationError('invalid bearer token');
        const user = r.user.groups.includes('system:authenticated')
          ? r.user
          : { ...r.user, groups: [...r.user.groups, 'system:authenticated'] };
        return reply(ctx, body, {
          authenticated: true,
          user: userInfoJson(user),
          audiences: r.audiences ?? wanted,
        });
      } catch (err) {
        if (!(err instanceof AuthenticationError)) throw err;
        return reply(ctx, body, { user: {}, error: err.message });
      }
    }
    case 'selfsubjectreviews':
      return reply(ctx, body, { userInfo: userInfoJson(ctx.user) }, undefined);
    case 'subjectaccessreviews': {
      const name = typeof spec.user === 'string' ? spec.user : '';
      const groups = Array.isArray(spec.groups) ? spec.groups.map(String) : [];
      if (!name && !groups.length) {
        throw invalidError(gk, '', [
          invalid('spec.user', '', 'at least one of user or group must be specified'),
        ]);
      }
      const user: UserInfo = { name, groups, ...(typeof spec.uid === 'string' ? { uid: spec.uid } : {}) };
      if (spec.extra && typeof spec.extra === 'object') user.extra = spec.extra as Record<string, string[]>;
      return reply(ctx, body, accessStatus(deps, reviewAttributes(ctx, spec, user)));
    }
    case 'localsubjectaccessreviews': {
      const ra = spec.resourceAttributes as ResourceAttributes | undefined;
      if (!ra)
        throw invalidError(gk, '', [
          required('spec.resourceAttributes', 'disallowed on this kind of request'),
        ]);
      if (ra.namespace && ra.namespace !== info.namespace) {
        throw badRequestError(`spec.resourceAttributes.namespace must match namespace: ${info.namespace}`);
      }
      const name = typeof spec.user === 'string' ? spec.user : '';
      const groups = Array.isArray(spec.groups) ? spec.groups.map(String) : [];
      if (!name && !groups.length) {
        throw invalidError(gk, '', [
          invalid('spec.user', '', 'at least one of user or group must be specified'),
        ]);
      }
      const fixed = { ...spec, resourceAttributes: { ...ra, namespace: info.namespace } };
      const attrs = reviewAttributes(ctx, fixed, { name, groups });
      return reply(
        ctx,
        { ...body, metadata: { ...(body.metadata ?? {}), namespace: info.namespace } },
        accessStatus(deps, attrs),
        fixed,
      );
    }
    case 'selfsubjectaccessreviews':
      return reply(ctx, body, accessStatus(deps, reviewAttributes(ctx, spec, ctx.user)));
    case 'selfsubjectrulesreviews': {
      const namespace = typeof spec.namespace === 'string' ? spec.namespace : '';
      if (!namespace) throw badRequestError('no namespace on request');
      const r = deps.rules.rulesFor(ctx.user, namespace);
      const status: Record<string, unknown> = {
        resourceRules: r.resourceRules,
        nonResourceRules: r.nonResourceRules,
        incomplete: r.incomplete,
      };
      if (r.evaluationError) status.evaluationError = r.evaluationError;
      return reply(ctx, body, status);
    }
    default:
      throw methodNotSupportedError({ group: def.group, resource: def.plural }, info.verb);
  }
}
