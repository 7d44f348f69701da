/**
 * CustomResourceDefinitions used by the CRD tests: a namespaced `Widget` (example.com) with a
 * schema exercising validation and defaults, status and scale subresources and printer columns,
 * served at v1 (storage) and v1beta1.
 */

/** The Widget CRD, with `extra` merged into its spec. */
export function widgetCrd(extra: Record<string, unknown> = {}): Record<string, unknown> {
  const schema = {
    type: 'object',
    properties: {
      spec: {
        type: 'object',
        required: ['size'],
        properties: {
          size: { type: 'string', enum: ['small', 'large'] },
          replicas: { type: 'integer', minimum: 0, maximum: 10, default: 1 },
          color: { type: 'string', default: 'blue' },
          selector: { type: 'string' },
          port: { 'x-kubernetes-int-or-string': true },
          config: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
        },
      },
      status: {
        type: 'object',
        properties: {
          replicas: { type: 'integer' },
          phase: { type: 'string' },
          selector: { type: 'string' },
        },
      },
    },
  };
  const subresources = {
    status: {},
    scale: {
      specReplicasPath: '.spec.replicas',
      statusReplicasPath: '.status.replicas',
      labelSelectorPath: '.status.selector',
    },
  };
  const additionalPrinterColumns = [
    { name: 'Size', type: 'string', jsonPath: '.spec.size' },
    { name: 'Replicas', type: 'integer', jsonPath: '.spec.replicas' },
    { name: 'Phase', type: 'string', jsonPath: '.status.phase', priority: 1 },
    { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' },
  ];
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'widgets.example.com' },
    spec: {
      group: 'example.com',
      scope: 'Namespaced',
      names: {
        plural: 'widgets',
        singular: 'widget',
        kind: 'Widget',
        shortNames: ['wd'],
        categories: ['all', 'gadgets'],
      },
      versions: [
        {
          name: 'v1',
          served: true,
          storage: true,
          schema: { openAPIV3Schema: schema },
          subresources,
          additionalPrinterColumns,
        },
        { name: 'v1beta1', served: true, storage: false, schema: { openAPIV3Schema: schema }, subresources },
      ],
      ...extra,
    },
  };
}
