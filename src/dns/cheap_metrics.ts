/**
 * Counters and histograms for hot paths: a labelled series is resolved once into a child object
 * whose `inc()`/`observe()` is a field update (no label hashing), and the metric renders itself
 * through a prom-client `Registry` like any other (it provides the `get()` the registry reads).
 * Used where prom-client's own `labels().inc()` would cost more than the work it counts.
 */
import type { Metric, Registry } from 'prom-client';

type Labels = Record<string, string>;

interface MetricValue {
  value: number;
  labels: Labels;
  metricName?: string;
}

/** One counter series. */
export class CounterChild {
  value = 0;
  constructor(readonly labels: Labels) {}
  /** Adds `n` (default 1). */
  inc(n = 1): void {
    this.value += n;
  }
}

/** One histogram series. */
export class HistogramChild {
  readonly counts: Float64Array;
  sum = 0;
  count = 0;
  constructor(
    readonly labels: Labels,
    private readonly bounds: readonly number[],
  ) {
    this.counts = new Float64Array(bounds.length);
  }
  /** Records one observation. */
  observe(v: number): void {
    this.sum += v;
    this.count++;
    const b = this.bounds;
    for (let i = 0; i < b.length; i++)
      if (v <= b[i]!) {
        this.counts[i]!++;
        return;
      }
  }
}

abstract class CheapMetric<C> {
  protected readonly children = new Map<string, C>();
  constructor(
    readonly name: string,
    readonly help: string,
    protected readonly labelNames: readonly string[],
    registry: Registry,
  ) {
    registry.registerMetric(this as unknown as Metric);
  }

  protected labelsOf(values: readonly string[]): Labels {
    const labels: Labels = {};
    this.labelNames.forEach((n, i) => (labels[n] = values[i] ?? ''));
    return labels;
  }

  /** The series with these label values (in `labelNames` order), created on first use. */
  child(...values: string[]): C {
    const key = values.join('\u0000');
    let c = this.children.get(key);
    if (!c) this.children.set(key, (c = this.make(this.labelsOf(values))));
    return c;
  }

  protected abstract make(labels: Labels): C;
}

/** A counter (`type counter`). */
export class CheapCounter extends CheapMetric<CounterChild> {
  readonly type = 'counter';
  protected make(labels: Labels): CounterChild {
    return new CounterChild(labels);
  }
  /** What the registry renders. */
  get(): { name: string; help: string; type: string; values: MetricValue[]; aggregator: string } {
    return {
      name: this.name,
      help: this.help,
      type: this.type,
      values: [...this.children.values()].map((c) => ({ value: c.value, labels: c.labels })),
      aggregator: 'sum',
    };
  }
}

/** A histogram (`type histogram`) with fixed bucket bounds. */
export class CheapHistogram extends CheapMetric<HistogramChild> {
  readonly type = 'histogram';
  constructor(
    name: string,
    help: string,
    labelNames: readonly string[],
    private readonly bounds: readonly number[],
    registry: Registry,
  ) {
    super(name, help, labelNames, registry);
  }
  protected make(labels: Labels): HistogramChild {
    return new HistogramChild(labels, this.bounds);
  }
  /** What the registry renders: cumulative `_bucket` series, `_sum` and `_count`. */
  get(): { name: string; help: string; type: string; values: MetricValue[]; aggregator: string } {
    const values: MetricValue[] = [];
    for (const c of this.children.values()) {
      let acc = 0;
      this.bounds.forEach((le, i) => {
        acc += c.counts[i]!;
        values.push({
          metricName: `${this.name}_bucket`,
          labels: { le: String(le), ...c.labels },
          value: acc,
        });
      });
      values.push({ metricName: `${this.name}_bucket`, labels: { le: '+Inf', ...c.labels }, value: c.count });
      values.push({ metricName: `${this.name}_sum`, labels: c.labels, value: c.sum });
      values.push({ metricName: `${this.name}_count`, labels: c.labels, value: c.count });
    }
    return { name: this.name, help: this.help, type: this.type, values, aggregator: 'sum' };
  }
}
