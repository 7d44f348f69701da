/** Every controller the controller manager knows, by upstream name. */
import type { ControllerDescriptor } from '../controller/controller_context.js';
import { csrApprovingController } from './certificates/csrapproving_controller.js';
import { csrSigningController } from './certificates/csrsigning_controller.js';
import { endpointsController } from './endpoint/endpoints_controller.js';
import { endpointSliceController } from './endpointslice/endpointslice_controller.js';
import { endpointSliceMirroringController } from './endpointslicemirroring/endpointslicemirroring_controller.js';
import { namespaceController } from './namespace/namespace_controller.js';
import { nodeIpamController } from './nodeipam/node_ipam_controller.js';
import { nodeLifecycleController } from './nodelifecycle/node_lifecycle_controller.js';
import { podGCControllerDescriptor } from './podgc/podgc_controller.js';
import { resourceQuotaController } from './resourcequota/resource_quota_controller.js';
import { deploymentController } from './deployment/deployment_controller.js';
import { garbageCollectorController } from './garbagecollector/garbagecollector_controller.js';
import { replicaSetController, replicationControllerController } from './replicaset/replicaset_controller.js';
import { rootCACertPublisher } from './rootcacertpublisher/root_ca_cert_publisher.js';
import { serviceAccountController } from './serviceaccount/serviceaccount_controller.js';
import { taintEvictionController } from './tainteviction/taint_eviction_controller.js';

/** The controllers of kubets' controller manager. */
export const ALL_CONTROLLERS: ControllerDescriptor[] = [
  serviceAccountController,
  rootCACertPublisher,
  namespaceController,
  endpointsController,
  endpointSliceController,
  endpointSliceMirroringController,
  nodeLifecycleController,
  taintEvictionController,
  nodeIpamController,
  podGCControllerDescriptor,
  resourceQuotaController,
  replicaSetController,
  deploymentController,
  replicationControllerController,
  garbageCollectorController,
  csrApprovingController,
  csrSigningController,
];
