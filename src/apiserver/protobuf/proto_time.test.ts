import assert from 'node:assert/strict';
import { test } from 'node:test';
import { KubernetesProtobufError } from './kubernetes_protobuf_error.js';
import { formatMicroTime, formatTime } from './proto_time.js';

const SECONDS = Date.UTC(2026, 0, 2, 3, 4, 5) / 1000;

test('Time is RFC 3339 to the second, MicroTime to the microsecond (truncated), both in UTC', () => {
  const table: Array<[{ seconds: number; nanos: number } | null, string | null, string | null]> = [
    [null, null, null],
    [{ seconds: SECONDS, nanos: 0 }, '2026-01-02T03:04:05Z', '2026-01-02T03:04:05.000000Z'],
    [{ seconds: SECONDS, nanos: 999_999_999 }, '2026-01-02T03:04:05Z', '2026-01-02T03:04:05.999999Z'],
    [{ seconds: SECONDS, nanos: 1_500_000_000 }, '2026-01-02T03:04:06Z', '2026-01-02T03:04:06.500000Z'],
    [{ seconds: SECONDS, nanos: -1000 }, '2026-01-02T03:04:04Z', '2026-01-02T03:04:04.999999Z'],
    [{ seconds: 0, nanos: 0 }, '1970-01-01T00:00:00Z', '1970-01-01T00:00:00.000000Z'],
    // Go's zero time.Time (year 1) is JSON null.
    [{ seconds: -62135596800, nanos: 0 }, null, null],
    [{ seconds: -62167219200, nanos: 0 }, '0000-01-01T00:00:00Z', '0000-01-01T00:00:00.000000Z'],
  ];
  for (const [ts, time, micro] of table) {
    assert.equal(formatTime(ts), time, JSON.stringify(ts));
    assert.equal(formatMicroTime(ts), micro, JSON.stringify(ts));
  }
});

test('a year outside [0, 9999] is refused, as Go refuses to encode it', () => {
  for (const seconds of [253402300800, -62167219201, 1e20]) {
    assert.throws(() => formatTime({ seconds, nanos: 0 }), KubernetesProtobufError);
  }
});
