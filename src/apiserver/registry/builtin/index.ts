/**
 * Every built-in resource, in the order discovery lists them: core/v1 first, then the API
 * groups in upstream's order.
 */
import type { ResourceDef } from '../resource.js';
import { controllerRevisionsResource } from './apps_controllerrevisions.js';
import { daemonSetsResource } from './apps_daemonsets.js';
import { deploymentsResource } from './apps_deployments.js';
import { replicaSetsResource } from './apps_replicasets.js';
import { statefulSetsResource } from './apps_statefulsets.js';
import { customResourceDefinitionsResource } from './apiextensions.js';
import { authenticationResources, authorizationResources } from './authn_authz.js';
import { hpaV1Resource, hpaV2Resource } from './autoscaling.js';
import { cronJobsResource } from './batch_cronjobs.js';
import { jobsResource } from './batch_jobs.js';
import { certificateSigningRequestsResource } from './certificates.js';
import { leasesResource } from './coordination.js';
import { endpointSlicesResource } from './discovery.js';
import { ingressClassesResource, ingressesResource, networkPoliciesResource } from './networking.js';
import { runtimeClassesResource } from './node.js';
import { podDisruptionBudgetsResource } from './policy.js';
import {
  clusterRoleBindingsResource,
  clusterRolesResource,
  roleBindingsResource,
  rolesResource,
} from './rbac.js';
import { priorityClassesResource } from './scheduling.js';
import {
  csiDriversResource,
  csiNodesResource,
  storageClassesResource,
  volumeAttachmentsResource,
} from './storage.js';
import { configMapsResource } from './core_configmaps.js';
import { endpointsResource } from './core_endpoints.js';
import { coreEventsResource, eventsV1Resource } from './core_events.js';
import { SHARED_STORAGE } from './conversions.js';
import { namespacesResource } from './core_namespaces.js';
import { nodesResource } from './core_nodes.js';
import { podsResource } from './core_pods.js';
import { podTemplatesResource } from './core_podtemplates.js';
import { limitRangesResource, resourceQuotasResource } from './core_quota.js';
import { replicationControllersResource } from './core_replicationcontrollers.js';
import { secretsResource } from './core_secrets.js';
import { serviceAccountsResource } from './core_serviceaccounts.js';
import { servicesResource } from './core_services.js';
import { persistentVolumeClaimsResource, persistentVolumesResource } from './core_volumes.js';

/** The core/v1 resources, in discovery order (alphabetical, as upstream lists them). */
export function coreResources(): ResourceDef[] {
  return [
    configMapsResource(),
    endpointsResource(),
    coreEventsResource(),
    limitRangesResource(),
    namespacesResource(),
    nodesResource(),
    persistentVolumeClaimsResource(),
    persistentVolumesResource(),
    podsResource(),
    podTemplatesResource(),
    replicationControllersResource(),
    resourceQuotasResource(),
    secretsResource(),
    serviceAccountsResource(),
    servicesResource(),
  ];
}

/** apps/v1. */
export function appsResources(): ResourceDef[] {
  return [
    controllerRevisionsResource(),
    daemonSetsResource(),
    deploymentsResource(),
    replicaSetsResource(),
    statefulSetsResource(),
  ];
}

/** batch/v1. */
export function batchResources(): ResourceDef[] {
  return [cronJobsResource(), jobsResource()];
}

/** networking.k8s.io/v1. */
export function networkingResources(): ResourceDef[] {
  return [ingressClassesResource(), ingressesResource(), networkPoliciesResource()];
}

/** rbac.authorization.k8s.io/v1. */
export function rbacResources(): ResourceDef[] {
  return [clusterRoleBindingsResource(), clusterRolesResource(), roleBindingsResource(), rolesResource()];
}

/** storage.k8s.io/v1. */
export function storageResources(): ResourceDef[] {
  return [csiDriversResource(), csiNodesResource(), storageClassesResource(), volumeAttachmentsResource()];
}

/**
 * The built-in resources, in discovery order: core/v1, apps, events.k8s.io, authentication,
 * authorization, autoscaling (v2, then v1), batch, certificates, networking, policy, rbac,
 * storage, apiextensions, scheduling, coordination, node, discovery.k8s.io.
 */
export function builtinResources(): ResourceDef[] {
  return withSharedStorage([
    ...coreResources(),
    ...appsResources(),
    eventsV1Resource(),
    ...authenticationResources(),
    ...authorizationResources(),
    hpaV2Resource(),
    hpaV1Resource(),
    ...batchResources(),
    certificateSigningRequestsResource(),
    ...networkingResources(),
    podDisruptionBudgetsResource(),
    ...rbacResources(),
    ...storageResources(),
    customResourceDefinitionsResource(),
    priorityClassesResource(),
    leasesResource(),
    runtimeClassesResource(),
    endpointSlicesResource(),
  ]);
}

/** Attaches the storage conversions of resources stored in another version's shape. */
function withSharedStorage(defs: ResourceDef[]): ResourceDef[] {
  return defs.map((d) => {
    const shared = SHARED_STORAGE.find((x) => x.served === `${d.group}/${d.version}/${d.plural}`);
    return shared ? { ...d, storage: { toServed: shared.toServed, toStored: shared.toStored } } : d;
  });
}
