/**
 * The API server's security, assembled: the authenticator chain (client certificates, then
 * bearer tokens — service-account JWTs, bootstrap tokens, a static token file), impersonation,
 * the authorizer chain (system:masters, Node, RBAC — or AlwaysAllow), the default RBAC policy
 * and ClusterRole aggregation, and the handlers of the review resources and of TokenRequest.
 */
import { isDeepStrictEqual } from 'node:util';
import type { Logger } from 'pino';
import type { KubeObject } from '../../api/object.js';
import { methodNotSupportedError, unauthorizedError } from '../../api/status_error.js';
import type { RequestContext, UserInfo } from '../handlers/context.js';
import type { AnyRequest } from '../http/body.js';
import type { Registry } from '../registry/registry.js';
import type { ResourceDef } from '../registry/resource.js';
import type { RequestInfo } from '../request_info.js';
import type { ResourceStore } from '../store/resource_store.js';
import type { RequestAuthenticator, TokenAuthenticator } from './authenticator.js';
import {
  ANONYMOUS_USER,
  AuthenticationError,
  authenticateRequest,
  TokenAuthenticatorChain,
} from './authenticator.js';
import type { Authorizer, RuleResolver } from './authorizer.js';
import { AuthorizerChain, forbiddenFor, privilegedGroupAuthorizer, requestAttributes } from './authorizer.js';
import { bootstrapClusterRoleBindings } from './bootstrap_bindings.js';
import { bootstrapNamespaceRoleBindings, bootstrapNamespaceRoles } from './bootstrap_namespace_roles.js';
import { bootstrapClusterRoles } from './bootstrap_roles.js';
import { controllerClusterRoleBindings, controllerClusterRoles } from './controller_roles.js';
import { BootstrapTokenAuthenticator } from './bootstrap_token.js';
import { aggregatedRules, ClusterRoleAggregator } from './cluster_role_aggregation.js';
import { impersonate } from './impersonation.js';
import { nodeAuthorizer } from './node_authorizer.js';
import { NodeGraphPopulator } from './node_graph_populator.js';
import { StaticObjectSource, watchCacheSource } from './object_source.js';
import { reconcileDefaults } from './policy_reconciler.js';
import { RbacAuthorizer } from './rbac_authorizer.js';
import type { RbacSources } from './rbac_authorizer.js';
import { handleReview } from './review_handlers.js';
import type { ServiceAccountKey } from './service_account_token.js';
import { SERVICE_ACCOUNT_ISSUER, ServiceAccountTokenAuthenticator } from './service_account_token.js';
import type { StaticTokens } from './token_file.js';
import { TokenFileAuthenticator } from './token_file.js';
import { handleTokenRequest } from './token_request.js';

/** Paths anyone may read without credentials when no authorizer decides (AlwaysAllow mode). */
export const PUBLIC_PATHS: ReadonlySet<string> = new Set([
  '/healthz',
  '/livez',
  '/readyz',
  '/version',
  '/version/',
]);

/** How the API server authenticates and authorizes. */
export interface ApiAuthOptions {
  /**
   * `RBAC` (upstream's `--authorization-mode=Node,RBAC`, with system:masters allowed
   * everything; the default policy is reconciled at start) or `AlwaysAllow` (the default, as
   * upstream's: any authenticated request is allowed; anonymous ones only to `PUBLIC_PATHS`).
   */
  authorization?: 'RBAC' | 'AlwaysAllow';
  /** The service-account signing key: enables service-account tokens and TokenRequest. */
  serviceAccountKey?: ServiceAccountKey;
  /** Users of a static token file (`--token-auth-file`). */
  staticTokens?: StaticTokens;
  /** The API server's audiences (default: the service-account issuer). */
  audiences?: string[];
}

/** The default ClusterRoles: upstream's bootstrap roles, then the controllers' (as the rbac/bootstrap-roles hook). */
function defaultClusterRoles(): KubeObject[] {
  return [...bootstrapClusterRoles(), ...controllerClusterRoles()];
}

/** The default ClusterRoleBindings, in the same order. */
function defaultClusterRoleBindings(): KubeObject[] {
  return [...bootstrapClusterRoleBindings(), ...controllerClusterRoleBindings()];
}

const REVIEW_GROUPS = new Set(['authentication.k8s.io', 'authorization.k8s.io']);

/** Security of one API server; `start` before serving, `stop` after. */
export class ApiAuth {
  private readonly tokens: TokenAuthenticator;
  private readonly audiences: readonly string[];
  private rbac: RbacAuthorizer | null = null;
  private aggregator: ClusterRoleAggregator | null = null;
  private nodeGraph: NodeGraphPopulator | null = null;
  private authorizer: Authorizer = { authorize: () => ({ decision: 'allow', reason: '' }) };
  private rules: RuleResolver = {
    rulesFor: () => ({ resourceRules: [], nonResourceRules: [], incomplete: true }),
  };

  constructor(
    private readonly opts: ApiAuthOptions,
    private readonly requestAuthenticators: readonly RequestAuthenticator[],
    private readonly deps: { registry: Registry; storeFor: (def: ResourceDef) => ResourceStore; log: Logger },
  ) {
    this.audiences = opts.audiences?.length ? opts.audiences : [SERVICE_ACCOUNT_ISSUER];
    const chain: TokenAuthenticator[] = [];
    if (opts.staticTokens) {
      for (const w of opts.staticTokens.warnings) deps.log.warn(w);
      chain.push(new TokenFileAuthenticator(opts.staticTokens));
    }
    if (opts.serviceAccountKey) {
      chain.push(
        new ServiceAccountTokenAuthenticator(opts.serviceAccountKey, {
          serviceAccount: (ns, name) => this.get('serviceaccounts', ns, name),
          pod: (ns, name) => this.get('pods', ns, name),
          secret: (ns, name) => this.get('secrets', ns, name),
        }),
      );
    }
    chain.push(new BootstrapTokenAuthenticator((name) => this.get('secrets', 'kube-system', name)));
    this.tokens = new TokenAuthenticatorChain(chain);
  }

  private storeOf(group: string, plural: string): ResourceStore | undefined {
    const def = this.deps.registry.all().find((d) => d.group === group && d.plural === plural);
    return def ? this.deps.storeFor(def) : undefined;
  }

  private get(resource: string, namespace: string, name: string): KubeObject | undefined {
    const def = this.deps.registry.get('', 'v1', resource);
    if (!def) return undefined;
    const rs = this.deps.storeFor(def);
    return rs.cache.get(rs.key(namespace, name))?.obj;
  }

  private rbacStore(plural: string): ResourceStore | undefined {
    const def = this.deps.registry.get('rbac.authorization.k8s.io', 'v1', plural);
    return def ? this.deps.storeFor(def) : undefined;
  }

  /**
   * Reconciles the default policy and starts the RBAC authorizer (RBAC mode); caches must be
   * ready. A server that does not serve the RBAC resources authorizes from the default policy
   * alone, held in memory.
   */
  async start(): Promise<void> {
    if (this.opts.authorization !== 'RBAC') return;
    const stores = ['roles', 'rolebindings', 'clusterroles', 'clusterrolebindings'].map((p) =>
      this.rbacStore(p),
    );
    let sources: RbacSources;
    if (stores.some((s) => !s)) {
      const roles = defaultClusterRoles();
      // Aggregated roles feed each other (view → edit → admin): repeat until nothing changes.
      for (let round = 0; round < roles.length; round++) {
        let changed = false;
        for (const r of roles) {
          const rules = aggregatedRules(r, roles);
          if (!rules || isDeepStrictEqual(rules, (r as { rules?: unknown }).rules)) continue;
          (r as { rules?: unknown }).rules = rules;
          changed = true;
        }
        if (!changed) break;
      }
      sources = {
        roles: new StaticObjectSource(bootstrapNamespaceRoles()),
        roleBindings: new StaticObjectSource(bootstrapNamespaceRoleBindings()),
        clusterRoles: new StaticObjectSource(roles),
        clusterRoleBindings: new StaticObjectSource(defaultClusterRoleBindings()),
      };
    } else {
      const [roles, roleBindings, clusterRoles, clusterRoleBindings] = stores as [
        ResourceStore,
        ResourceStore,
        ResourceStore,
        ResourceStore,
      ];
      await reconcileDefaults(clusterRoles, defaultClusterRoles());
      await reconcileDefaults(clusterRoleBindings, defaultClusterRoleBindings());
      await reconcileDefaults(roles, bootstrapNamespaceRoles());
      await reconcileDefaults(roleBindings, bootstrapNamespaceRoleBindings());
      const clusterRoleSource = watchCacheSource(clusterRoles);
      this.aggregator = new ClusterRoleAggregator(clusterRoles, clusterRoleSource, (err) =>
        this.deps.log.warn({ err }, 'ClusterRole aggregation failed'),
      );
      await this.aggregator.start();
      sources = {
        roles: watchCacheSource(roles),
        roleBindings: watchCacheSource(roleBindings),
        clusterRoles: clusterRoleSource,
        clusterRoleBindings: watchCacheSource(clusterRoleBindings),
      };
    }
    this.rbac = new RbacAuthorizer(sources);
    this.nodeGraph = new NodeGraphPopulator({
      pods: this.storeOf('', 'pods'),
      persistentVolumes: this.storeOf('', 'persistentvolumes'),
      volumeAttachments: this.storeOf('storage.k8s.io', 'volumeattachments'),
    });
    await this.nodeGraph.start();
    this.authorizer = new AuthorizerChain([
      privilegedGroupAuthorizer,
      nodeAuthorizer(this.nodeGraph.graph),
      this.rbac,
    ]);
    this.rules = this.rbac;
  }

  /** Stops following the RBAC objects and the Node authorizer's objects. */
  async stop(): Promise<void> {
    this.nodeGraph?.stop();
    this.rbac?.stop();
    await this.aggregator?.stop();
  }

  /** The request's user (anonymous without credentials); 401 Unauthorized for invalid ones. */
  async authenticate(req: AnyRequest): Promise<UserInfo> {
    try {
      return await authenticateRequest(req, this.requestAuthenticators, this.tokens);
    } catch (err) {
      if (err instanceof AuthenticationError) throw unauthorizedError();
      throw err;
    }
  }

  /**
   * The user the request acts as (after impersonation), if it may do what it asks; otherwise
   * throws 403 Forbidden with upstream's message (401 for anonymous requests in AlwaysAllow mode
   * outside `PUBLIC_PATHS`).
   */
  authorize(req: AnyRequest, user: UserInfo, info: RequestInfo): UserInfo {
    if (this.opts.authorization !== 'RBAC') {
      if (user.name === ANONYMOUS_USER && !PUBLIC_PATHS.has(info.path)) throw unauthorizedError();
    }
    const actor = impersonate(req, user, this.authorizer);
    const attrs = requestAttributes(actor, info);
    // Upstream's RequestInfo: a namespace object is in its own namespace.
    if (attrs.resource === 'namespaces' && info.parts.length > 1 && !attrs.namespace)
      attrs.namespace = attrs.name;
    const d = this.authorizer.authorize(attrs);
    if (d.decision !== 'allow') throw forbiddenFor(attrs, d.reason);
    return actor;
  }

  /** True when `serve` answers this request (review resources, `serviceaccounts/token`). */
  serves(def: ResourceDef, info: RequestInfo): boolean {
    if (REVIEW_GROUPS.has(def.group)) return true;
    return def.group === '' && def.plural === 'serviceaccounts' && info.subresource === 'token';
  }

  /** Serves a request for which `serves` is true. */
  async serve(ctx: RequestContext): Promise<void> {
    if (REVIEW_GROUPS.has(ctx.def.group)) {
      return handleReview(ctx, {
        tokens: this.tokens,
        authorizer: this.authorizer,
        rules: this.rules,
        audiences: this.audiences,
      });
    }
    const key = this.opts.serviceAccountKey;
    if (!key || ctx.info.verb !== 'create') {
      throw methodNotSupportedError({ group: '', resource: 'serviceaccounts/token' }, ctx.info.verb);
    }
    return handleTokenRequest(ctx, {
      key,
      audiences: this.audiences,
      get: (resource, ns, name) => this.get(resource, ns, name),
    });
  }
}
