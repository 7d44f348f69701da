/**
 * autoscaling/v1 and autoscaling/v2 definitions: HorizontalPodAutoscaler in both versions.
 */
import type { Definitions } from './dsl.js';
import {
  atomic,
  enumOf,
  int32,
  int64,
  kind,
  listOf,
  mapKeys,
  META,
  patch,
  quantity,
  ref,
  str,
  struct,
  time,
} from './dsl.js';

const v1 = (name: string) => `io.k8s.api.autoscaling.v1.${name}`;
const v2 = (name: string) => `io.k8s.api.autoscaling.v2.${name}`;
const gvk = (version: string) => ({ group: 'autoscaling', version, kind: 'HorizontalPodAutoscaler' });
const targetRef = (name: string) => ({
  ...struct(
    `A reference to the ${name} scaled, in any API version.`,
    {
      apiVersion: str('The API version of the referent.'),
      kind: str('The kind of the referent.'),
      name: str('The name of the referent.'),
    },
    ['kind', 'name'],
  ),
  'x-kubernetes-map-type': 'atomic',
});
const metric = (what: string) => ref(v2('MetricIdentifier'), `The ${what} metric.`);
const target = ref(v2('MetricTarget'), 'The target value.');
const current = ref(v2('MetricValueStatus'), 'The current value.');

/** The autoscaling/v1 and autoscaling/v2 definitions. */
export const AUTOSCALING: Definitions = {
  [v1('HorizontalPodAutoscaler')]: kind(gvk('v1'), 'Scales a workload by its CPU use.', {
    spec: ref(v1('HorizontalPodAutoscalerSpec'), 'The desired behaviour.'),
    status: ref(v1('HorizontalPodAutoscalerStatus'), 'The observed state.'),
  }),
  [v1('HorizontalPodAutoscalerSpec')]: struct(
    'The desired behaviour of an autoscaler.',
    {
      maxReplicas: int32('The most replicas.'),
      minReplicas: int32('The least replicas; 1 by default.'),
      scaleTargetRef: ref(v1('CrossVersionObjectReference'), 'The workload scaled.'),
      targetCPUUtilizationPercentage: int32('The average CPU use aimed at, percent of requests.'),
    },
    ['scaleTargetRef', 'maxReplicas'],
  ),
  [v1('CrossVersionObjectReference')]: targetRef('object'),
  [v1('Scale')]: kind(
    { group: 'autoscaling', version: 'v1', kind: 'Scale' },
    'The replicas of an object with a scale subresource.',
    {
      spec: ref(v1('ScaleSpec'), 'The replicas wanted.'),
      status: ref(v1('ScaleStatus'), 'The replicas observed.'),
    },
  ),
  [v1('ScaleSpec')]: struct('The replicas wanted.', { replicas: int32('The number of replicas.') }),
  [v1('ScaleStatus')]: struct(
    'The replicas observed.',
    {
      replicas: int32('The number of replicas.'),
      selector: str('The label selector of the pods, in its string form.'),
    },
    ['replicas'],
  ),
  [v1('HorizontalPodAutoscalerStatus')]: struct(
    'The observed state of an autoscaler.',
    {
      currentCPUUtilizationPercentage: int32('The average CPU use now, percent of requests.'),
      currentReplicas: int32('Replicas now.'),
      desiredReplicas: int32('Replicas wanted.'),
      lastScaleTime: time('When it last scaled.'),
      observedGeneration: int64('The generation last acted on.'),
    },
    ['currentReplicas', 'desiredReplicas'],
  ),
  [v2('HorizontalPodAutoscaler')]: kind(gvk('v2'), 'Scales a workload by metrics.', {
    spec: ref(v2('HorizontalPodAutoscalerSpec'), 'The desired behaviour.'),
    status: ref(v2('HorizontalPodAutoscalerStatus'), 'The observed state.'),
  }),
  [v2('HorizontalPodAutoscalerSpec')]: struct(
    'The desired behaviour of an autoscaler.',
    {
      behavior: ref(v2('HorizontalPodAutoscalerBehavior'), 'How fast it scales up and down.'),
      maxReplicas: int32('The most replicas.'),
      metrics: listOf(v2('MetricSpec'), 'The metrics it scales by.', atomic),
      minReplicas: int32('The least replicas; 1 by default.'),
      scaleTargetRef: ref(v2('CrossVersionObjectReference'), 'The workload scaled.'),
    },
    ['scaleTargetRef', 'maxReplicas'],
  ),
  [v2('CrossVersionObjectReference')]: targetRef('object'),
  [v2('HorizontalPodAutoscalerBehavior')]: struct('How fast an autoscaler scales.', {
    scaleDown: ref(v2('HPAScalingRules'), 'Rules for scaling down.'),
    scaleUp: ref(v2('HPAScalingRules'), 'Rules for scaling up.'),
  }),
  [v2('HPAScalingRules')]: struct('Rules for scaling in one direction.', {
    policies: listOf(v2('HPAScalingPolicy'), 'Limits on the change per period.', atomic),
    selectPolicy: enumOf(['Disabled', 'Max', 'Min'], 'Which policy applies.'),
    stabilizationWindowSeconds: int32('Seconds of past recommendations considered.'),
    tolerance: quantity('The relative change ignored.'),
  }),
  [v2('HPAScalingPolicy')]: struct(
    'A limit on the change per period.',
    {
      periodSeconds: int32('The period.'),
      type: str('Pods or Percent.'),
      value: int32('The most change in the period.'),
    },
    ['type', 'value', 'periodSeconds'],
  ),
  [v2('MetricSpec')]: struct(
    'A metric to scale by; type says which field is set.',
    {
      containerResource: ref(v2('ContainerResourceMetricSource'), 'A resource of one container of the pods.'),
      external: ref(v2('ExternalMetricSource'), 'A metric from outside the cluster.'),
      object: ref(v2('ObjectMetricSource'), 'A metric of one object.'),
      pods: ref(v2('PodsMetricSource'), 'A metric averaged over the pods.'),
      resource: ref(v2('ResourceMetricSource'), 'A resource of the pods.'),
      type: str('ContainerResource, External, Object, Pods or Resource.'),
    },
    ['type'],
  ),
  [v2('ContainerResourceMetricSource')]: struct(
    'A resource of one container of the pods.',
    { container: str('The container.'), name: str('The resource.'), target },
    ['name', 'target', 'container'],
  ),
  [v2('ExternalMetricSource')]: struct(
    'A metric from outside the cluster.',
    { metric: metric('external'), target },
    ['metric', 'target'],
  ),
  [v2('ObjectMetricSource')]: struct(
    'A metric of one object.',
    {
      describedObject: ref(v2('CrossVersionObjectReference'), 'The object.'),
      metric: metric('object'),
      target,
    },
    ['describedObject', 'target', 'metric'],
  ),
  [v2('PodsMetricSource')]: struct('A metric averaged over the pods.', { metric: metric('pods'), target }, [
    'metric',
    'target',
  ]),
  [v2('ResourceMetricSource')]: struct('A resource of the pods.', { name: str('The resource.'), target }, [
    'name',
    'target',
  ]),
  [v2('MetricIdentifier')]: struct(
    'A metric by name and labels.',
    {
      name: str('The name.'),
      selector: ref(`${META}.LabelSelector`, 'Labels narrowing the series.'),
    },
    ['name'],
  ),
  [v2('MetricTarget')]: struct(
    'The value a metric aims at.',
    {
      averageUtilization: int32('Average use, percent of requests.'),
      averageValue: quantity('Average value over the pods.'),
      type: str('Utilization, Value or AverageValue.'),
      value: quantity('The value.'),
    },
    ['type'],
  ),
  [v2('HorizontalPodAutoscalerStatus')]: struct(
    'The observed state of an autoscaler.',
    {
      conditions: listOf(
        v2('HorizontalPodAutoscalerCondition'),
        'The current conditions.',
        patch('type'),
        mapKeys('type'),
      ),
      currentMetrics: listOf(v2('MetricStatus'), 'The metrics last read.', atomic),
      currentReplicas: int32('Replicas now.'),
      desiredReplicas: int32('Replicas wanted.'),
      lastScaleTime: time('When it last scaled.'),
      observedGeneration: int64('The generation last acted on.'),
    },
    ['desiredReplicas'],
  ),
  [v2('HorizontalPodAutoscalerCondition')]: struct(
    'One condition of an autoscaler.',
    {
      lastTransitionTime: time('When the condition last changed status.'),
      message: str('Details of the last transition.'),
      reason: str('Why the condition last changed.'),
      status: str('True, False or Unknown.'),
      type: str('AbleToScale, ScalingActive or ScalingLimited.'),
    },
    ['type', 'status'],
  ),
  [v2('MetricStatus')]: struct(
    'The last reading of a metric; type says which field is set.',
    {
      containerResource: ref(v2('ContainerResourceMetricStatus'), 'A resource of one container.'),
      external: ref(v2('ExternalMetricStatus'), 'An external metric.'),
      object: ref(v2('ObjectMetricStatus'), 'A metric of one object.'),
      pods: ref(v2('PodsMetricStatus'), 'A metric averaged over the pods.'),
      resource: ref(v2('ResourceMetricStatus'), 'A resource of the pods.'),
      type: str('ContainerResource, External, Object, Pods or Resource.'),
    },
    ['type'],
  ),
  [v2('ContainerResourceMetricStatus')]: struct(
    'The reading of a resource of one container.',
    { container: str('The container.'), current, name: str('The resource.') },
    ['name', 'current', 'container'],
  ),
  [v2('ExternalMetricStatus')]: struct(
    'The reading of an external metric.',
    { current, metric: metric('external') },
    ['metric', 'current'],
  ),
  [v2('ObjectMetricStatus')]: struct(
    'The reading of a metric of one object.',
    {
      current,
      describedObject: ref(v2('CrossVersionObjectReference'), 'The object.'),
      metric: metric('object'),
    },
    ['metric', 'current', 'describedObject'],
  ),
  [v2('PodsMetricStatus')]: struct(
    'The reading of a metric averaged over the pods.',
    { current, metric: metric('pods') },
    ['metric', 'current'],
  ),
  [v2('ResourceMetricStatus')]: struct(
    'The reading of a resource of the pods.',
    { current, name: str('The resource.') },
    ['name', 'current'],
  ),
  [v2('MetricValueStatus')]: struct('The current value of a metric.', {
    averageUtilization: int32('Average use, percent of requests.'),
    averageValue: quantity('Average value over the pods.'),
    value: quantity('The value.'),
  }),
};
