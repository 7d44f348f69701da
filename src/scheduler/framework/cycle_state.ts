/**
 * Data shared between the extension points of one scheduling cycle of one pod, as upstream's
 * `framework.CycleState`: PreFilter writes, Filter/Score read. Keys are plugin-chosen strings.
 */

/** Per-cycle key/value store; `clone` copies the map (values that change must be cloned by `cloneValue`). */
export class CycleState {
  private readonly data = new Map<string, unknown>();
  /** Plugins whose PreFilter returned Skip (their Filter is not run). */
  readonly skipFilterPlugins = new Set<string>();
  /** Plugins whose PreScore returned Skip (their Score is not run). */
  readonly skipScorePlugins = new Set<string>();
  /** The Filter plugins to run this cycle (set after PreFilter; opaque to this module). */
  activeFilters: unknown[] | undefined;

  /** Reads a value written by a plugin in this cycle. */
  read<T>(key: string): T | undefined {
    return this.data.get(key) as T | undefined;
  }

  /** Writes a value for later extension points of this cycle. */
  write(key: string, value: unknown): void {
    this.data.set(key, value);
  }

  /**
   * A copy for a what-if evaluation (preemption, nominated pods): values with a `clone()` method
   * are cloned, others shared.
   */
  clone(): CycleState {
    const c = new CycleState();
    for (const [k, v] of this.data) {
      const cl = (v as { clone?: () => unknown } | undefined)?.clone;
      c.data.set(k, typeof cl === 'function' ? cl.call(v) : v);
    }
    for (const p of this.skipFilterPlugins) c.skipFilterPlugins.add(p);
    for (const p of this.skipScorePlugins) c.skipScorePlugins.add(p);
    c.activeFilters = this.activeFilters;
    return c;
  }
}
