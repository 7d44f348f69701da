/** PodTemplates (`/api/v1/podtemplates`): NAME CONTAINERS IMAGES POD LABELS. */
import { FieldPath } from '../../../api/field_errors.js';
import type { ResourceDef } from '../resource.js';
import { NAME_COLUMN, col, containerCells, formatLabels } from './cells.js';
import { defineResource } from './define.js';
import { ensureRec, rec } from '../../../api/json_fields.js';
import { defaultPodTemplate } from '../../../api/pod_defaults.js';
import { validatePodTemplateSpec } from './pod_spec_validation.js';

/** PodTemplates. */
export function podTemplatesResource(): ResourceDef {
  return defineResource({
    group: '',
    version: 'v1',
    kind: 'PodTemplate',
    plural: 'podtemplates',
    namespaced: true,
    table: {
      columns: [
        NAME_COLUMN,
        col('Containers', 'Names of each container in the template.'),
        col('Images', 'Images referenced by each container in the template.'),
        col('Pod Labels', 'The labels for the pod template.'),
      ],
      printRow(o) {
        const template = rec(o.template);
        const [names, images] = containerCells(rec(template.spec).containers);
        return [o.metadata.name ?? '', names, images, formatLabels(rec(template.metadata).labels)];
      },
    },
    strategy: {
      defaults: (obj) => defaultPodTemplate(ensureRec(obj, 'template')),
      validate: (obj) => validatePodTemplateSpec(obj.template, FieldPath.root('template')),
    },
  });
}
