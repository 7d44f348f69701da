/**
 * The scheduler's configuration file, shaped like upstream's `KubeSchedulerConfiguration`
 * (kubescheduler.config.k8s.io/v1, YAML or JSON): profiles by `schedulerName` with plugins
 * enabled/disabled per extension point or `multiPoint`, `pluginConfig` args,
 * `percentageOfNodesToScore`, backoff bounds and leader election. Defaults are upstream's.
 */
import fs from 'node:fs';
import { parse as parseYaml } from 'yaml';

/** A plugin reference in a plugin set. */
export interface PluginRef {
  name: string;
  weight?: number;
}

/** Enabled and disabled plugins of one extension point. */
export interface PluginSet {
  enabled?: PluginRef[];
  disabled?: PluginRef[];
}

/** The extension points a profile configures. */
export const EXTENSION_POINTS = [
  'preEnqueue',
  'queueSort',
  'preFilter',
  'filter',
  'postFilter',
  'preScore',
  'score',
  'reserve',
  'permit',
  'preBind',
  'bind',
  'postBind',
] as const;

/** One extension point's name. */
export type ExtensionPoint = (typeof EXTENSION_POINTS)[number];

/** A profile. */
export interface ProfileConfig {
  schedulerName: string;
  percentageOfNodesToScore?: number;
  plugins?: Partial<Record<ExtensionPoint | 'multiPoint', PluginSet>>;
  pluginConfig?: { name: string; args?: Record<string, unknown> }[];
}

/** The whole configuration, defaults applied. */
export interface SchedulerConfig {
  profiles: ProfileConfig[];
  percentageOfNodesToScore: number;
  podInitialBackoffSeconds: number;
  podMaxBackoffSeconds: number;
  leaderElection: {
    leaderElect: boolean;
    leaseDurationMs: number;
    renewDeadlineMs: number;
    retryPeriodMs: number;
    resourceName: string;
    resourceNamespace: string;
  };
}

/** The default scheduler name. */
export const DEFAULT_SCHEDULER_NAME = 'default-scheduler';

function durationMs(v: unknown, dflt: number, field: string): number {
  if (v === undefined) return dflt;
  if (typeof v === 'number') return v * 1000;
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(String(v));
  if (!m) throw new Error(`${field}: Invalid value: ${JSON.stringify(v)}: not a duration`);
  const n = Number(m[1]);
  return n * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[m[2] as 'ms' | 's' | 'm' | 'h'];
}

/** Applies upstream's defaults and validates; throws an Error naming the bad field. */
export function normalizeConfig(raw: Record<string, unknown> = {}): SchedulerConfig {
  if (raw.kind !== undefined && raw.kind !== 'KubeSchedulerConfiguration')
    throw new Error(`kind: Invalid value: ${JSON.stringify(raw.kind)}: expected KubeSchedulerConfiguration`);
  const profilesRaw = (raw.profiles as ProfileConfig[] | undefined) ?? [];
  const profiles = (profilesRaw.length ? profilesRaw : [{ schedulerName: DEFAULT_SCHEDULER_NAME }]).map(
    (p, i) => {
      const name = p.schedulerName || (i === 0 ? DEFAULT_SCHEDULER_NAME : '');
      if (!name) throw new Error(`profiles[${i}].schedulerName: Required value`);
      const pct = p.percentageOfNodesToScore;
      if (pct !== undefined && (pct < 0 || pct > 100))
        throw new Error(
          `profiles[${i}].percentageOfNodesToScore: Invalid value: ${pct}: not in valid range [0-100]`,
        );
      return { ...p, schedulerName: name };
    },
  );
  const names = new Set<string>();
  profiles.forEach((p, i) => {
    if (names.has(p.schedulerName))
      throw new Error(`profiles[${i}].schedulerName: Duplicate value: "${p.schedulerName}"`);
    names.add(p.schedulerName);
  });
  const pct = (raw.percentageOfNodesToScore as number | undefined) ?? 0;
  if (pct < 0 || pct > 100)
    throw new Error(`percentageOfNodesToScore: Invalid value: ${pct}: not in valid range [0-100]`);
  const initial = (raw.podInitialBackoffSeconds as number | undefined) ?? 1;
  const max = (raw.podMaxBackoffSeconds as number | undefined) ?? 10;
  if (initial <= 0)
    throw new Error(`podInitialBackoffSeconds: Invalid value: ${initial}: must be greater than 0`);
  if (max < initial)
    throw new Error(
      `podMaxBackoffSeconds: Invalid value: ${max}: must be greater than or equal to PodInitialBackoffSeconds`,
    );
  const le = (raw.leaderElection ?? {}) as Record<string, unknown>;
  return {
    profiles,
    percentageOfNodesToScore: pct,
    podInitialBackoffSeconds: initial,
    podMaxBackoffSeconds: max,
    leaderElection: {
      leaderElect: (le.leaderElect as boolean | undefined) ?? true,
      leaseDurationMs: durationMs(le.leaseDuration, 15_000, 'leaderElection.leaseDuration'),
      renewDeadlineMs: durationMs(le.renewDeadline, 10_000, 'leaderElection.renewDeadline'),
      retryPeriodMs: durationMs(le.retryPeriod, 2_000, 'leaderElection.retryPeriod'),
      resourceName: (le.resourceName as string | undefined) ?? 'kube-scheduler',
      resourceNamespace: (le.resourceNamespace as string | undefined) ?? 'kube-system',
    },
  };
}

/** Reads and normalises a configuration file (YAML or JSON). */
export function loadConfigFile(path: string): SchedulerConfig {
  const text = fs.readFileSync(path, 'utf8');
  const raw = parseYaml(text) as Record<string, unknown> | null;
  return normalizeConfig(raw ?? {});
}
