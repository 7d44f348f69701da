/**
 * The text of a scheduling failure, as upstream's `FitError.Error()`:
 * "0/N nodes are available: <PreFilter message>." or the sorted histogram of node reasons
 * ("1 Insufficient cpu, 2 node(s) had untolerated taint {k: v}."), then the PostFilter message.
 */
import type { NodeToStatusMap } from './interfaces.js';

/** The message for `numAllNodes` nodes with `statuses`. */
export function fitErrorMessage(
  numAllNodes: number,
  statuses: NodeToStatusMap,
  preFilterMsg: string,
  postFilterMsg: string,
): string {
  let msg = `0/${numAllNodes} nodes are available:`;
  if (preFilterMsg) msg += ` ${preFilterMsg}.`;
  else {
    const counts = new Map<string, number>();
    for (const s of statuses.values()) for (const r of s.reasons) counts.set(r, (counts.get(r) ?? 0) + 1);
    const parts = [...counts].map(([r, n]) => `${n} ${r}`).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    if (parts.length > 0) msg += ` ${parts.join(', ')}.`;
  }
  if (postFilterMsg) msg += ` ${postFilterMsg}.`;
  return msg;
}
