/**
 * storage.k8s.io/v1 definitions: StorageClass, CSIDriver, CSINode and VolumeAttachment.
 */
import type { Definitions } from './dsl.js';
import {
  atomic,
  bool,
  enumOf,
  int32,
  int64,
  kind,
  listOf,
  mapKeys,
  patch,
  ref,
  str,
  stringMap,
  strings,
  struct,
  time,
} from './dsl.js';

const storage = (name: string) => `io.k8s.api.storage.v1.${name}`;
const gvk = (k: string) => ({ group: 'storage.k8s.io', version: 'v1', kind: k });

/** The storage.k8s.io/v1 definitions. */
export const STORAGE_V1: Definitions = {
  [storage('StorageClass')]: kind(
    gvk('StorageClass'),
    'A class of storage volumes are provisioned in.',
    {
      allowVolumeExpansion: bool('Whether claims of the class may grow.'),
      allowedTopologies: listOf(
        'io.k8s.api.core.v1.TopologySelectorTerm',
        'Where volumes may be provisioned.',
        atomic,
      ),
      mountOptions: strings('Mount options of its volumes.', atomic),
      parameters: stringMap('Settings passed to the provisioner.'),
      provisioner: str('The provisioner.'),
      reclaimPolicy: enumOf(['Delete', 'Recycle', 'Retain'], 'The reclaim policy of its volumes.'),
      volumeBindingMode: enumOf(['Immediate', 'WaitForFirstConsumer'], 'When claims are bound.'),
    },
    ['provisioner'],
  ),
  [storage('CSIDriver')]: kind(
    gvk('CSIDriver'),
    'A CSI volume driver on the cluster.',
    { spec: ref(storage('CSIDriverSpec'), 'How the driver is used.') },
    ['spec'],
  ),
  [storage('CSIDriverSpec')]: struct('How a CSI driver is used.', {
    attachRequired: bool('Whether volumes need attaching.'),
    fsGroupPolicy: enumOf(
      ['File', 'None', 'ReadWriteOnceWithFSType'],
      'Whether volume ownership follows fsGroup.',
    ),
    nodeAllocatableUpdatePeriodSeconds: int64('How often the node volume limit is refreshed.'),
    podInfoOnMount: bool('Whether mounts get pod information.'),
    requiresRepublish: bool('Whether volumes are mounted again periodically.'),
    seLinuxMount: bool('Whether SELinux labels are applied with mount options.'),
    storageCapacity: bool('Whether capacity is considered in scheduling.'),
    tokenRequests: listOf(storage('TokenRequest'), 'Service account tokens passed at mount.', atomic),
    volumeLifecycleModes: strings('Persistent, Ephemeral or both.', { 'x-kubernetes-list-type': 'set' }),
  }),
  [storage('TokenRequest')]: struct(
    'A service account token a CSI driver gets.',
    {
      audience: str('The audience of the token.'),
      expirationSeconds: int64('Its lifetime.'),
    },
    ['audience'],
  ),
  [storage('CSINode')]: kind(
    gvk('CSINode'),
    'The CSI drivers of a node.',
    { spec: ref(storage('CSINodeSpec'), 'The drivers.') },
    ['spec'],
  ),
  [storage('CSINodeSpec')]: struct(
    'The CSI drivers of a node.',
    { drivers: listOf(storage('CSINodeDriver'), 'The drivers.', patch('name'), mapKeys('name')) },
    ['drivers'],
  ),
  [storage('CSINodeDriver')]: struct(
    'A CSI driver on a node.',
    {
      allocatable: ref(storage('VolumeNodeResources'), 'Volumes the node can take.'),
      name: str('The driver.'),
      nodeID: str('The ID the driver knows the node by.'),
      topologyKeys: strings('Topology labels the driver uses.', atomic),
    },
    ['name', 'nodeID'],
  ),
  [storage('VolumeNodeResources')]: struct('Volume limits of a node.', {
    count: int32('The most volumes of the driver.'),
  }),
  [storage('VolumeAttachment')]: kind(
    gvk('VolumeAttachment'),
    'A volume to attach to or detach from a node.',
    {
      spec: ref(storage('VolumeAttachmentSpec'), 'The attachment wanted.'),
      status: ref(storage('VolumeAttachmentStatus'), 'The observed state.'),
    },
    ['spec'],
  ),
  [storage('VolumeAttachmentSpec')]: struct(
    'An attachment wanted.',
    {
      attacher: str('The driver that attaches.'),
      nodeName: str('The node.'),
      source: ref(storage('VolumeAttachmentSource'), 'The volume.'),
    },
    ['attacher', 'source', 'nodeName'],
  ),
  [storage('VolumeAttachmentSource')]: struct('The volume of an attachment.', {
    inlineVolumeSpec: ref('io.k8s.api.core.v1.PersistentVolumeSpec', 'An inline volume migrated to CSI.'),
    persistentVolumeName: str('A persistent volume.'),
  }),
  [storage('VolumeAttachmentStatus')]: struct(
    'The observed state of an attachment.',
    {
      attachError: ref(storage('VolumeError'), 'The last attach error.'),
      attached: bool('Whether the volume is attached.'),
      attachmentMetadata: stringMap('What the attacher reported.'),
      detachError: ref(storage('VolumeError'), 'The last detach error.'),
    },
    ['attached'],
  ),
  [storage('VolumeError')]: struct('An error of an attach or detach.', {
    errorCode: int32('A numeric code.'),
    message: str('The error.'),
    time: time('When it happened.'),
  }),
};
