/**
 * `metav1.Time` and `metav1.MicroTime` from their protobuf form (`{seconds, nanos}` since the Unix
 * epoch) to their JSON form: RFC 3339 in UTC, to the second for Time (`2026-01-02T03:04:05Z`) and
 * to the microsecond for MicroTime (`2026-01-02T03:04:05.123456Z`); the zero time is JSON `null`.
 */
import { KubernetesProtobufError } from './kubernetes_protobuf_error.js';

/** A protobuf Timestamp as decoded; null when the message was empty (Go's zero time). */
export type ProtoTimestamp = { seconds: number; nanos: number } | null;

/** Seconds of Go's zero `time.Time` (January 1, year 1, UTC) since the Unix epoch. */
const GO_ZERO_SECONDS = -62135596800;
/** January 1 of year 0 and of year 10000: Go's JSON encoding only takes years in [0, 9999]. */
const MIN_SECONDS = -62167219200;
const END_SECONDS = 253402300800;

/** `metav1.Time` JSON: seconds precision, or null for the zero time. */
export function formatTime(ts: ProtoTimestamp): string | null {
  const t = normalize(ts);
  if (!t) return null;
  return `${isoSeconds(t.seconds)}Z`;
}

/** `metav1.MicroTime` JSON: microsecond precision (truncated, as Go formats), or null for zero. */
export function formatMicroTime(ts: ProtoTimestamp): string | null {
  const t = normalize(ts);
  if (!t) return null;
  const micros = Math.floor(t.nanos / 1000);
  return `${isoSeconds(t.seconds)}.${String(micros).padStart(6, '0')}Z`;
}

/** As Go's `time.Unix(sec, nsec)`: nanos brought into [0, 1e9); null for the zero time. */
function normalize(ts: ProtoTimestamp): { seconds: number; nanos: number } | null {
  if (!ts) return null;
  let { seconds, nanos } = ts;
  if (!Number.isInteger(seconds) || !Number.isInteger(nanos)) {
    throw new KubernetesProtobufError('Malformed', 'a timestamp is not integral');
  }
  if (nanos < 0 || nanos >= 1e9) {
    const carry = Math.floor(nanos / 1e9);
    seconds += carry;
    nanos -= carry * 1e9;
  }
  if (seconds === GO_ZERO_SECONDS && nanos === 0) return null;
  if (seconds < MIN_SECONDS || seconds >= END_SECONDS) {
    throw new KubernetesProtobufError('Malformed', `a timestamp's year is outside of range [0,9999]`);
  }
  return { seconds, nanos };
}

/** `YYYY-MM-DDTHH:MM:SS` in UTC. */
function isoSeconds(seconds: number): string {
  return new Date(seconds * 1000).toISOString().slice(0, 19);
}
