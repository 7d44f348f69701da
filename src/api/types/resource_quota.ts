/** core/v1 ResourceQuota. */
import type { KubeObject, ObjectMeta } from '../object.js';
import type { ResourceList } from './pod.js';

/** `v1.ScopedResourceSelectorRequirement`. */
export interface ScopedResourceSelectorRequirement {
  scopeName: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  values?: string[];
}

/** `v1.ResourceQuota`. */
export interface ResourceQuota extends KubeObject {
  metadata: ObjectMeta;
  spec?: {
    hard?: ResourceList;
    scopes?: string[];
    scopeSelector?: { matchExpressions?: ScopedResourceSelectorRequirement[] };
  };
  status?: { hard?: ResourceList; used?: ResourceList };
}
