/**
 * core/v1 definitions of pod volumes: Volume with every volume source and projections (the
 * persistent volumes and claims that share them are in `core_v1_persistent_volumes.ts`).
 */
import type { Definitions, Schema } from './dsl.js';
import { core } from './core_v1_names.js';
import {
  atomic,
  bool,
  enumOf,
  int32,
  int64,
  listOf,
  META,
  objectMeta,
  quantity,
  ref,
  str,
  stringMap,
  strings,
  struct,
} from './dsl.js';

/** A field shared by volume sources. */
export const fsType = str('The filesystem type to mount (ext4, xfs, …).');
/** A field shared by volume sources. */
export const readOnly = bool('Whether the volume is mounted read-only.');
const localSecret = ref(core('LocalObjectReference'), 'The Secret with the credentials.');
/** A field shared by volume sources. */
export const secretRef = ref(core('SecretReference'), 'The Secret with the credentials.');

/** The volume sources a pod volume and a persistent volume share. */
export const sharedSources: Record<string, Schema> = {
  awsElasticBlockStore: ref(core('AWSElasticBlockStoreVolumeSource'), 'Deprecated: an AWS EBS disk.'),
  azureDisk: ref(core('AzureDiskVolumeSource'), 'Deprecated: an Azure data disk.'),
  fc: ref(core('FCVolumeSource'), 'A Fibre Channel disk.'),
  flocker: ref(core('FlockerVolumeSource'), 'Deprecated: a Flocker dataset.'),
  gcePersistentDisk: ref(core('GCEPersistentDiskVolumeSource'), 'Deprecated: a GCE persistent disk.'),
  hostPath: ref(core('HostPathVolumeSource'), 'A file or directory of the node.'),
  nfs: ref(core('NFSVolumeSource'), 'An NFS export.'),
  photonPersistentDisk: ref(core('PhotonPersistentDiskVolumeSource'), 'Deprecated: a Photon disk.'),
  portworxVolume: ref(core('PortworxVolumeSource'), 'Deprecated: a Portworx volume.'),
  quobyte: ref(core('QuobyteVolumeSource'), 'Deprecated: a Quobyte volume.'),
  vsphereVolume: ref(core('VsphereVirtualDiskVolumeSource'), 'Deprecated: a vSphere disk.'),
};

/** The access modes of a persistent volume or claim. */
export const ACCESS_MODES = strings(
  'Ways the volume can be mounted (ReadWriteOnce, ReadOnlyMany, …).',
  atomic,
);

/** Definitions of pod volumes and their sources. */
export const CORE_V1_VOLUMES: Definitions = {
  [core('Volume')]: struct(
    'A named volume of a pod; exactly one source is set.',
    {
      ...sharedSources,
      azureFile: ref(core('AzureFileVolumeSource'), 'Deprecated: an Azure File share.'),
      cephfs: ref(core('CephFSVolumeSource'), 'Deprecated: a CephFS mount.'),
      cinder: ref(core('CinderVolumeSource'), 'Deprecated: an OpenStack Cinder volume.'),
      configMap: ref(core('ConfigMapVolumeSource'), 'The keys of a ConfigMap as files.'),
      csi: ref(core('CSIVolumeSource'), 'An ephemeral volume of a CSI driver.'),
      downwardAPI: ref(core('DownwardAPIVolumeSource'), 'Fields of the pod as files.'),
      emptyDir: ref(core('EmptyDirVolumeSource'), 'An empty directory living as long as the pod.'),
      ephemeral: ref(core('EphemeralVolumeSource'), 'A claim made for and deleted with the pod.'),
      flexVolume: ref(core('FlexVolumeSource'), 'Deprecated: a volume of a FlexVolume driver.'),
      gitRepo: ref(core('GitRepoVolumeSource'), 'Deprecated: a git repository cloned on start.'),
      glusterfs: ref(core('GlusterfsVolumeSource'), 'Deprecated: a GlusterFS mount.'),
      image: ref(core('ImageVolumeSource'), 'The contents of an OCI image.'),
      iscsi: ref(core('ISCSIVolumeSource'), 'An iSCSI disk.'),
      name: str('The name of the volume, a DNS label unique within the pod.'),
      persistentVolumeClaim: ref(core('PersistentVolumeClaimVolumeSource'), 'A claim in the namespace.'),
      projected: ref(core('ProjectedVolumeSource'), 'Several sources in one directory.'),
      rbd: ref(core('RBDVolumeSource'), 'Deprecated: a Ceph RBD image.'),
      scaleIO: ref(core('ScaleIOVolumeSource'), 'Deprecated: a ScaleIO volume.'),
      secret: ref(core('SecretVolumeSource'), 'The keys of a Secret as files.'),
      storageos: ref(core('StorageOSVolumeSource'), 'Deprecated: a StorageOS volume.'),
    },
    ['name'],
  ),
  [core('AWSElasticBlockStoreVolumeSource')]: struct(
    'An AWS EBS disk.',
    {
      fsType,
      partition: int32('The partition to mount; the whole disk when 0.'),
      readOnly,
      volumeID: str('The EBS volume ID.'),
    },
    ['volumeID'],
  ),
  [core('AzureDiskVolumeSource')]: struct(
    'An Azure data disk.',
    {
      cachingMode: enumOf(['None', 'ReadOnly', 'ReadWrite'], 'The host caching mode.'),
      diskName: str('The disk name.'),
      diskURI: str('The disk URI.'),
      fsType,
      kind: enumOf(['Dedicated', 'Managed', 'Shared'], 'The kind of disk.'),
      readOnly,
    },
    ['diskName', 'diskURI'],
  ),
  [core('AzureFileVolumeSource')]: struct(
    'An Azure File share.',
    {
      readOnly,
      secretName: str('The Secret with the account name and key.'),
      shareName: str('The share name.'),
    },
    ['secretName', 'shareName'],
  ),
  [core('CephFSVolumeSource')]: struct(
    'A CephFS mount.',
    {
      monitors: strings('Ceph monitors.', atomic),
      path: str('The root of the mount; / by default.'),
      readOnly,
      secretFile: str('The keyring file.'),
      secretRef: localSecret,
      user: str('The RADOS user.'),
    },
    ['monitors'],
  ),
  [core('CinderVolumeSource')]: struct(
    'An OpenStack Cinder volume.',
    { fsType, readOnly, secretRef: localSecret, volumeID: str('The Cinder volume ID.') },
    ['volumeID'],
  ),
  [core('ConfigMapVolumeSource')]: struct('The keys of a ConfigMap as files.', {
    defaultMode: int32('The mode bits of the files; 0644 by default.'),
    items: listOf(core('KeyToPath'), 'The keys to project, and where; all keys by default.', atomic),
    name: str('The name of the ConfigMap.'),
    optional: bool('Whether the ConfigMap or its keys may be missing.'),
  }),
  [core('SecretVolumeSource')]: struct('The keys of a Secret as files.', {
    defaultMode: int32('The mode bits of the files; 0644 by default.'),
    items: listOf(core('KeyToPath'), 'The keys to project, and where; all keys by default.', atomic),
    optional: bool('Whether the Secret or its keys may be missing.'),
    secretName: str('The name of the Secret.'),
  }),
  [core('KeyToPath')]: struct(
    'A key projected to a file.',
    {
      key: str('The key.'),
      mode: int32('The mode bits of the file.'),
      path: str('The relative path of the file.'),
    },
    ['key', 'path'],
  ),
  [core('CSIVolumeSource')]: struct(
    'An ephemeral volume of a CSI driver.',
    {
      driver: str('The name of the driver.'),
      fsType,
      nodePublishSecretRef: ref(core('LocalObjectReference'), 'The Secret passed to NodePublishVolume.'),
      readOnly,
      volumeAttributes: stringMap('Driver-specific properties.'),
    },
    ['driver'],
  ),
  [core('DownwardAPIVolumeSource')]: struct('Fields of the pod as files.', {
    defaultMode: int32('The mode bits of the files; 0644 by default.'),
    items: listOf(core('DownwardAPIVolumeFile'), 'The files.', atomic),
  }),
  [core('DownwardAPIVolumeFile')]: struct(
    'A file holding a field of the pod.',
    {
      fieldRef: ref(core('ObjectFieldSelector'), 'A field of the pod.'),
      mode: int32('The mode bits of the file.'),
      path: str('The relative path of the file.'),
      resourceFieldRef: ref(core('ResourceFieldSelector'), 'A resource of a container.'),
    },
    ['path'],
  ),
  [core('EmptyDirVolumeSource')]: struct('An empty directory living as long as the pod.', {
    medium: str('The storage medium: empty (the node default) or Memory.'),
    sizeLimit: quantity('The most the directory may hold.'),
  }),
  [core('EphemeralVolumeSource')]: struct('A claim made for the pod and deleted with it.', {
    volumeClaimTemplate: ref(core('PersistentVolumeClaimTemplate'), 'The claim to make.'),
  }),
  [core('PersistentVolumeClaimTemplate')]: struct(
    'A template of a persistent volume claim.',
    {
      metadata: objectMeta('Labels and annotations of the claim.'),
      spec: ref(core('PersistentVolumeClaimSpec'), 'The spec of the claim.'),
    },
    ['spec'],
  ),
  [core('FCVolumeSource')]: struct('A Fibre Channel disk.', {
    fsType,
    lun: int32('The target LUN.'),
    readOnly,
    targetWWNs: strings('Target world wide names.', atomic),
    wwids: strings('World wide IDs of the volume.', atomic),
  }),
  [core('FlexVolumeSource')]: struct(
    'A volume of a FlexVolume driver.',
    {
      driver: str('The name of the driver.'),
      fsType,
      options: stringMap('Driver options.'),
      readOnly,
      secretRef: localSecret,
    },
    ['driver'],
  ),
  [core('FlockerVolumeSource')]: struct('A Flocker dataset.', {
    datasetName: str('The dataset name.'),
    datasetUUID: str('The dataset UUID.'),
  }),
  [core('GCEPersistentDiskVolumeSource')]: struct(
    'A GCE persistent disk.',
    {
      fsType,
      partition: int32('The partition to mount; the whole disk when 0.'),
      pdName: str('The disk name.'),
      readOnly,
    },
    ['pdName'],
  ),
  [core('GitRepoVolumeSource')]: struct(
    'A git repository cloned when the pod starts.',
    {
      directory: str('The directory to clone into.'),
      repository: str('The repository URL.'),
      revision: str('The commit to check out.'),
    },
    ['repository'],
  ),
  [core('GlusterfsVolumeSource')]: struct(
    'A GlusterFS mount.',
    { endpoints: str('The Endpoints naming the servers.'), path: str('The volume path.'), readOnly },
    ['endpoints', 'path'],
  ),
  [core('HostPathVolumeSource')]: struct(
    'A file or directory of the node.',
    {
      path: str('The path on the node.'),
      type: enumOf(
        ['', 'BlockDevice', 'CharDevice', 'Directory', 'DirectoryOrCreate', 'File', 'FileOrCreate', 'Socket'],
        'What must be at the path.',
      ),
    },
    ['path'],
  ),
  [core('ImageVolumeSource')]: struct('The contents of an OCI image or artifact.', {
    pullPolicy: enumOf(['Always', 'IfNotPresent', 'Never'], 'When to pull the image.'),
    reference: str('The image reference.'),
  }),
  [core('ISCSIVolumeSource')]: struct(
    'An iSCSI disk.',
    {
      chapAuthDiscovery: bool('Whether CHAP discovery authentication is used.'),
      chapAuthSession: bool('Whether CHAP session authentication is used.'),
      fsType,
      initiatorName: str('A custom initiator name.'),
      iqn: str('The target IQN.'),
      iscsiInterface: str('The iSCSI interface; default (tcp) by default.'),
      lun: int32('The target LUN.'),
      portals: strings('Further target portals.', atomic),
      readOnly,
      secretRef: localSecret,
      targetPortal: str('The target portal, IP[:port].'),
    },
    ['targetPortal', 'iqn', 'lun'],
  ),
  [core('NFSVolumeSource')]: struct(
    'An NFS export.',
    { path: str('The exported path.'), readOnly, server: str('The NFS server.') },
    ['server', 'path'],
  ),
  [core('PersistentVolumeClaimVolumeSource')]: struct(
    'A persistent volume claim in the namespace of the pod.',
    { claimName: str('The name of the claim.'), readOnly },
    ['claimName'],
  ),
  [core('PhotonPersistentDiskVolumeSource')]: struct(
    'A Photon Controller disk.',
    { fsType, pdID: str('The disk ID.') },
    ['pdID'],
  ),
  [core('PortworxVolumeSource')]: struct(
    'A Portworx volume.',
    { fsType, readOnly, volumeID: str('The volume ID.') },
    ['volumeID'],
  ),
  [core('ProjectedVolumeSource')]: struct('Several sources projected into one directory.', {
    defaultMode: int32('The mode bits of the files; 0644 by default.'),
    sources: listOf(core('VolumeProjection'), 'The sources.', atomic),
  }),
  [core('VolumeProjection')]: struct('One source of a projected volume.', {
    clusterTrustBundle: ref(core('ClusterTrustBundleProjection'), 'Certificates of ClusterTrustBundles.'),
    configMap: ref(core('ConfigMapProjection'), 'Keys of a ConfigMap.'),
    downwardAPI: ref(core('DownwardAPIProjection'), 'Fields of the pod.'),
    podCertificate: ref(core('PodCertificateProjection'), 'A key and certificate issued to the pod.'),
    secret: ref(core('SecretProjection'), 'Keys of a Secret.'),
    serviceAccountToken: ref(core('ServiceAccountTokenProjection'), 'A bound service account token.'),
  }),
  [core('ClusterTrustBundleProjection')]: struct(
    'The certificates of ClusterTrustBundles, in one file.',
    {
      labelSelector: ref(`${META}.LabelSelector`, 'Bundles with these labels.'),
      name: str('One bundle by name.'),
      optional: bool('Whether a missing bundle is tolerated.'),
      path: str('The relative path of the file.'),
      signerName: str('Bundles of this signer.'),
    },
    ['path'],
  ),
  [core('ConfigMapProjection')]: struct('Keys of a ConfigMap in a projected volume.', {
    items: listOf(core('KeyToPath'), 'The keys to project, and where; all keys by default.', atomic),
    name: str('The name of the ConfigMap.'),
    optional: bool('Whether the ConfigMap or its keys may be missing.'),
  }),
  [core('SecretProjection')]: struct('Keys of a Secret in a projected volume.', {
    items: listOf(core('KeyToPath'), 'The keys to project, and where; all keys by default.', atomic),
    name: str('The name of the Secret.'),
    optional: bool('Whether the Secret or its keys may be missing.'),
  }),
  [core('DownwardAPIProjection')]: struct('Fields of the pod in a projected volume.', {
    items: listOf(core('DownwardAPIVolumeFile'), 'The files.', atomic),
  }),
  [core('ServiceAccountTokenProjection')]: struct(
    'A token of the service account of the pod, bound to the pod.',
    {
      audience: str('The audience of the token; the API server by default.'),
      expirationSeconds: int64('Requested lifetime; one hour by default.'),
      path: str('The relative path of the token file.'),
    },
    ['path'],
  ),
  [core('PodCertificateProjection')]: struct(
    'A private key and a certificate issued to the pod.',
    {
      certificateChainPath: str('Where the certificate chain is written.'),
      credentialBundlePath: str('Where the key and chain are written together.'),
      keyPath: str('Where the private key is written.'),
      keyType: str('The kind of key to generate.'),
      maxExpirationSeconds: int32('The longest lifetime requested.'),
      signerName: str('The signer that issues the certificate.'),
    },
    ['signerName', 'keyType'],
  ),
  [core('QuobyteVolumeSource')]: struct(
    'A Quobyte volume.',
    {
      group: str('The group to map access to.'),
      readOnly,
      registry: str('The registry services, host:port.'),
      tenant: str('The tenant owning the volume.'),
      user: str('The user to map access to.'),
      volume: str('The volume name.'),
    },
    ['registry', 'volume'],
  ),
  [core('RBDVolumeSource')]: struct(
    'A Ceph RBD image.',
    {
      fsType,
      image: str('The image name.'),
      keyring: str('The keyring file.'),
      monitors: strings('Ceph monitors.', atomic),
      pool: str('The pool; rbd by default.'),
      readOnly,
      secretRef: localSecret,
      user: str('The RADOS user.'),
    },
    ['monitors', 'image'],
  ),
  [core('ScaleIOVolumeSource')]: struct(
    'A ScaleIO volume.',
    {
      fsType,
      gateway: str('The gateway address.'),
      protectionDomain: str('The protection domain.'),
      readOnly,
      secretRef: localSecret,
      sslEnabled: bool('Whether the gateway is reached over SSL.'),
      storageMode: str('ThickProvisioned or ThinProvisioned.'),
      storagePool: str('The storage pool.'),
      system: str('The storage system.'),
      volumeName: str('The volume name.'),
    },
    ['gateway', 'system', 'secretRef'],
  ),
  [core('StorageOSVolumeSource')]: struct('A StorageOS volume.', {
    fsType,
    readOnly,
    secretRef: localSecret,
    volumeName: str('The volume name.'),
    volumeNamespace: str('The StorageOS namespace.'),
  }),
  [core('VsphereVirtualDiskVolumeSource')]: struct(
    'A vSphere virtual disk.',
    {
      fsType,
      storagePolicyID: str('The storage policy ID.'),
      storagePolicyName: str('The storage policy name.'),
      volumePath: str('The path of the disk.'),
    },
    ['volumePath'],
  ),
  [core('SecretReference')]: {
    ...struct('A reference to a Secret in any namespace.', {
      name: str('The name of the Secret.'),
      namespace: str('The namespace of the Secret.'),
    }),
    'x-kubernetes-map-type': 'atomic',
  },
  [core('TypedLocalObjectReference')]: {
    ...struct(
      'A reference to an object of a given kind in the same namespace.',
      {
        apiGroup: str('The API group; the core group when empty.'),
        kind: str('The kind.'),
        name: str('The name.'),
      },
      ['kind', 'name'],
    ),
    'x-kubernetes-map-type': 'atomic',
  },
  [core('TypedObjectReference')]: struct(
    'A reference to an object of a given kind.',
    {
      apiGroup: str('The API group; the core group when empty.'),
      kind: str('The kind.'),
      name: str('The name.'),
      namespace: str('The namespace; that of the claim by default.'),
    },
    ['kind', 'name'],
  ),
};
