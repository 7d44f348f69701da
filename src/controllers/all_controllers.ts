/** Every controller the controller manager knows, by upstream name. */
import type { ControllerDescriptor } from '../controller/controller_context.js';
import { deploymentController } from './deployment/deployment_controller.js';
import { garbageCollectorController } from './garbagecollector/garbagecollector_controller.js';
import { replicaSetController, replicationControllerController } from './replicaset/replicaset_controller.js';
import { rootCACertPublisher } from './rootcacertpublisher/root_ca_cert_publisher.js';
import { serviceAccountController } from './serviceaccount/serviceaccount_controller.js';

/** The controllers of kubets' controller manager. */
export const ALL_CONTROLLERS: ControllerDescriptor[] = [
  serviceAccountController,
  rootCACertPublisher,
  replicaSetController,
  deploymentController,
  replicationControllerController,
  garbageCollectorController,
];
