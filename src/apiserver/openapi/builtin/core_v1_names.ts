/** How core/v1 definitions and kinds are named. */

/** The definition name of a core/v1 type (`io.k8s.api.core.v1.Pod`). */
export const core = (name: string): string => `io.k8s.api.core.v1.${name}`;

/** The group, version and kind of a core/v1 kind. */
export const v1 = (kind: string) => ({ group: '', version: 'v1', kind });
