/**
 * Builds a profile's framework from its configuration (upstream's profile/`NewFramework`): the
 * default multiPoint plugins adjusted by the profile's multiPoint set, then per extension point
 * the plugins that implement it, minus its `disabled` (`*` disables all), with its `enabled`
 * first in their order. Each plugin is instantiated once and shared by its extension points.
 */
import type { ClusterEvent } from './events.js';
import { ALL_ACTIONS } from './events.js';
import type { ExtensionPoint, PluginRef, ProfileConfig } from './config.js';
import { EXTENSION_POINTS } from './config.js';
import type { FrameworkPlugins } from './framework.js';
import { Framework } from './framework.js';
import type { Handle } from './handle.js';
import type { EnqueueExtensions, Plugin } from './interfaces.js';
import type { Registry } from './registry.js';
import { DEFAULT_MULTIPOINT } from './registry.js';

const METHOD: Record<ExtensionPoint, string> = {
  preEnqueue: 'preEnqueue',
  queueSort: 'less',
  preFilter: 'preFilter',
  filter: 'filter',
  postFilter: 'postFilter',
  preScore: 'preScore',
  score: 'score',
  reserve: 'reserve',
  permit: 'permit',
  preBind: 'preBind',
  bind: 'bind',
  postBind: 'postBind',
};

function implementsPoint(p: Plugin, point: ExtensionPoint): boolean {
  return typeof (p as unknown as Record<string, unknown>)[METHOD[point]] === 'function';
}

/** The multiPoint list after the profile's multiPoint set. */
function multiPointList(profile: ProfileConfig): PluginRef[] {
  const mp = profile.plugins?.multiPoint;
  const disabled = new Set((mp?.disabled ?? []).map((r) => r.name));
  let list = disabled.has('*')
    ? []
    : DEFAULT_MULTIPOINT.filter((r) => !disabled.has(r.name)).map((r) => ({ ...r }));
  for (const e of mp?.enabled ?? []) {
    const i = list.findIndex((r) => r.name === e.name);
    if (i >= 0) list[i] = { ...list[i], ...e };
    else list = [...list, { ...e }];
  }
  return list;
}

/**
 * Builds the framework of `profile`; throws when a plugin is unknown, its args are invalid, or
 * the profile lacks a QueueSort or Bind plugin.
 */
export function buildFramework(
  profile: ProfileConfig,
  registry: Registry,
  handle: Handle,
  globalPercentage?: number,
): Framework {
  const argsOf = new Map<string, Record<string, unknown> | undefined>();
  for (const pc of profile.pluginConfig ?? []) argsOf.set(pc.name, pc.args);
  const instances = new Map<string, Plugin>();
  const instance = (name: string): Plugin => {
    let p = instances.get(name);
    if (p) return p;
    const factory = registry.get(name);
    if (!factory) throw new Error(`profile "${profile.schedulerName}": plugin "${name}" does not exist`);
    try {
      p = factory(argsOf.get(name), handle);
    } catch (err) {
      throw new Error(
        `profile "${profile.schedulerName}": initializing plugin "${name}": ${(err as Error).message}`,
      );
    }
    instances.set(name, p);
    return p;
  };
  const mp = multiPointList(profile);
  const weights = new Map<string, number>();
  for (const r of mp) if (r.weight) weights.set(r.name, r.weight);
  const lists = {} as Record<ExtensionPoint, Plugin[]>;
  for (const point of EXTENSION_POINTS) {
    const set = profile.plugins?.[point];
    const disabled = new Set((set?.disabled ?? []).map((r) => r.name));
    const enabled = set?.enabled ?? [];
    const enabledNames = new Set(enabled.map((r) => r.name));
    const out: Plugin[] = [];
    for (const r of enabled) {
      const p = instance(r.name);
      if (!implementsPoint(p, point))
        throw new Error(
          `profile "${profile.schedulerName}": plugin "${r.name}" does not extend ${point} plugin`,
        );
      if (point === 'score' && r.weight) weights.set(r.name, r.weight);
      out.push(p);
    }
    if (!disabled.has('*')) {
      for (const r of mp) {
        if (disabled.has(r.name) || enabledNames.has(r.name)) continue;
        const p = instance(r.name);
        if (implementsPoint(p, point)) out.push(p);
      }
    }
    lists[point] = out;
  }
  if (lists.queueSort.length !== 1)
    throw new Error(
      `profile "${profile.schedulerName}": one queueSort plugin required, got ${lists.queueSort.length}`,
    );
  if (lists.bind.length === 0)
    throw new Error(`profile "${profile.schedulerName}": at least one bind plugin is needed`);
  const events = new Map<string, ClusterEvent[]>();
  for (const [name, p] of instances) {
    const ee = p as Partial<EnqueueExtensions>;
    events.set(name, ee.eventsToRegister ? ee.eventsToRegister() : [{ resource: '*', actions: ALL_ACTIONS }]);
  }
  const plugins: FrameworkPlugins = {
    preEnqueue: lists.preEnqueue as FrameworkPlugins['preEnqueue'],
    queueSort: lists.queueSort[0] as FrameworkPlugins['queueSort'],
    preFilter: lists.preFilter as FrameworkPlugins['preFilter'],
    filter: lists.filter as FrameworkPlugins['filter'],
    postFilter: lists.postFilter as FrameworkPlugins['postFilter'],
    preScore: lists.preScore as FrameworkPlugins['preScore'],
    score: (lists.score as FrameworkPlugins['score'][number]['plugin'][]).map((plugin) => ({
      plugin,
      weight: weights.get(plugin.name) ?? 1,
    })),
    reserve: lists.reserve as FrameworkPlugins['reserve'],
    permit: lists.permit as FrameworkPlugins['permit'],
    preBind: lists.preBind as FrameworkPlugins['preBind'],
    bind: lists.bind as FrameworkPlugins['bind'],
    postBind: lists.postBind as FrameworkPlugins['postBind'],
    events,
  };
  return new Framework(
    profile.schedulerName,
    plugins,
    handle,
    profile.percentageOfNodesToScore ?? globalPercentage,
  );
}
