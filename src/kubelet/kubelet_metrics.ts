/**
 * The kubelet's Prometheus metrics, with upstream's names where upstream has the figure: pod
 * start, pod worker and worker start latency, CRI operation latency, counts and errors by
 * operation, PLEG relist latency and pod status write latency. One kubets-only histogram,
 * `kubelet_pod_start_phase_duration_seconds{phase}`, splits a pod's first start into its phases
 * (see `pod_start_tracker.ts`). Each kubelet has its own registry (hollow nodes run many).
 */
import { Counter, Histogram, Registry } from 'prom-client';

/** Upstream's kubelet latency buckets (metrics.DefBuckets plus the long tail it adds). */
const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30, 45, 60];
/** Upstream's pod start buckets (kubelet_pod_start_duration_seconds). */
const POD_START_BUCKETS = [0.5, 1, 2, 3, 4, 5, 6, 8, 10, 20, 30, 45, 60, 120, 180, 240, 300, 360, 480, 600];
/** Finer buckets for the phases of a start, most of which take milliseconds. */
const PHASE_BUCKETS = [
  0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1, 1.5, 2, 3, 5, 10, 30,
];

/** The metrics of one kubelet. */
export class KubeletMetrics {
  readonly registry = new Registry();
  /** Seen by the kubelet → status computed with the pod Running (upstream's name). */
  readonly podStartDuration: Histogram;
  /** Seen by the kubelet → its first sync starts (upstream's name). */
  readonly podWorkerStartDuration: Histogram;
  /** One sync of a pod, by `operation_type` create | update | sync | kill (upstream's name). */
  readonly podWorkerDuration: Histogram<'operation_type'>;
  /** One CRI call, by `operation_type` (run_podsandbox, create_container, …; upstream's names). */
  readonly runtimeOperationsDuration: Histogram<'operation_type'>;
  readonly runtimeOperations: Counter<'operation_type'>;
  readonly runtimeOperationsErrors: Counter<'operation_type'>;
  /** One relist of the runtime (upstream's name). */
  readonly plegRelistDuration: Histogram;
  /** One pod status write to the API (upstream's name). */
  readonly podStatusSyncDuration: Histogram;
  /** The phases of a pod's first start (kubets only; see pod_start_tracker.ts). */
  readonly podStartPhaseDuration: Histogram<'phase'>;

  constructor() {
    const registers = [this.registry];
    this.podStartDuration = new Histogram({
      name: 'kubelet_pod_start_duration_seconds',
      help: 'Duration in seconds from kubelet seeing a pod for the first time to the pod starting to run',
      buckets: POD_START_BUCKETS,
      registers,
    });
    this.podWorkerStartDuration = new Histogram({
      name: 'kubelet_pod_worker_start_duration_seconds',
      help: 'Duration in seconds from kubelet seeing a pod to starting a worker.',
      buckets: BUCKETS,
      registers,
    });
    this.podWorkerDuration = new Histogram({
      name: 'kubelet_pod_worker_duration_seconds',
      help: 'Duration in seconds to sync a single pod. Broken down by operation type: create, update, or sync',
      labelNames: ['operation_type'],
      buckets: BUCKETS,
      registers,
    });
    this.runtimeOperationsDuration = new Histogram({
      name: 'kubelet_runtime_operations_duration_seconds',
      help: 'Duration in seconds of runtime operations. Broken down by operation type.',
      labelNames: ['operation_type'],
      buckets: BUCKETS,
      registers,
    });
    this.runtimeOperations = new Counter({
      name: 'kubelet_runtime_operations_total',
      help: 'Cumulative number of runtime operations by operation type.',
      labelNames: ['operation_type'],
      registers,
    });
    this.runtimeOperationsErrors = new Counter({
      name: 'kubelet_runtime_operations_errors_total',
      help: 'Cumulative number of runtime operation errors by operation type.',
      labelNames: ['operation_type'],
      registers,
    });
    this.plegRelistDuration = new Histogram({
      name: 'kubelet_pleg_relist_duration_seconds',
      help: 'Duration in seconds for relisting pods in PLEG.',
      buckets: BUCKETS,
      registers,
    });
    this.podStatusSyncDuration = new Histogram({
      name: 'kubelet_pod_status_sync_duration_seconds',
      help: 'Duration in seconds to sync a pod status update. Measures time from detection of a change to pod status until the API is successfully updated for that pod, even if multiple intevening changes to pod status occur.',
      buckets: BUCKETS,
      registers,
    });
    this.podStartPhaseDuration = new Histogram({
      name: 'kubelet_pod_start_phase_duration_seconds',
      help: 'Time a pod spent in each phase of its first start, from the kubelet seeing it to its Running status written (kubets only).',
      labelNames: ['phase'],
      buckets: PHASE_BUCKETS,
      registers,
    });
  }
}
