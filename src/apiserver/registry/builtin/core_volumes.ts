/**
 * PersistentVolumes and PersistentVolumeClaims: upstream's tables (CAPACITY, ACCESS MODES as
 * `RWO,ROX,RWX,RWOP`, STORAGECLASS, …), defaults (phase `Pending`, reclaim `Retain`, volume mode
 * `Filesystem`) and the validation users meet (access modes, capacity, requests, immutability).
 */
import type { FieldError } from '../../../api/field_errors.js';
import { FieldPath, forbidden, invalid, notSupported, required } from '../../../api/field_errors.js';
import type { MetaLabelSelector } from '../../../api/label_selector.js';
import { validateLabelSelector } from '../../../api/label_selector.js';
import { nameIsDNSSubdomain } from '../../../api/name_validation.js';
import type { KubeObject } from '../../../api/object.js';
import { deepEqual, isPlainObject, nowTimestamp } from '../../../api/object.js';
import type { PrinterColumn, ResourceDef } from '../resource.js';
import { AGE_COLUMN, NAME_COLUMN, col, objectAge } from './cells.js';
import { defineResource } from './define.js';
import { rec, setDefault, specOf, str, strs } from '../../../api/json_fields.js';
import { parseQuantityValue, quantityText, validateNameWith } from './validate.js';

const ACCESS_MODES = ['ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOncePod'];
const VOLUME_MODES = ['Block', 'Filesystem'];
const RECLAIM_POLICIES = ['Delete', 'Recycle', 'Retain'];
const BETA_STORAGE_CLASS_ANNOTATION = 'volume.beta.kubernetes.io/storage-class';
const PV_SOURCES = [
  'gcePersistentDisk',
  'awsElasticBlockStore',
  'hostPath',
  'glusterfs',
  'nfs',
  'rbd',
  'iscsi',
  'cinder',
  'cephfs',
  'fc',
  'flocker',
  'flexVolume',
  'azureFile',
  'vsphereVolume',
  'quobyte',
  'azureDisk',
  'photonPersistentDisk',
  'portworxVolume',
  'scaleIO',
  'local',
  'storageos',
  'csi',
];

/** `helper.GetAccessModesAsString`: `RWO,ROX,RWX,RWOP` in that order, without repeats. */
export function accessModesString(modes: unknown): string {
  const list = strs(modes);
  const out: string[] = [];
  if (list.includes('ReadWriteOnce')) out.push('RWO');
  if (list.includes('ReadOnlyMany')) out.push('ROX');
  if (list.includes('ReadWriteMany')) out.push('RWX');
  if (list.includes('ReadWriteOncePod')) out.push('RWOP');
  return out.join(',');
}

function storageClassOf(o: KubeObject): string {
  const annotation = o.metadata.annotations?.[BETA_STORAGE_CLASS_ANNOTATION];
  return annotation ?? str(rec(o.spec).storageClassName);
}

const phaseOrTerminating = (o: KubeObject) =>
  o.metadata.deletionTimestamp ? 'Terminating' : str(rec(o.status).phase);

const PV_COLUMNS: PrinterColumn[] = [
  NAME_COLUMN,
  col('Capacity'),
  col('Access Modes'),
  col('Reclaim Policy'),
  col('Status'),
  col('Claim'),
  col('StorageClass', 'StorageClass of the pv'),
  col('VolumeAttributesClass', 'VolumeAttributesClass of the pv'),
  col('Reason'),
  AGE_COLUMN,
  col('VolumeMode', undefined, true),
];

/** One row of the persistent-volume table. */
export function printPersistentVolume(o: KubeObject, now: Date): unknown[] {
  const spec = rec(o.spec);
  const claim = isPlainObject(spec.claimRef)
    ? `${str(spec.claimRef.namespace)}/${str(spec.claimRef.name)}`
    : '';
  const storage = rec(spec.capacity).storage;
  return [
    o.metadata.name ?? '',
    storage === undefined ? '0' : quantityText(storage),
    accessModesString(spec.accessModes),
    str(spec.persistentVolumeReclaimPolicy),
    phaseOrTerminating(o),
    claim,
    storageClassOf(o),
    typeof spec.volumeAttributesClassName === 'string' ? spec.volumeAttributesClassName : '<unset>',
    str(rec(o.status).reason),
    objectAge(o, now),
    typeof spec.volumeMode === 'string' ? spec.volumeMode : '<unset>',
  ];
}

const PVC_COLUMNS: PrinterColumn[] = [
  NAME_COLUMN,
  col('Status'),
  col('Volume'),
  col('Capacity'),
  col('Access Modes'),
  col('StorageClass', 'StorageClass of the pvc'),
  col('VolumeAttributesClass', 'VolumeAttributesClass of the pvc'),
  AGE_COLUMN,
  col('VolumeMode', undefined, true),
];

/** One row of the persistent-volume-claim table. */
export function printPersistentVolumeClaim(o: KubeObject, now: Date): unknown[] {
  const spec = rec(o.spec);
  const status = rec(o.status);
  const bound = str(spec.volumeName) !== '';
  const storage = rec(status.capacity).storage;
  return [
    o.metadata.name ?? '',
    phaseOrTerminating(o),
    str(spec.volumeName),
    bound ? (storage === undefined ? '0' : quantityText(storage)) : '',
    bound ? accessModesString(status.accessModes) : '',
    storageClassOf(o),
    typeof spec.volumeAttributesClassName === 'string' ? spec.volumeAttributesClassName : '<unset>',
    objectAge(o, now),
    typeof spec.volumeMode === 'string' ? spec.volumeMode : '<unset>',
  ];
}

function validateAccessModes(spec: Record<string, unknown>, path: FieldPath, detail: string): FieldError[] {
  const modes = strs(spec.accessModes);
  const errs: FieldError[] = [];
  if (modes.length === 0) errs.push(required(path, detail));
  for (const m of modes) if (!ACCESS_MODES.includes(m)) errs.push(notSupported(path, m, ACCESS_MODES));
  if (modes.includes('ReadWriteOncePod') && modes.some((m) => m !== 'ReadWriteOncePod')) {
    errs.push(forbidden(path, 'may not use ReadWriteOncePod with other access modes'));
  }
  return errs;
}

function positiveQuantity(v: unknown, path: FieldPath): FieldError[] {
  const q = parseQuantityValue(v);
  if (!q) return [invalid(path, v ?? null, 'must be a valid resource quantity')];
  return q.sign() <= 0 ? [invalid(path, q.toString(), 'must be greater than zero')] : [];
}

/** `ValidatePersistentVolumeSpec` (the parts users meet). */
export function validatePersistentVolume(o: KubeObject): FieldError[] {
  const spec = rec(o.spec);
  const path = FieldPath.root('spec');
  const errs = validateAccessModes(spec, path.child('accessModes'), '');
  const capacity = rec(spec.capacity);
  if (Object.keys(capacity).length === 0) errs.push(required(path.child('capacity')));
  if (!('storage' in capacity) || Object.keys(capacity).length > 1) {
    errs.push(notSupported(path.child('capacity'), capacity, ['storage']));
  }
  for (const [k, v] of Object.entries(capacity))
    errs.push(...positiveQuantity(v, path.child('capacity').key(k)));
  if (str(spec.storageClassName) !== '') {
    errs.push(
      ...validateNameWith(nameIsDNSSubdomain, str(spec.storageClassName), path.child('storageClassName')),
    );
  }
  if (
    spec.volumeMode !== undefined &&
    spec.volumeMode !== null &&
    !VOLUME_MODES.includes(str(spec.volumeMode))
  ) {
    errs.push(notSupported(path.child('volumeMode'), spec.volumeMode, VOLUME_MODES));
  }
  const policy = str(spec.persistentVolumeReclaimPolicy);
  if (policy !== '' && !RECLAIM_POLICIES.includes(policy)) {
    errs.push(notSupported(path.child('persistentVolumeReclaimPolicy'), policy, RECLAIM_POLICIES));
  }
  let sources = 0;
  for (const key of PV_SOURCES) {
    if (spec[key] === undefined || spec[key] === null) continue;
    if (sources > 0) errs.push(forbidden(path.child(key), 'may not specify more than 1 volume type'));
    sources++;
  }
  if (sources === 0) errs.push(required(path, 'must specify a volume type'));
  return errs;
}

/** `ValidatePersistentVolumeClaimSpec`. */
export function validatePersistentVolumeClaim(o: KubeObject): FieldError[] {
  const spec = rec(o.spec);
  const path = FieldPath.root('spec');
  const errs = validateAccessModes(spec, path.child('accessModes'), 'at least 1 access mode is required');
  if (isPlainObject(spec.selector))
    errs.push(...validateLabelSelector(spec.selector as MetaLabelSelector, path.child('selector')));
  const requests = rec(rec(spec.resources).requests);
  const storagePath = path.child('resources').key('storage');
  if (!('storage' in requests)) errs.push(required(storagePath));
  else errs.push(...positiveQuantity(requests.storage, storagePath));
  if (str(spec.storageClassName) !== '') {
    errs.push(
      ...validateNameWith(nameIsDNSSubdomain, str(spec.storageClassName), path.child('storageClassName')),
    );
  }
  if (
    spec.volumeMode !== undefined &&
    spec.volumeMode !== null &&
    !VOLUME_MODES.includes(str(spec.volumeMode))
  ) {
    errs.push(notSupported(path.child('volumeMode'), spec.volumeMode, VOLUME_MODES));
  }
  return errs;
}

/** `ValidatePersistentVolumeClaimUpdate`: only requests (growing) and a first `volumeName` change. */
export function validatePersistentVolumeClaimUpdate(o: KubeObject, old: KubeObject): FieldError[] {
  const spec = structuredClone(rec(o.spec));
  const oldSpec = structuredClone(rec(old.spec));
  const errs: FieldError[] = [];
  if (str(oldSpec.volumeName) === '') oldSpec.volumeName = spec.volumeName;
  const storage = (s: Record<string, unknown>) => rec(rec(s.resources).requests).storage;
  const newSize = parseQuantityValue(storage(spec));
  const oldSize = parseQuantityValue(storage(oldSpec));
  if (rec(o.status).phase === 'Bound' && isPlainObject(rec(spec.resources).requests)) {
    rec(rec(spec.resources).requests).storage = storage(oldSpec);
  }
  delete spec.volumeAttributesClassName;
  delete oldSpec.volumeAttributesClassName;
  if (!deepEqual(spec, oldSpec)) {
    errs.push(
      forbidden(
        'spec',
        'spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims',
      ),
    );
  }
  if (newSize && oldSize && newSize.cmp(oldSize) < 0) {
    errs.push(
      forbidden(
        FieldPath.root('spec', 'resources', 'requests', 'storage'),
        'field can not be less than previous value',
      ),
    );
  }
  return errs;
}

/** PersistentVolumes. */
export function persistentVolumesResource(): ResourceDef {
  return defineResource({
    group: '',
    version: 'v1',
    kind: 'PersistentVolume',
    plural: 'persistentvolumes',
    namespaced: false,
    shortNames: ['pv'],
    subresources: ['status'],
    allowCreateOnUpdate: true,
    returnDeletedObject: true,
    table: { columns: PV_COLUMNS, printRow: printPersistentVolume },
    strategy: {
      defaults(obj) {
        const spec = specOf(obj);
        if (!spec.persistentVolumeReclaimPolicy) spec.persistentVolumeReclaimPolicy = 'Retain';
        setDefault(spec, 'volumeMode', 'Filesystem');
        const status = rec(obj.status);
        if (!status.phase) obj.status = { ...status, phase: 'Pending' };
      },
      prepareForCreate(obj) {
        obj.status = { phase: 'Pending', lastPhaseTransitionTime: nowTimestamp() };
      },
      prepareForStatusUpdate(obj, old) {
        const status = rec(obj.status);
        const oldStatus = rec(old.status);
        if (
          status.phase !== oldStatus.phase &&
          status.lastPhaseTransitionTime === oldStatus.lastPhaseTransitionTime
        ) {
          obj.status = { ...status, lastPhaseTransitionTime: nowTimestamp() };
        }
      },
      validate: validatePersistentVolume,
    },
  });
}

/** PersistentVolumeClaims. */
export function persistentVolumeClaimsResource(): ResourceDef {
  return defineResource({
    group: '',
    version: 'v1',
    kind: 'PersistentVolumeClaim',
    plural: 'persistentvolumeclaims',
    namespaced: true,
    shortNames: ['pvc'],
    subresources: ['status'],
    returnDeletedObject: true,
    table: { columns: PVC_COLUMNS, printRow: printPersistentVolumeClaim },
    strategy: {
      defaults(obj) {
        setDefault(specOf(obj), 'volumeMode', 'Filesystem');
        const status = rec(obj.status);
        if (!status.phase) obj.status = { ...status, phase: 'Pending' };
      },
      prepareForCreate(obj) {
        obj.status = {};
      },
      validate: validatePersistentVolumeClaim,
      validateUpdate: validatePersistentVolumeClaimUpdate,
    },
  });
}
