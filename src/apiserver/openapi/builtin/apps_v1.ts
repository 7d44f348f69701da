/**
 * apps/v1 definitions: Deployment, ReplicaSet, StatefulSet, DaemonSet and ControllerRevision.
 */
import type { Definitions, Schema } from './dsl.js';
import {
  atomic,
  bool,
  enumOf,
  int32,
  int64,
  intOrString,
  kind,
  listOf,
  mapKeys,
  META,
  patch,
  RAW_EXTENSION,
  ref,
  str,
  struct,
  time,
} from './dsl.js';

const apps = (name: string) => `io.k8s.api.apps.v1.${name}`;
const gvk = (k: string) => ({ group: 'apps', version: 'v1', kind: k });
const selector = (what: string) => ref(`${META}.LabelSelector`, `Labels of the pods ${what} controls.`);
const template = (what: string) => ref('io.k8s.api.core.v1.PodTemplateSpec', `The pods ${what} makes.`);
const minReadySeconds = int32('Seconds a ready pod must stay ready to count as available.');
const revisionHistoryLimit = int32('How many old revisions to keep for rollback.');
const observedGeneration = int64('The generation last acted on.');
const collisionCount = int32('Count of hash collisions, used to name new revisions.');

function condition(what: string, extra: Record<string, Schema> = {}): Schema {
  return struct(
    `One condition of a ${what}.`,
    {
      lastTransitionTime: time('When the condition last changed status.'),
      ...extra,
      message: str('Details of the last transition.'),
      reason: str('Why the condition last changed.'),
      status: str('True, False or Unknown.'),
      type: str('The condition type.'),
    },
    ['type', 'status'],
  );
}

const conditions = (name: string) =>
  listOf(apps(name), 'The current conditions.', patch('type'), mapKeys('type'));

/** The apps/v1 definitions. */
export const APPS_V1: Definitions = {
  [apps('Deployment')]: kind(gvk('Deployment'), 'Declarative updates of a set of replicated pods.', {
    spec: ref(apps('DeploymentSpec'), 'The desired state.'),
    status: ref(apps('DeploymentStatus'), 'The observed state.'),
  }),
  [apps('DeploymentSpec')]: struct(
    'The desired state of a deployment.',
    {
      minReadySeconds,
      paused: bool('Whether rollouts are paused.'),
      progressDeadlineSeconds: int32('Seconds a rollout may make no progress before it is failed.'),
      replicas: int32('The number of pods wanted; 1 by default.'),
      revisionHistoryLimit,
      selector: selector('the deployment'),
      strategy: {
        ...ref(apps('DeploymentStrategy'), 'How old pods are replaced by new ones.'),
        'x-kubernetes-patch-strategy': 'retainKeys',
      },
      template: template('the deployment'),
    },
    ['selector', 'template'],
  ),
  [apps('DeploymentStrategy')]: struct('How a deployment replaces pods.', {
    rollingUpdate: ref(apps('RollingUpdateDeployment'), 'Settings of a rolling update.'),
    type: enumOf(['Recreate', 'RollingUpdate'], 'The kind of strategy; RollingUpdate by default.'),
  }),
  [apps('RollingUpdateDeployment')]: struct('Settings of a rolling update of a deployment.', {
    maxSurge: intOrString('Pods allowed over the wanted number during the update.'),
    maxUnavailable: intOrString('Pods allowed to be unavailable during the update.'),
  }),
  [apps('DeploymentStatus')]: struct('The observed state of a deployment.', {
    availableReplicas: int32('Pods available for minReadySeconds.'),
    collisionCount,
    conditions: conditions('DeploymentCondition'),
    observedGeneration,
    readyReplicas: int32('Ready pods.'),
    replicas: int32('Pods of the deployment.'),
    terminatingReplicas: int32('Pods being terminated.'),
    unavailableReplicas: int32('Pods still needed for full availability.'),
    updatedReplicas: int32('Pods of the current template.'),
  }),
  [apps('DeploymentCondition')]: condition('deployment', {
    lastUpdateTime: time('When the condition was last updated.'),
  }),
  [apps('ReplicaSet')]: kind(gvk('ReplicaSet'), 'Keeps a number of pods running.', {
    spec: ref(apps('ReplicaSetSpec'), 'The desired state.'),
    status: ref(apps('ReplicaSetStatus'), 'The observed state.'),
  }),
  [apps('ReplicaSetSpec')]: struct(
    'The desired state of a replica set.',
    {
      minReadySeconds,
      replicas: int32('The number of pods wanted; 1 by default.'),
      selector: selector('the replica set'),
      template: template('the replica set'),
    },
    ['selector'],
  ),
  [apps('ReplicaSetStatus')]: struct(
    'The observed state of a replica set.',
    {
      availableReplicas: int32('Pods available for minReadySeconds.'),
      conditions: conditions('ReplicaSetCondition'),
      fullyLabeledReplicas: int32('Pods whose labels match the template.'),
      observedGeneration,
      readyReplicas: int32('Ready pods.'),
      replicas: int32('Pods of the replica set.'),
      terminatingReplicas: int32('Pods being terminated.'),
    },
    ['replicas'],
  ),
  [apps('ReplicaSetCondition')]: condition('replica set'),
  [apps('StatefulSet')]: kind(gvk('StatefulSet'), 'Pods with stable identities and storage.', {
    spec: ref(apps('StatefulSetSpec'), 'The desired state.'),
    status: ref(apps('StatefulSetStatus'), 'The observed state.'),
  }),
  [apps('StatefulSetSpec')]: struct(
    'The desired state of a stateful set.',
    {
      minReadySeconds,
      ordinals: ref(apps('StatefulSetOrdinals'), 'The numbering of the pods.'),
      persistentVolumeClaimRetentionPolicy: ref(
        apps('StatefulSetPersistentVolumeClaimRetentionPolicy'),
        'What happens to the claims when pods go.',
      ),
      podManagementPolicy: enumOf(['OrderedReady', 'Parallel'], 'Whether pods are created one at a time.'),
      replicas: int32('The number of pods wanted; 1 by default.'),
      revisionHistoryLimit,
      selector: selector('the stateful set'),
      serviceName: str('The headless service giving the pods their network identity.'),
      template: template('the stateful set'),
      updateStrategy: ref(apps('StatefulSetUpdateStrategy'), 'How pods are updated.'),
      volumeClaimTemplates: listOf(
        'io.k8s.api.core.v1.PersistentVolumeClaim',
        'Claims each pod gets.',
        atomic,
      ),
    },
    ['selector', 'template'],
  ),
  [apps('StatefulSetOrdinals')]: struct('The numbering of the pods of a stateful set.', {
    start: int32('The first ordinal; 0 by default.'),
  }),
  [apps('StatefulSetPersistentVolumeClaimRetentionPolicy')]: struct(
    'What happens to the claims of a stateful set.',
    {
      whenDeleted: enumOf(['Delete', 'Retain'], 'When the stateful set is deleted.'),
      whenScaled: enumOf(['Delete', 'Retain'], 'When it is scaled down.'),
    },
  ),
  [apps('StatefulSetUpdateStrategy')]: struct('How a stateful set updates pods.', {
    rollingUpdate: ref(apps('RollingUpdateStatefulSetStrategy'), 'Settings of a rolling update.'),
    type: enumOf(['OnDelete', 'RollingUpdate'], 'The kind of strategy; RollingUpdate by default.'),
  }),
  [apps('RollingUpdateStatefulSetStrategy')]: struct('Settings of a rolling update of a stateful set.', {
    maxUnavailable: intOrString('Pods allowed to be unavailable during the update.'),
    partition: int32('Only pods with an ordinal at least this are updated.'),
  }),
  [apps('StatefulSetStatus')]: struct(
    'The observed state of a stateful set.',
    {
      availableReplicas: int32('Pods available for minReadySeconds.'),
      collisionCount,
      conditions: conditions('StatefulSetCondition'),
      currentReplicas: int32('Pods of the current revision.'),
      currentRevision: str('The revision of pods 0 to currentReplicas-1.'),
      observedGeneration,
      readyReplicas: int32('Ready pods.'),
      replicas: int32('Pods of the stateful set.'),
      updateRevision: str('The revision being rolled out.'),
      updatedReplicas: int32('Pods of the update revision.'),
    },
    ['replicas'],
  ),
  [apps('StatefulSetCondition')]: condition('stateful set'),
  [apps('DaemonSet')]: kind(gvk('DaemonSet'), 'A pod on every eligible node.', {
    spec: ref(apps('DaemonSetSpec'), 'The desired state.'),
    status: ref(apps('DaemonSetStatus'), 'The observed state.'),
  }),
  [apps('DaemonSetSpec')]: struct(
    'The desired state of a daemon set.',
    {
      minReadySeconds,
      revisionHistoryLimit,
      selector: selector('the daemon set'),
      template: template('the daemon set'),
      updateStrategy: ref(apps('DaemonSetUpdateStrategy'), 'How pods are updated.'),
    },
    ['selector', 'template'],
  ),
  [apps('DaemonSetUpdateStrategy')]: struct('How a daemon set updates pods.', {
    rollingUpdate: ref(apps('RollingUpdateDaemonSet'), 'Settings of a rolling update.'),
    type: enumOf(['OnDelete', 'RollingUpdate'], 'The kind of strategy; RollingUpdate by default.'),
  }),
  [apps('RollingUpdateDaemonSet')]: struct('Settings of a rolling update of a daemon set.', {
    maxSurge: intOrString('Nodes that may run an old and a new pod at once.'),
    maxUnavailable: intOrString('Nodes whose pod may be unavailable during the update.'),
  }),
  [apps('DaemonSetStatus')]: struct(
    'The observed state of a daemon set.',
    {
      collisionCount,
      conditions: conditions('DaemonSetCondition'),
      currentNumberScheduled: int32('Nodes running a pod that should.'),
      desiredNumberScheduled: int32('Nodes that should run a pod.'),
      numberAvailable: int32('Nodes with an available pod.'),
      numberMisscheduled: int32('Nodes running a pod that should not.'),
      numberReady: int32('Nodes with a ready pod.'),
      numberUnavailable: int32('Nodes that should have an available pod and do not.'),
      observedGeneration,
      updatedNumberScheduled: int32('Nodes running a pod of the current template.'),
    },
    ['currentNumberScheduled', 'numberMisscheduled', 'desiredNumberScheduled', 'numberReady'],
  ),
  [apps('DaemonSetCondition')]: condition('daemon set'),
  [apps('ControllerRevision')]: kind(
    gvk('ControllerRevision'),
    'An immutable snapshot of the state a controller rolls out.',
    {
      data: ref(RAW_EXTENSION, 'The serialized state.'),
      revision: int64('The revision number.'),
    },
    ['revision'],
  ),
};
