/**
 * Metrics of the reconcile runtime, registered once per prom-client registry and labelled by
 * controller: reconciles by result, reconcile duration, work queue depth, adds and retries.
 */
import { Counter, Gauge, Histogram, Registry } from 'prom-client';

/** The runtime's metrics in one registry. */
export class ControllerMetrics {
  readonly reconciles: Counter<'controller' | 'result'>;
  readonly reconcileSeconds: Histogram<'controller'>;
  readonly depth: Gauge<'name'>;
  readonly adds: Counter<'name'>;
  readonly retries: Counter<'name'>;

  private static readonly byRegistry = new WeakMap<Registry, ControllerMetrics>();

  /** The metrics of `registry`, created on first use. */
  static for(registry: Registry): ControllerMetrics {
    let m = ControllerMetrics.byRegistry.get(registry);
    if (!m) ControllerMetrics.byRegistry.set(registry, (m = new ControllerMetrics(registry)));
    return m;
  }

  private constructor(registry: Registry) {
    const registers = [registry];
    this.reconciles = new Counter({
      name: 'controller_runtime_reconcile_total',
      help: 'Total number of reconciliations per controller and result (success, error, requeue_after).',
      labelNames: ['controller', 'result'],
      registers,
    });
    this.reconcileSeconds = new Histogram({
      name: 'controller_runtime_reconcile_time_seconds',
      help: 'Length of time per reconciliation per controller.',
      labelNames: ['controller'],
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    this.depth = new Gauge({
      name: 'workqueue_depth',
      help: 'Current depth of workqueue.',
      labelNames: ['name'],
      registers,
    });
    this.adds = new Counter({
      name: 'workqueue_adds_total',
      help: 'Total number of adds handled by workqueue.',
      labelNames: ['name'],
      registers,
    });
    this.retries = new Counter({
      name: 'workqueue_retries_total',
      help: 'Total number of retries handled by workqueue.',
      labelNames: ['name'],
      registers,
    });
  }
}

export { Registry };
