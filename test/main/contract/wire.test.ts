// A large model in parts on the WebSocket (main/contract/wire.ts): what the
// page puts together is exactly the one message it replaces, for pushed
// models and model:get replies, two at once; a malformed or unfinished
// stream is refused with why (and whose call it answered), and the page
// still reads the next one.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ModelUpdate } from '../../../main/contract/api.ts';
import { abortMessage, isModelPart, modelParts, streamAssembler, type Accepted, type ModelEnvelope } from '../../../main/contract/wire.ts';
import { buildModel } from '../../../main/model/build.ts';
import { summarizeModel } from '../../../main/model/summary.ts';
import { generateClusterObjects } from '../../bench/generate.ts';

function update(pods: number, seed = 3): ModelUpdate {
  const model = buildModel(generateClusterObjects({ nodes: 4, pods, seed }), { kind: 'snapshot', name: 'parts', namespaces: [] });
  return { revision: 7, model: summarizeModel(model, 0) };
}

const parts = (stream: number, envelope: ModelEnvelope, u: ModelUpdate, per: number) =>
  [...modelParts(stream, envelope, u, per)].map((text) => JSON.parse(text) as Record<string, unknown>);

function feed(messages: Array<Record<string, unknown>>, assembler = streamAssembler()): Accepted[] {
  return messages.map((m) => {
    assert.ok(isModelPart(m));
    return assembler.accept(m);
  });
}

describe('a model in parts', () => {
  const u = update(90);

  it('is put together into exactly the message it replaces, pushed or replied, whatever the part size', () => {
    for (const per of [1, 7, 1000]) {
      for (const envelope of [{ event: 'anatomy:model' }, { id: 12, ok: true as const }]) {
        const got = feed(parts(1, envelope, u, per));
        const last = got.at(-1)!;
        assert.equal(last.kind, 'done');
        assert.ok(got.slice(0, -1).every((a) => a.kind === 'waiting'));
        const whole = 'event' in envelope ? { ...envelope, payload: u } : { ...envelope, result: u };
        assert.equal(JSON.stringify(last.kind === 'done' && last.message), JSON.stringify(whole));
      }
    }
    assert.equal(parts(1, { event: 'x' }, u, 7).length, 1 + Math.ceil(u.model.stats.pods / 7));
  });

  it('with summarize, carries summarizeModel\'s copy, each pod summarized as its part is made, and leaves the model given whole', () => {
    const whole = { revision: 2, model: buildModel(generateClusterObjects({ nodes: 4, pods: 60, seed: 5 }), { kind: 'snapshot', name: 'parts', namespaces: [] }) };
    const before = JSON.stringify(whole);
    for (const per of [1, 7, 1000]) {
      const got = feed([...modelParts(1, { event: 'anatomy:model' }, whole, per, true)].map((t) => JSON.parse(t) as Record<string, unknown>)).at(-1)!;
      assert.equal(got.kind, 'done');
      const expected = { event: 'anatomy:model', payload: { ...whole, model: summarizeModel(whole.model, 0) } };
      assert.equal(JSON.stringify(got.kind === 'done' && got.message), JSON.stringify(expected), `${per} pods a part`);
    }
    // Without it, the pods go whole.
    const plain = feed(parts(1, { event: 'anatomy:model' }, whole, 25)).at(-1)!;
    assert.equal(JSON.stringify(plain.kind === 'done' && plain.message), JSON.stringify({ event: 'anatomy:model', payload: whole }));
    assert.equal(JSON.stringify(whole), before);
  });

  it('of a model without pods is its head alone', () => {
    const empty = { revision: 1, model: { ...u.model, nodes: u.model.nodes.map((n) => ({ ...n, pods: [] })), unscheduled: [] } };
    const got = feed(parts(1, { event: 'anatomy:model' }, empty, 5));
    assert.equal(got.length, 1);
    assert.equal(got[0]!.kind, 'done');
  });

  it('two at once (a pushed model and a reply) are kept apart by their stream', () => {
    const a = parts(1, { event: 'anatomy:model' }, u, 10);
    const b = parts(2, { id: 3, ok: true }, update(40, 8), 10);
    const assembler = streamAssembler();
    const done: Array<Record<string, unknown>> = [];
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      for (const m of [a[i], b[i]]) {
        const got = m && assembler.accept(m);
        if (got?.kind === 'done') done.push(got.message);
      }
    }
    assert.deepEqual(done.map((m) => m.event ?? m.id), [3, 'anatomy:model']);
    assert.equal(assembler.open(), 0);
  });

  it('that is malformed is refused with why, the call it answered named, and the next one still reads', () => {
    const reply = parts(5, { id: 9, ok: true }, u, 20);
    const [head, ...rest] = reply;
    const cases: Array<[string, Array<Record<string, unknown>>, RegExp, boolean]> = [
      ['a part first', [rest[0]!], /a part of model stream 5, which has not begun/, false],
      ['parts out of order', [head!, rest[1]!], /part 1 came where part 0 was due/, true],
      ['a part without pods', [head!, { stream: 5, part: 0, pods: [] }], /part 0 has no pods/, true],
      ['a pod that is not one', [head!, { stream: 5, part: 0, pods: [42] }], /a pod must be an object or its values, got number/, true],
      ['more pods than announced', [{ ...head!, lists: (head!.lists as number[]).map(() => 0).with(0, 1), parts: 1 }, rest[0]!], /more pods than the head announced/, true],
      ['fewer pods than announced', [{ ...head!, parts: rest.length - 1 }, ...rest.slice(0, -1)], /carried fewer pods than the head announced/, true],
      ['an aborted stream', [head!, rest[0]!, JSON.parse(abortMessage(5, 'boom'))], /could not finish model stream 5: boom/, true],
      ['a head twice', [head!, head!], /model stream 5 began twice/, true],
      ['a head without a model', [{ ...head!, head: { id: 9, ok: true, result: 3 } }], /the head has no model/, true],
      ['lists that do not match the nodes', [{ ...head!, lists: [1, 2] }], /lists must count the pods of each of its 4 nodes/, true],
      ['too many parts for its pods', [{ ...head!, parts: 10_000 }], /10000 parts cannot carry 90 pods/, true],
      ['a stream that is no number', [{ stream: 'x', part: 0, pods: [] }], /stream must be an integer, got x/, false],
    ];
    for (const [what, messages, why, named] of cases) {
      const assembler = streamAssembler();
      const got = messages.map((m) => assembler.accept(m));
      const error = got.find((g) => g.kind === 'error');
      assert.ok(error && error.kind === 'error', `${what}: refused`);
      assert.match(error.error, why, what);
      assert.equal(error.envelope?.id, named ? 9 : undefined, `${what}: whose call`);
      // Forgotten, and the next stream reads.
      const next = feed(parts(6, { event: 'anatomy:model' }, u, 30), assembler).at(-1)!;
      assert.equal(next.kind, 'done', `${what}: the next stream`);
    }
  });

  it('refuses a fifth stream at once, and forgets them all when the socket closes', () => {
    const assembler = streamAssembler();
    for (let s = 1; s <= 4; s++) assert.equal(assembler.accept(parts(s, { event: 'e' }, u, 10)[0]!).kind, 'waiting');
    const fifth = assembler.accept(parts(5, { event: 'e' }, u, 10)[0]!);
    assert.equal(fifth.kind, 'error');
    assert.match(fifth.kind === 'error' ? fifth.error : '', /more than 4 models are under way/);
    assembler.clear();
    assert.equal(assembler.open(), 0);
  });
});
