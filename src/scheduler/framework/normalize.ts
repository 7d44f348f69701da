/** Score normalisation shared by plugins (upstream's `helper.DefaultNormalizeScore`). */
import type { NodeScore } from './interfaces.js';
import { MAX_NODE_SCORE } from './framework.js';

/**
 * Scales scores so the highest becomes `MAX_NODE_SCORE` (integer division, as upstream); with
 * `reverse`, a high raw score becomes a low final one. All-zero scores stay 0 (or all 100 when
 * reversed).
 */
export function defaultNormalizeScore(scores: NodeScore[], reverse: boolean, max = MAX_NODE_SCORE): void {
  let maxCount = 0;
  for (const s of scores) if (s.score > maxCount) maxCount = s.score;
  if (maxCount === 0) {
    if (reverse) for (const s of scores) s.score = max;
    return;
  }
  for (const s of scores) {
    let v = Math.trunc((max * s.score) / maxCount);
    if (reverse) v = max - v;
    s.score = v;
  }
}
