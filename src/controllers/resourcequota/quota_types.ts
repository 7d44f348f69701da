/** core/v1 ResourceQuota and PersistentVolumeClaim as the resourcequota controller reads them. */
import type { KubeObject, ObjectMeta } from '../../api/object.js';
import type { ResourceList } from '../../api/types/pod.js';

/** A scope selector requirement (`ScopedResourceSelectorRequirement`). */
export interface ScopeRequirement {
  scopeName: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  values?: string[];
}

/** A ResourceQuota. */
export interface ResourceQuota extends KubeObject {
  metadata: ObjectMeta;
  spec?: {
    hard?: ResourceList;
    scopes?: string[];
    scopeSelector?: { matchExpressions?: ScopeRequirement[] };
  };
  status?: { hard?: ResourceList; used?: ResourceList };
}

/** A PersistentVolumeClaim (the fields quota reads). */
export interface PersistentVolumeClaim extends KubeObject {
  metadata: ObjectMeta;
  spec?: { storageClassName?: string; resources?: { requests?: ResourceList } };
}
