// The Record button's recording held in memory: its size limit is checked
// before a line is kept (the first state too), so the text never passes it;
// full, it closes by itself and what it holds still opens as a recording.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { MessageError } from '../../../main/i18n/index.ts';
import type { ClusterObjects, KubeObject } from '../../../main/model/kube.ts';
import type { ModelSource } from '../../../main/model/types.ts';
import { openRecordingBytes } from '../../../main/record/reader.ts';
import { LiveRecording } from '../../../main/session/live-recording.ts';
import { FakeClock } from '../../fixtures/fake-clock.ts';
import { generateClusterObjects } from '../../bench/generate.ts';
import { ClusterStream } from '../../bench/stream.ts';

const SOURCE: ModelSource = { kind: 'cluster', name: 'prod', namespaces: [] };

/** The size of the recording's first lines (header and first state) for `objects`, with no limit. */
function firstSize(objects: ClusterObjects, clock: FakeClock): number {
  return new LiveRecording(objects, SOURCE, clock, () => {}).text().length;
}

describe('LiveRecording size limit', () => {
  test('a first state alone over the limit refuses the start, saying how big and the limit', () => {
    const clock = new FakeClock(Date.parse('2026-12-01T10:00:00Z'));
    const objects = generateClusterObjects({ nodes: 2, pods: 20, seed: 4 });
    const size = firstSize(objects, clock);
    assert.throws(
      () => new LiveRecording(objects, SOURCE, clock, () => {}, size - 1),
      (error: unknown) => error instanceof MessageError && error.said.id === 'record.error.tooBig' && /first state alone is 1 MB, over the 1 MB/.test(error.message),
    );
  });

  test('changes stop at the limit: the text never passes it, is closed, and opens with every change it counts', async () => {
    const clock = new FakeClock(Date.parse('2026-12-01T10:00:00Z'));
    const objects = generateClusterObjects({ nodes: 2, pods: 20, seed: 4 });
    const max = firstSize(objects, clock) + 20_000;
    let told = 0;
    const recording = new LiveRecording(objects, SOURCE, clock, () => told++, max);
    const stream = new ClusterStream(objects, { seed: 4 });
    let now: ClusterObjects = objects;
    const live = {};
    for (let i = 0; i < 2000 && !recording.full; i++) {
      clock.elapse(10);
      // Batches of a few changes, as a live cluster's stream hands them.
      const deltas = Array.from({ length: 1 + (i % 4) }, () => stream.next());
      for (const d of deltas) {
        const uid = (d.object.metadata as { uid: string }).uid;
        const rest = ((now[d.resource] ?? []) as KubeObject[]).filter((o) => (o.metadata as { uid: string }).uid !== uid);
        now = { ...now, [d.resource]: d.type === 'deleted' ? rest : [...rest, d.object] };
      }
      recording.update(now, { stream: live, deltas });
    }
    assert.equal(recording.full, true, 'reached the limit');
    const text = recording.text();
    assert.ok(text.length <= max, `${text.length} ≤ ${max}`);
    const state = recording.state;
    assert.equal(state.full, true);
    assert.equal(state.stopped, true);
    assert.equal(state.bytes, text.length);
    assert.ok(told > 0, 'the session was told');
    // Nothing more is kept once full.
    recording.update(objects, undefined);
    assert.equal(recording.text(), text);
    const rec = await openRecordingBytes('r.karec', Buffer.from(text));
    assert.equal(rec.ended, true);
    assert.equal(rec.changes, state.changes);
    assert.ok(state.changes > 10, `changes kept (${state.changes})`);
  });
});
