import type { RequestInfo } from '../request_info.js';
import type { AnyRequest } from '../http/body.js';
import type { AnyResponse } from '../http/respond.js';
import type { Registry } from '../registry/registry.js';
import type { ResourceDef } from '../registry/resource.js';
import type { ResourceStore } from '../store/resource_store.js';
import type { Admission } from '../admission/admission.js';

/** Who is asking, as the authenticator found. */
export interface UserInfo {
  name: string;
  groups: string[];
  uid?: string;
  /** Further attributes (upstream's `extra`), e.g. the bound pod of a service-account token. */
  extra?: Record<string, string[]>;
}

/** What handlers may reach besides their own resource: other resources, the registry, admission. */
export interface ApiContext {
  registry: Registry;
  /** The store of a resource (created on first use). */
  storeFor(def: ResourceDef): ResourceStore;
  admission: Admission;
}

/** Everything a resource handler needs for one request. */
export interface RequestContext {
  req: AnyRequest;
  res: AnyResponse;
  info: RequestInfo;
  query: URLSearchParams;
  def: ResourceDef;
  rs: ResourceStore;
  user: UserInfo;
  api: ApiContext;
}

/** True when `?dryRun=All` (the only value upstream accepts besides none). */
export function isDryRun(query: URLSearchParams): boolean {
  return query.getAll('dryRun').includes('All');
}
