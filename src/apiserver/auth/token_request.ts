/**
 * The `serviceaccounts/token` subresource (authentication.k8s.io/v1 TokenRequest), as upstream's
 * token REST: issues a service-account token for `spec.audiences` (default: the API server's),
 * valid `spec.expirationSeconds` (default 3600, at least 600), optionally bound to a Pod or
 * Secret (`spec.boundObjectRef`), answering `status.token` and `status.expirationTimestamp`.
 */
import { invalid } from '../../api/field_errors.js';
import type { FieldError } from '../../api/field_errors.js';
import type { KubeObject } from '../../api/object.js';
import { badRequestError, conflictError, invalidError, notFoundError } from '../../api/status_error.js';
import type { RequestContext } from '../handlers/context.js';
import { decodeBody, readBody } from '../http/body.js';
import { checkBody } from '../admission/field_validation.js';
import { sendObject } from '../http/respond.js';
import type { BoundObject, ServiceAccountKey } from './service_account_token.js';
import { issueServiceAccountToken, SERVICE_ACCOUNT_ISSUER } from './service_account_token.js';

/** Default lifetime of a requested token, in seconds. */
export const DEFAULT_TOKEN_EXPIRATION_SECONDS = 3600;
const MIN_EXPIRATION_SECONDS = 600;
const MAX_EXPIRATION_SECONDS = 2 ** 32;

interface TokenRequestSpec {
  audiences?: string[];
  expirationSeconds?: number;
  boundObjectRef?: { kind?: string; apiVersion?: string; name?: string; uid?: string } | null;
}

/** Upstream's TokenRequest validation: `spec.expirationSeconds` between 10 minutes and 2^32 seconds. */
export function validateTokenRequest(spec: TokenRequestSpec): FieldError[] {
  const errs: FieldError[] = [];
  const exp = spec.expirationSeconds!;
  if (exp < MIN_EXPIRATION_SECONDS) {
    errs.push(invalid('spec.expirationSeconds', exp, 'may not specify a duration less than 10 minutes'));
  }
  if (exp > MAX_EXPIRATION_SECONDS) {
    errs.push(invalid('spec.expirationSeconds', exp, 'may not specify a duration larger than 2^32 seconds'));
  }
  return errs;
}

/** What the token subresource needs: the signing key and the live objects. */
export interface TokenRequestDeps {
  key: ServiceAccountKey;
  /** The API server's audiences (default: the issuer). */
  audiences?: readonly string[];
  get(
    resource: 'serviceaccounts' | 'pods' | 'secrets',
    namespace: string,
    name: string,
  ): KubeObject | undefined;
  now?: () => Date;
}

/** Serves `POST …/serviceaccounts/<name>/token`: 201 with the TokenRequest and its status. */
export async function handleTokenRequest(ctx: RequestContext, deps: TokenRequestDeps): Promise<void> {
  const { namespace, name } = ctx.info;
  const body = decodeBody(await readBody(ctx.req), ctx.req.headers['content-type']) as Record<
    string,
    unknown
  >;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw badRequestError('the object provided is unrecognized (must be of type object)');
  }
  if (body.kind !== undefined && body.kind !== 'TokenRequest') {
    throw badRequestError(
      `the kind in the data (${String(body.kind)}) does not match the expected kind (TokenRequest)`,
    );
  }
  checkBody(ctx, body, 'io.k8s.api.authentication.v1.TokenRequest');
  const spec = { ...((body.spec ?? {}) as TokenRequestSpec) };
  spec.expirationSeconds ??= DEFAULT_TOKEN_EXPIRATION_SECONDS;
  const errs = validateTokenRequest(spec);
  if (errs.length) throw invalidError({ group: 'authentication.k8s.io', kind: 'TokenRequest' }, name, errs);
  await ctx.api.admission.validateCreate(ctx, {
    apiVersion: 'authentication.k8s.io/v1',
    kind: 'TokenRequest',
    metadata: { name, namespace },
    spec,
  });

  const sa = deps.get('serviceaccounts', namespace, name);
  if (!sa) throw notFoundError({ group: '', resource: 'serviceaccounts' }, name);

  let bound: BoundObject | undefined;
  const ref = spec.boundObjectRef;
  if (ref) {
    const kind = ref.kind ?? '';
    if ((kind !== 'Pod' && kind !== 'Secret') || (ref.apiVersion ?? 'v1') !== 'v1') {
      throw badRequestError(`cannot bind token to object of type ${ref.apiVersion ?? ''}, Kind=${kind}`);
    }
    const resource = kind === 'Pod' ? 'pods' : 'secrets';
    const obj = deps.get(resource, namespace, ref.name ?? '');
    if (!obj) throw notFoundError({ group: '', resource }, ref.name ?? '');
    if (ref.uid && ref.uid !== obj.metadata.uid) {
      throw conflictError(
        { group: '', resource: kind },
        ref.name ?? '',
        `the UID in the bound object reference (${ref.uid}) does not match the UID in record. The object might have been deleted and then recreated`,
      );
    }
    if (kind === 'Pod') {
      const podSpec = (obj as { spec?: { serviceAccountName?: string } }).spec;
      if ((podSpec?.serviceAccountName || 'default') !== name) {
        throw badRequestError(
          `cannot bind token for serviceaccount ${JSON.stringify(name)} to pod running with different serviceaccount name.`,
        );
      }
    }
    bound = { kind, name: ref.name ?? '', uid: obj.metadata.uid ?? '' };
    spec.boundObjectRef = { ...ref, apiVersion: 'v1', uid: obj.metadata.uid ?? '' };
  }
  const audiences = spec.audiences?.length
    ? spec.audiences
    : [...(deps.audiences ?? [SERVICE_ACCOUNT_ISSUER])];
  const now = (deps.now ?? (() => new Date()))();
  const issued = issueServiceAccountToken(deps.key, {
    namespace,
    serviceAccount: { name, uid: sa.metadata.uid ?? '' },
    bound,
    audiences,
    expirationSeconds: spec.expirationSeconds,
    now,
  });
  sendObject(ctx.res, 201, {
    kind: 'TokenRequest',
    apiVersion: 'authentication.k8s.io/v1',
    metadata: { name, namespace, creationTimestamp: null },
    spec: { ...spec, audiences },
    status: { token: issued.token, expirationTimestamp: issued.expirationTimestamp },
  });
}
