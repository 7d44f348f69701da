import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { parseCriLogLine, parseRfc3339Nano } from './cri_log_line.js';
import type { LogOptions } from './log_options.js';
import { LogQueryError, parseLogQuery } from './log_options.js';
import { readContainerLog } from './log_reader.js';

const LOG =
  [
    '2024-05-01T10:00:00.1Z stdout F one',
    '2024-05-01T10:00:01.000000002Z stderr F two',
    'garbage that is not a CRI entry',
    '2024-05-01T10:00:02Z stdout P thr',
    '2024-05-01T10:00:02.5Z stdout F ee',
    '2024-05-01T10:00:03Z stdout F ',
    '2024-05-01T10:00:04Z stderr F five',
  ].join('\n') + '\n';

let dir: string;
before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubets-logs-'));
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

function collect(): { out: PassThrough; text: () => string } {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  return { out, text: () => Buffer.concat(chunks).toString() };
}

const base: LogOptions = { follow: false, previous: false, timestamps: false };

describe('parseCriLogLine', () => {
  const cases: [string, ReturnType<typeof parseCriLogLine> | undefined][] = [
    [
      '2024-05-01T10:00:00.1Z stdout F hello world\n',
      {
        timestamp: '2024-05-01T10:00:00.100000000Z',
        timeMs: Date.parse('2024-05-01T10:00:00.100Z'),
        stream: 'stdout',
        partial: false,
        content: Buffer.from('hello world\n'),
      },
    ],
    [
      '2024-05-01T10:00:00Z stderr P part\n',
      {
        timestamp: '2024-05-01T10:00:00.000000000Z',
        timeMs: Date.parse('2024-05-01T10:00:00Z'),
        stream: 'stderr',
        partial: true,
        content: Buffer.from('part'),
      },
    ],
    [
      '2024-05-01T10:00:00Z stdout F\n',
      {
        timestamp: '2024-05-01T10:00:00.000000000Z',
        timeMs: Date.parse('2024-05-01T10:00:00Z'),
        stream: 'stdout',
        partial: false,
        content: Buffer.from('\n'),
      },
    ],
    ['not a log line\n', undefined],
    ['2024-05-01T10:00:00Z stdin F x\n', undefined],
    ['2024-05-01T10:00:00Z stdout\n', undefined],
  ];
  for (const [line, want] of cases) {
    it(JSON.stringify(line), () => assert.deepEqual(parseCriLogLine(Buffer.from(line)), want));
  }

  it('normalizes an offset time to UTC with nine digits', () => {
    assert.equal(
      parseRfc3339Nano('2024-05-01T12:00:00.123456+02:00')?.timestamp,
      '2024-05-01T10:00:00.123456000Z',
    );
    assert.equal(parseRfc3339Nano('yesterday'), undefined);
  });
});

describe('readContainerLog', () => {
  const cases: { name: string; opts: Partial<LogOptions>; want: string }[] = [
    { name: 'everything, partial entries joined', opts: {}, want: 'one\ntwo\nthree\n\nfive\n' },
    { name: 'tailLines=2', opts: { tailLines: 2 }, want: '\nfive\n' },
    { name: 'tailLines=3 counts raw entries', opts: { tailLines: 3 }, want: 'ee\n\nfive\n' },
    { name: 'tailLines=0', opts: { tailLines: 0 }, want: '' },
    { name: 'tailLines beyond the file', opts: { tailLines: 100 }, want: 'one\ntwo\nthree\n\nfive\n' },
    { name: 'limitBytes cuts the output', opts: { limitBytes: 6 }, want: 'one\ntw' },
    { name: 'since a time', opts: { sinceMs: Date.parse('2024-05-01T10:00:02Z') }, want: 'three\n\nfive\n' },
    {
      name: 'timestamps at line starts only',
      opts: { timestamps: true, tailLines: 4 },
      want:
        '2024-05-01T10:00:02.000000000Z three\n' +
        '2024-05-01T10:00:03.000000000Z \n' +
        '2024-05-01T10:00:04.000000000Z five\n',
    },
    {
      name: 'timestamps count against limitBytes',
      opts: { timestamps: true, limitBytes: 34 },
      want: '2024-05-01T10:00:00.100000000Z one',
    },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const file = path.join(dir, 'static.log');
      fs.writeFileSync(file, LOG);
      const { out, text } = collect();
      await readContainerLog(file, { ...base, ...c.opts }, out);
      assert.equal(text(), c.want);
    });
  }

  it('refuses a missing file with the path in the message', async () => {
    const { out } = collect();
    await assert.rejects(
      readContainerLog(path.join(dir, 'nope.log'), base, out),
      /failed to open log file ".*nope\.log"/,
    );
  });

  it('follows new entries until the container stops', async () => {
    const file = path.join(dir, 'follow.log');
    fs.writeFileSync(file, '2024-05-01T10:00:00Z stdout F first\n');
    let running = true;
    const { out, text } = collect();
    const done = readContainerLog(file, { ...base, follow: true }, out, {
      pollMs: 5,
      runningCheckMs: 0,
      isRunning: async () => running,
    });
    await waitFor(() => text() === 'first\n');
    fs.appendFileSync(file, '2024-05-01T10:00:01Z stdout F sec');
    await new Promise((r) => setTimeout(r, 30));
    assert.equal(text(), 'first\n', 'an incomplete line waits for its newline');
    fs.appendFileSync(file, 'ond\n');
    await waitFor(() => text() === 'first\nsecond\n');
    fs.appendFileSync(file, '2024-05-01T10:00:02Z stdout F last\n');
    running = false;
    await done;
    assert.equal(text(), 'first\nsecond\nlast\n');
  });

  it('follows across the runtime rotating the file', async () => {
    const file = path.join(dir, 'rotate.log');
    fs.writeFileSync(file, '2024-05-01T10:00:00Z stdout F a\n');
    const { out, text } = collect();
    const ac = new AbortController();
    const done = readContainerLog(file, { ...base, follow: true }, out, { pollMs: 5, signal: ac.signal });
    await waitFor(() => text() === 'a\n');
    fs.appendFileSync(file, '2024-05-01T10:00:01Z stdout F b\n');
    fs.renameSync(file, `${file}.20240501-100001`);
    fs.writeFileSync(file, '2024-05-01T10:00:02Z stdout F c\n');
    await waitFor(() => text() === 'a\nb\nc\n');
    fs.writeFileSync(`${file}.tmp`, '2024-05-01T10:00:03Z stdout F d\n');
    fs.renameSync(`${file}.tmp`, file);
    await waitFor(() => text() === 'a\nb\nc\nd\n');
    ac.abort();
    await done;
  });

  it('stops following when aborted', async () => {
    const file = path.join(dir, 'abort.log');
    fs.writeFileSync(file, '');
    const { out, text } = collect();
    const ac = new AbortController();
    const done = readContainerLog(file, { ...base, follow: true }, out, { pollMs: 5, signal: ac.signal });
    setTimeout(() => ac.abort(), 20);
    await done;
    assert.equal(text(), '');
  });
});

describe('parseLogQuery', () => {
  const now = Date.parse('2024-05-01T10:00:00Z');
  const ok: [string, Partial<LogOptions>][] = [
    ['', {}],
    ['follow=true&timestamps=1&previous=True', { follow: true, timestamps: true, previous: true }],
    ['tailLines=10&limitBytes=100', { tailLines: 10, limitBytes: 100 }],
    ['tail=5', { tailLines: 5 }],
    ['tail=all&tailLines=5', {}],
    ['sinceSeconds=60', { sinceMs: now - 60_000 }],
    ['sinceTime=2024-05-01T09:00:00Z', { sinceMs: Date.parse('2024-05-01T09:00:00Z') }],
  ];
  for (const [q, want] of ok) {
    it(`accepts ${JSON.stringify(q)}`, () =>
      assert.deepEqual(parseLogQuery(new URLSearchParams(q), now), { ...base, ...want }));
  }
  const bad: [string, number][] = [
    ['follow=yes', 400],
    ['tailLines=x', 400],
    ['sinceTime=yesterday', 400],
    ['tailLines=-1', 422],
    ['limitBytes=0', 422],
    ['sinceSeconds=0', 422],
    ['sinceSeconds=5&sinceTime=2024-05-01T09:00:00Z', 422],
  ];
  for (const [q, code] of bad) {
    it(`refuses ${JSON.stringify(q)} with ${code}`, () =>
      assert.throws(
        () => parseLogQuery(new URLSearchParams(q), now),
        (err) => err instanceof LogQueryError && err.code === code,
      ));
  }
});

async function waitFor(cond: () => boolean, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 5));
  }
}
