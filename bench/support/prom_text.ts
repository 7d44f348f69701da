/**
 * Reading Prometheus text exposition in benchmarks: samples by series, the difference of two
 * scrapes (what happened in between), and a histogram's count, mean and bucket quantiles.
 */

/** Samples by series: `name{labels}` exactly as exposed → value. */
export type Samples = Map<string, number>;

/** Parses the text format (comments skipped; labels kept as written). */
export function parseSamples(text: string): Samples {
  const out: Samples = new Map();
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const cut = line.lastIndexOf(' ');
    if (cut < 0) continue;
    const value = Number(line.slice(cut + 1));
    if (Number.isFinite(value) || line.endsWith('+Inf')) out.set(line.slice(0, cut), value);
  }
  return out;
}

/** `after − before`, series by series (series new in `after` count from 0). */
export function diffSamples(after: Samples, before: Samples): Samples {
  const out: Samples = new Map();
  for (const [k, v] of after) out.set(k, v - (before.get(k) ?? 0));
  return out;
}

/** A histogram series: its count, mean and quantiles (upper bound of the bucket they fall in). */
export interface HistogramFigures {
  count: number;
  mean: number;
  p50: number;
  p99: number;
}

/** The figures of histogram `name` with the label `label="value"` (or no labels) in `s`. */
export function histogram(s: Samples, name: string, label?: [string, string]): HistogramFigures {
  const sel = label ? `${label[0]}="${label[1]}"` : '';
  const count = s.get(label ? `${name}_count{${sel}}` : `${name}_count`) ?? 0;
  const sum = s.get(label ? `${name}_sum{${sel}}` : `${name}_sum`) ?? 0;
  const buckets: [number, number][] = [];
  const prefix = `${name}_bucket{`;
  for (const [k, v] of s) {
    if (!k.startsWith(prefix)) continue;
    if (label && !k.includes(sel)) continue;
    const le = /le="([^"]+)"/.exec(k)?.[1];
    if (le !== undefined) buckets.push([le === '+Inf' ? Infinity : Number(le), v]);
  }
  buckets.sort((a, b) => a[0] - b[0]);
  const q = (p: number) => buckets.find(([, c]) => c >= (p / 100) * count && count > 0)?.[0] ?? NaN;
  return { count, mean: count > 0 ? sum / count : NaN, p50: q(50), p99: q(99) };
}

/** The values of `label` that series of `name` carry in `s`. */
export function labelValues(s: Samples, name: string, label: string): string[] {
  const re = new RegExp(`${label}="([^"]+)"`);
  const out = new Set<string>();
  for (const k of s.keys()) {
    if (!k.startsWith(`${name}_count{`)) continue;
    const m = re.exec(k);
    if (m) out.add(m[1]!);
  }
  return [...out].sort();
}
