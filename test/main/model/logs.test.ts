// The log line store and its helpers: the ring keeps the last lines in order,
// timestamps split and compare below the millisecond, a resumed follow's
// repeats are dropped by timestamp, and terminal controls become visible.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LogRing, MAX_RING_BYTES, ResumeDedupe, lineBytes, resumeSinceTime, showControls, splitTimestamp, timestampKey } from '../../../main/model/logs.ts';

describe('LogRing', () => {
  it('keeps the last `capacity` lines in order, numbered over the whole stream', () => {
    const ring = new LogRing(4);
    for (let i = 1; i <= 10; i++) ring.push('', `line ${i}`);
    assert.equal(ring.size, 4);
    assert.equal(ring.last, 10);
    assert.equal(ring.dropped, 6);
    assert.deepEqual(
      ring.since(0).map((l) => [l.seq, l.text]),
      [
        [7, 'line 7'],
        [8, 'line 8'],
        [9, 'line 9'],
        [10, 'line 10'],
      ],
    );
    assert.deepEqual(
      ring.since(8).map((l) => l.text),
      ['line 9', 'line 10'],
    );
    assert.deepEqual(ring.since(10), []);
    assert.deepEqual(
      ring.since(0, 2).map((l) => l.seq),
      [7, 8],
    );
  });

  it('holds 10,000 lines by default and wraps around many times', () => {
    const ring = new LogRing();
    for (let i = 1; i <= 25_003; i++) ring.push('', String(i));
    const all = ring.since(0);
    assert.equal(all.length, 10_000);
    assert.equal(all[0]?.text, '15004');
    assert.equal(all.at(-1)?.text, '25003');
    assert.ok(all.every((l, i) => l.seq === 15_004 + i));
  });

  it('before it is full, gives what it has', () => {
    const ring = new LogRing(5);
    ring.push('', 'a');
    ring.push('', 'b');
    assert.deepEqual(
      ring.since(0).map((l) => l.text),
      ['a', 'b'],
    );
  });

  it('refuses a capacity that is not a positive integer, saying which', () => {
    assert.throws(() => new LogRing(0), /capacity must be a positive integer, got 0/);
  });
});

describe('timestamps', () => {
  it('splits the kubelet timestamp off a line', () => {
    assert.deepEqual(splitTimestamp('2026-12-01T22:00:01.123456789Z hello world'), { ts: '2026-12-01T22:00:01.123456789Z', text: 'hello world' });
    assert.deepEqual(splitTimestamp('no timestamp here'), { ts: '', text: 'no timestamp here' });
    assert.deepEqual(splitTimestamp('2026-12-01T22:00:01Z '), { ts: '2026-12-01T22:00:01Z', text: '' });
  });

  it('compares nanoseconds, and resumes at the whole second', () => {
    const a = timestampKey('2026-12-01T22:00:01.000000001Z') as string;
    const b = timestampKey('2026-12-01T22:00:01.000000002Z') as string;
    const c = timestampKey('2026-12-01T22:00:02Z') as string;
    assert.ok(a < b && b < c);
    assert.equal(timestampKey('yesterday'), undefined);
    assert.equal(resumeSinceTime('2026-12-01T22:00:01.999999999Z'), '2026-12-01T22:00:01Z');
  });
});

describe('ResumeDedupe', () => {
  it('drops the lines a resumed stream repeats, keeping lines that share the last timestamp but were not read', () => {
    const d = new ResumeDedupe();
    const t1 = '2026-12-01T22:00:01.100000000Z';
    const t2 = '2026-12-01T22:00:01.200000000Z';
    const t3 = '2026-12-01T22:00:01.300000000Z';
    // Read before the cut: t1, t2, t2 (two lines of one timestamp).
    assert.deepEqual([d.accept(t1), d.accept(t2), d.accept(t2)], [true, true, true]);
    d.resuming();
    // The new stream starts at 22:00:01: t1, t2, t2 again, then a third t2 and t3 are new.
    assert.deepEqual([t1, t2, t2, t2, t3].map((t) => d.accept(t)), [false, false, false, true, true]);
    // Not resuming any more: an equal timestamp is a new line.
    assert.equal(d.accept(t3), true);
  });
});

describe('showControls', () => {
  it('shows escapes and controls instead of leaving them to act', () => {
    assert.equal(showControls('\x1b[31mred\x1b[0m'), '␛[31mred␛[0m');
    assert.equal(showControls('\x1b]0;title\x07'), '␛]0;title␇');
    assert.equal(showControls('a\rb\bc\x7f'), 'a␍b␈c␡');
    assert.equal(showControls('\x9b31m'), '\\x9b31m');
    assert.equal(showControls('tab\tkept'), 'tab\tkept');
  });
});

describe('LogRing byte bound (lineBytes: UTF-16 bytes of text and timestamp, plus the line object)', () => {
  it('drops the oldest lines past maxBytes, and keeps 10,000 small lines', () => {
    const big = 'x'.repeat(1000);
    const ring = new LogRing(10_000, 10 * lineBytes({ ts: '', text: big }));
    for (let i = 0; i < 25; i++) ring.push('', big);
    assert.equal(ring.size, 10);
    assert.equal(ring.bytes, 10 * lineBytes({ ts: '', text: big }));
    assert.deepEqual(
      ring.since(0).map((l) => l.seq),
      [16, 17, 18, 19, 20, 21, 22, 23, 24, 25],
    );
    assert.equal(ring.dropped, 15);
    const small = new LogRing();
    for (let i = 0; i < 12_000; i++) small.push('2026-12-01T10:00:00.123456789Z', `GET /healthz 200 ${i} ${'.'.repeat(200)}`);
    assert.equal(small.size, 10_000);
    assert.ok(small.bytes <= MAX_RING_BYTES);
  });

  it('a ring of 64 KB lines stays within 16 MiB', () => {
    const ring = new LogRing();
    const line = 'y'.repeat(64 * 1024);
    for (let i = 0; i < 1000; i++) ring.push('', line);
    assert.ok(ring.bytes <= MAX_RING_BYTES, `${ring.bytes}`);
    assert.ok(ring.size < 1000 && ring.size > 100, `${ring.size}`);
    assert.equal(ring.since(0).at(-1)?.seq, 1000);
  });

  it('since stops at maxBytes at a whole line (at least one), so the next read continues from it', () => {
    const ring = new LogRing(100);
    for (let i = 1; i <= 10; i++) ring.push('', 'z'.repeat(100));
    const one = lineBytes({ ts: '', text: 'z'.repeat(100) });
    assert.deepEqual(
      ring.since(0, Infinity, 3 * one + 1).map((l) => l.seq),
      [1, 2, 3],
    );
    assert.deepEqual(
      ring.since(3, Infinity, 1).map((l) => l.seq),
      [4],
    );
  });

  it('trimTo drops the oldest lines down to a byte count, also to none', () => {
    const ring = new LogRing(100);
    for (let i = 1; i <= 5; i++) ring.push('', 'w'.repeat(10));
    const one = lineBytes({ ts: '', text: 'w'.repeat(10) });
    assert.equal(ring.trimTo(2 * one), 3 * one);
    assert.deepEqual(
      ring.since(0).map((l) => l.seq),
      [4, 5],
    );
    ring.trimTo(0);
    assert.equal(ring.size, 0);
    assert.equal(ring.last, 5);
    ring.push('', 'after');
    assert.deepEqual(
      ring.since(0).map((l) => l.seq),
      [6],
    );
  });
});
