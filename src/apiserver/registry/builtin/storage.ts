/**
 * storage.k8s.io/v1: StorageClasses (`(default)` marker, Delete / Immediate defaults, immutable
 * parameters), CSIDrivers (their many defaults), CSINodes and VolumeAttachments, with upstream's
 * tables.
 */
import type { FieldError } from '../../../api/field_errors.js';
import { FieldPath, forbidden, notSupported, required } from '../../../api/field_errors.js';
import type { KubeObject } from '../../../api/object.js';
import { deepEqual, isPlainObject } from '../../../api/object.js';
import type { ResourceDef } from '../resource.js';
import { AGE_COLUMN, NAME_COLUMN, boolCol, col, intCol, objectAge } from './cells.js';
import { defineResource } from './define.js';
import { arr, rec, recs, setDefault, specOf, str, strs } from '../../../api/json_fields.js';
import { validateImmutable, validateQualifiedName } from './validate.js';

const DEFAULT_CLASS_ANNOTATIONS = [
  'storageclass.kubernetes.io/is-default-class',
  'storageclass.beta.kubernetes.io/is-default-class',
];

/** `storageutil.IsDefaultAnnotation`. */
export function isDefaultStorageClass(o: KubeObject): boolean {
  return DEFAULT_CLASS_ANNOTATIONS.some((a) => o.metadata.annotations?.[a] === 'true');
}

function validateStorageClass(o: KubeObject): FieldError[] {
  const errs: FieldError[] = [];
  const provisioner = str(o.provisioner);
  if (provisioner === '') errs.push(required('provisioner'));
  else errs.push(...validateQualifiedName(provisioner.toLowerCase(), 'provisioner'));
  if (
    o.reclaimPolicy !== undefined &&
    o.reclaimPolicy !== null &&
    !['Delete', 'Retain'].includes(str(o.reclaimPolicy))
  ) {
    errs.push(notSupported('reclaimPolicy', o.reclaimPolicy, ['Delete', 'Retain']));
  }
  if (
    o.volumeBindingMode !== undefined &&
    o.volumeBindingMode !== null &&
    !['Immediate', 'WaitForFirstConsumer'].includes(str(o.volumeBindingMode))
  ) {
    errs.push(notSupported('volumeBindingMode', o.volumeBindingMode, ['Immediate', 'WaitForFirstConsumer']));
  }
  return errs;
}

function validateStorageClassUpdate(o: KubeObject, old: KubeObject): FieldError[] {
  const errs: FieldError[] = [];
  if (!deepEqual(o.parameters ?? {}, old.parameters ?? {}))
    errs.push(forbidden('parameters', 'updates to parameters are forbidden.'));
  if (o.provisioner !== old.provisioner)
    errs.push(forbidden('provisioner', 'updates to provisioner are forbidden.'));
  if (o.reclaimPolicy !== old.reclaimPolicy)
    errs.push(forbidden('reclaimPolicy', 'updates to reclaimPolicy are forbidden.'));
  errs.push(...validateImmutable(o.volumeBindingMode, old.volumeBindingMode, 'volumeBindingMode'));
  return errs;
}

/** StorageClasses. */
export function storageClassesResource(): ResourceDef {
  return defineResource({
    group: 'storage.k8s.io',
    version: 'v1',
    kind: 'StorageClass',
    plural: 'storageclasses',
    namespaced: false,
    shortNames: ['sc'],
    table: {
      columns: [
        NAME_COLUMN,
        col('Provisioner'),
        col('ReclaimPolicy'),
        col('VolumeBindingMode'),
        col('AllowVolumeExpansion'),
        AGE_COLUMN,
      ],
      printRow: (o, now) => [
        `${o.metadata.name ?? ''}${isDefaultStorageClass(o) ? ' (default)' : ''}`,
        str(o.provisioner),
        typeof o.reclaimPolicy === 'string' ? o.reclaimPolicy : 'Delete',
        typeof o.volumeBindingMode === 'string' ? o.volumeBindingMode : 'Immediate',
        o.allowVolumeExpansion === true,
        objectAge(o, now),
      ],
    },
    strategy: {
      defaults(obj) {
        if (!obj.reclaimPolicy) obj.reclaimPolicy = 'Delete';
        if (!obj.volumeBindingMode) obj.volumeBindingMode = 'Immediate';
      },
      validate: validateStorageClass,
      validateUpdate: validateStorageClassUpdate,
    },
  });
}

/** CSIDrivers. */
export function csiDriversResource(): ResourceDef {
  return defineResource({
    group: 'storage.k8s.io',
    version: 'v1',
    kind: 'CSIDriver',
    plural: 'csidrivers',
    namespaced: false,
    tracksGeneration: true,
    table: {
      columns: [
        NAME_COLUMN,
        boolCol('AttachRequired'),
        boolCol('PodInfoOnMount'),
        boolCol('StorageCapacity'),
        col('TokenRequests'),
        boolCol('RequiresRepublish'),
        col('Modes'),
        AGE_COLUMN,
      ],
      printRow(o, now) {
        const spec = rec(o.spec);
        const modes = strs(spec.volumeLifecycleModes).join(',');
        const tokens = Array.isArray(spec.tokenRequests)
          ? recs(spec.tokenRequests)
              .map((t) => str(t.audience))
              .join(',')
          : '<unset>';
        return [
          o.metadata.name ?? '',
          spec.attachRequired !== false,
          spec.podInfoOnMount === true,
          spec.storageCapacity === true,
          tokens,
          spec.requiresRepublish === true,
          modes || '<none>',
          objectAge(o, now),
        ];
      },
    },
    strategy: {
      defaults(obj) {
        const spec = specOf(obj);
        setDefault(spec, 'attachRequired', true);
        setDefault(spec, 'podInfoOnMount', false);
        setDefault(spec, 'storageCapacity', false);
        setDefault(spec, 'fsGroupPolicy', 'ReadWriteOnceWithFSType');
        setDefault(spec, 'requiresRepublish', false);
        if (arr(spec.volumeLifecycleModes).length === 0) spec.volumeLifecycleModes = ['Persistent'];
        setDefault(spec, 'seLinuxMount', false);
      },
      validateUpdate(obj, old) {
        const spec = rec(obj.spec);
        const prev = rec(old.spec);
        const path = FieldPath.root('spec');
        return ['attachRequired', 'podInfoOnMount', 'volumeLifecycleModes', 'fsGroupPolicy'].flatMap((f) =>
          validateImmutable(spec[f], prev[f], path.child(f)),
        );
      },
    },
  });
}

/** CSINodes. */
export function csiNodesResource(): ResourceDef {
  return defineResource({
    group: 'storage.k8s.io',
    version: 'v1',
    kind: 'CSINode',
    plural: 'csinodes',
    namespaced: false,
    table: {
      columns: [
        NAME_COLUMN,
        intCol('Drivers', 'Drivers indicates the number of CSI drivers registered on the node'),
        AGE_COLUMN,
      ],
      printRow: (o, now) => [o.metadata.name ?? '', arr(rec(o.spec).drivers).length, objectAge(o, now)],
    },
  });
}

/** VolumeAttachments. */
export function volumeAttachmentsResource(): ResourceDef {
  return defineResource({
    group: 'storage.k8s.io',
    version: 'v1',
    kind: 'VolumeAttachment',
    plural: 'volumeattachments',
    namespaced: false,
    subresources: ['status'],
    table: {
      columns: [
        NAME_COLUMN,
        { ...col('Attacher'), format: 'name' },
        col('PV'),
        col('Node'),
        boolCol('Attached'),
        AGE_COLUMN,
      ],
      printRow(o, now) {
        const spec = rec(o.spec);
        return [
          o.metadata.name ?? '',
          str(spec.attacher),
          str(rec(spec.source).persistentVolumeName),
          str(spec.nodeName),
          rec(o.status).attached === true,
          objectAge(o, now),
        ];
      },
    },
    strategy: {
      prepareForCreate(obj) {
        obj.status = {};
      },
      validate(obj) {
        const spec = rec(obj.spec);
        const path = FieldPath.root('spec');
        const errs: FieldError[] = [];
        if (str(spec.attacher) === '') errs.push(required(path.child('attacher')));
        if (str(spec.nodeName) === '') errs.push(required(path.child('nodeName')));
        if (!isPlainObject(spec.source)) errs.push(required(path.child('source')));
        return errs;
      },
      validateUpdate: (obj, old) => validateImmutable(obj.spec, old.spec, 'spec'),
    },
  });
}
