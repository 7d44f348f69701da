/**
 * policy/v1 definitions: PodDisruptionBudget, and Eviction (the body of pods/eviction).
 */
import type { Definitions } from './dsl.js';
import {
  enumOf,
  int32,
  int64,
  intOrString,
  kind,
  listOf,
  mapKeys,
  mapOf,
  META,
  patch,
  ref,
  struct,
  TIME,
  to,
} from './dsl.js';

const policy = (name: string) => `io.k8s.api.policy.v1.${name}`;

/** The policy/v1 definitions. */
export const POLICY_V1: Definitions = {
  [policy('Eviction')]: kind(
    { group: 'policy', version: 'v1', kind: 'Eviction' },
    'Asks to delete a pod within its disruption budgets (the pods/eviction subresource).',
    { deleteOptions: ref(`${META}.DeleteOptions`, 'How the pod is deleted.') },
  ),
  [policy('PodDisruptionBudget')]: kind(
    { group: 'policy', version: 'v1', kind: 'PodDisruptionBudget' },
    'Limits how many pods of a set voluntary disruptions may take down.',
    {
      spec: ref(policy('PodDisruptionBudgetSpec'), 'The budget.'),
      status: ref(policy('PodDisruptionBudgetStatus'), 'The observed state.'),
    },
  ),
  [policy('PodDisruptionBudgetSpec')]: struct('A disruption budget.', {
    maxUnavailable: intOrString('Pods that may be unavailable after an eviction.'),
    minAvailable: intOrString('Pods that must stay available after an eviction.'),
    selector: {
      ...ref(`${META}.LabelSelector`, 'The pods the budget covers.'),
      'x-kubernetes-patch-strategy': 'replace',
    },
    unhealthyPodEvictionPolicy: enumOf(
      ['AlwaysAllow', 'IfHealthyBudget'],
      'Whether unhealthy pods may be evicted regardless of the budget.',
    ),
  }),
  [policy('PodDisruptionBudgetStatus')]: struct(
    'The observed state of a disruption budget.',
    {
      conditions: listOf(`${META}.Condition`, 'The current conditions.', patch('type'), mapKeys('type')),
      currentHealthy: int32('Healthy pods now.'),
      desiredHealthy: int32('Healthy pods needed.'),
      disruptedPods: mapOf(to(TIME), 'Pods being evicted, with when the eviction was allowed.'),
      disruptionsAllowed: int32('Disruptions allowed now.'),
      expectedPods: int32('Pods the budget counts.'),
      observedGeneration: int64('The generation last acted on.'),
    },
    ['disruptionsAllowed', 'currentHealthy', 'desiredHealthy', 'expectedPods'],
  ),
};
