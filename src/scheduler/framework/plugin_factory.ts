/** How plugins are built from their configured arguments. */
import type { Handle } from './handle.js';
import type { Plugin } from './interfaces.js';

/** Builds a plugin from its `pluginConfig` args (undefined when none were given); throws on bad args. */
export type PluginFactory = (args: Record<string, unknown> | undefined, handle: Handle) => Plugin;
