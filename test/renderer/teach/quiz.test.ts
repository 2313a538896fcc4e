import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { allMessageIds } from '../../../main/i18n/index.ts';
import { buildModel } from '../../../main/model/index.ts';
import type { AnatomyModel } from '../../../main/model/types.ts';
import { loadDemo } from '../../../main/snapshot/demo-asset.ts';
import { parseQuantity } from '../../../main/common/quantity.ts';
import { checkAnswer, makeQuiz, QUESTION_CONCEPT, QUESTION_KINDS } from '../../../renderer/teach/quiz.ts';
import { model as specModel, node as specNode } from '../../fixtures/anatomy-models.ts';
import { expectedAnswer as expected } from '../../fixtures/quiz-answers.ts';

const demo = (): AnatomyModel => buildModel(loadDemo(), { kind: 'demo', name: 'demo', namespaces: [] });

describe('makeQuiz', () => {
  it('gives the same questions for the same seed, and others for another', () => {
    const m = demo();
    assert.deepEqual(makeQuiz(m, 42), makeQuiz(demo(), 42));
    assert.notDeepEqual(makeQuiz(m, 42).questions, makeQuiz(m, 43).questions);
  });

  it('asks at least 8 kinds of question on the demo, across C1–C10', () => {
    const quiz = makeQuiz(demo(), 42);
    const kinds = new Set(quiz.questions.map((q) => q.kind));
    assert.ok(kinds.size >= 8, `only ${kinds.size} kinds`);
    assert.equal(kinds.size, quiz.questions.length, 'one question per kind');
    assert.deepEqual([...new Set(quiz.questions.map((q) => q.concept))].sort(), ['C1', 'C10', 'C2', 'C3', 'C4', 'C5', 'C6', 'C8', 'C9']);
    assert.equal(quiz.empty, false);
    assert.deepEqual([...quiz.skipped, ...kinds].sort(), [...QUESTION_KINDS].sort());
  });

  it("has every answer right for the model, by a computation of the test's own, for many seeds", () => {
    const m = demo();
    let asked = 0;
    for (let seed = 0; seed < 60; seed++) {
      for (const q of makeQuiz(m, seed).questions) {
        asked++;
        const values = q.choices.map((c) => c.value);
        assert.equal(new Set(values).size, values.length, `${q.kind}: two choices say the same`);
        assert.ok(values.length >= 2 && values.length <= 4, `${q.kind}: ${values.length} choices`);
        assert.equal(values[q.answer], expected(m, q), `seed ${seed}, ${q.kind} ${JSON.stringify(q.subject)}`);
        assert.equal(QUESTION_CONCEPT[q.kind], q.concept);
        q.choices.forEach((_, i) => assert.equal(checkAnswer(m, q, i), i === q.answer));
      }
    }
    assert.ok(asked >= 60 * 8);
  });

  it('writes every text with ids both languages have', () => {
    const ids = new Set(allMessageIds());
    for (const q of makeQuiz(demo(), 7).questions) {
      for (const msg of [q.prompt, q.explain, ...q.choices.map((c) => c.label)]) assert.ok(ids.has(msg.id), msg.id);
    }
  });

  it('checks against the model as it is now: a pod that left makes the answer unknown', () => {
    const m = demo();
    const q = makeQuiz(m, 5).questions.find((x) => x.subject.pod)!;
    const gone = { ...m, nodes: m.nodes.map((n) => ({ ...n, pods: [] })), unscheduled: [] };
    assert.equal(checkAnswer(gone, q, q.answer), undefined);
  });

  it('says there is nothing to ask on an empty model', () => {
    const quiz = makeQuiz(specModel([]), 1);
    assert.equal(quiz.empty, true);
    assert.deepEqual(quiz.questions, []);
  });

  it('skips the kinds a small model has no data for, and says which', () => {
    // One worker with one single-container pod: no second node, no sharing, no limits.
    const m = specModel([specNode({ name: 'solo', ip: '10.0.0.2', cidr: '10.244.0.0/24', pods: [{ name: 'only', ip: '10.244.0.5', containers: [{ name: 'app', image: 'nginx:1.27' }] }] })]);
    const quiz = makeQuiz(m, 3);
    for (const kind of ['pod-node', 'localhost', 'shared-volume', 'container-limit'] as const) assert.ok(quiz.skipped.includes(kind), kind);
    const asked = quiz.questions.map((q) => q.kind);
    for (const kind of ['container-count', 'image-registry', 'image-tag', 'digest-pinned'] as const) assert.ok(asked.includes(kind), kind);
    for (const q of quiz.questions) assert.equal(q.choices[q.answer].value, expected(m, q));
  });
});

describe('what a question shows and asks about', () => {
  it('a container or volume to show names its pod (within), so Show lays out that pod only', () => {
    const m = demo();
    let seen = 0;
    for (let seed = 0; seed < 20; seed++) {
      for (const q of makeQuiz(m, seed).questions) {
        if (q.focus?.kind !== 'container' && q.focus?.kind !== 'volume') continue;
        seen++;
        const pod = [...m.nodes.flatMap((n) => n.pods), ...m.unscheduled].find((p) => `${p.namespace}/${p.name}` === q.subject.pod);
        assert.equal(q.focus.within, pod?.uid, `${q.kind} ${JSON.stringify(q.focus)}`);
      }
    }
    assert.ok(seen > 0);
  });

  it('asks about no shared volume when only the injected token volume is shared (the lens, C4, does not either)', () => {
    const m = specModel([
      specNode({
        name: 'w1', ip: '10.0.0.2', cidr: '10.244.0.0/24',
        pods: [{ name: 'two', ip: '10.244.0.5', containers: [{ name: 'a', image: 'nginx:1.27', mounts: [{ volume: 'kube-api-access-two', path: '/t' }] }, { name: 'b', image: 'busybox:1.37', mounts: [{ volume: 'kube-api-access-two', path: '/t' }] }] }],
      }),
    ]);
    for (let seed = 0; seed < 10; seed++) assert.ok(makeQuiz(m, seed).skipped.includes('shared-volume'), `seed ${seed}`);
  });
});

describe('the localhost question', () => {
  it('is asked only about a pod with an IP, which its explanation names', () => {
    const m = specModel([
      specNode({
        name: 'w1', ip: '10.0.0.2', cidr: '10.244.0.0/24',
        pods: [
          { name: 'pending', containers: [{ name: 'a', image: 'nginx:1.27' }, { name: 'b', image: 'busybox:1.37' }] },
          { name: 'single', ip: '10.244.0.6', containers: [{ name: 'c', image: 'nginx:1.27' }] },
        ],
      }),
    ]);
    for (let seed = 0; seed < 10; seed++) assert.ok(makeQuiz(m, seed).skipped.includes('localhost'), `seed ${seed}`);
    for (let seed = 0; seed < 20; seed++) {
      const q = makeQuiz(demo(), seed).questions.find((x) => x.kind === 'localhost');
      if (q) assert.match(String(q.explain.params?.ip), /\S/);
    }
  });
});

describe('the memory limit question', () => {
  it('never offers one amount twice, however it is written (512Mi, 0.5Gi, 536870912)', () => {
    const m = specModel([
      specNode({
        name: 'w1', ip: '10.0.0.2', cidr: '10.244.0.0/24',
        pods: ['a', 'b', 'c', 'd', 'e'].map((name, i) => ({ name, ip: `10.244.0.${i + 2}`, containers: [{ name: 'c', image: 'nginx:1.27' }] })),
      }),
    ]);
    const limits = ['512Mi', '0.5Gi', '536870912', '256Mi', '1Gi'];
    m.nodes[0].pods.forEach((p, i) => {
      p.containers[0].resources = { requests: { memory: i === 0 ? '0.5Gi' : '128Mi' }, limits: { memory: limits[i] } };
    });
    let asked = 0;
    for (let seed = 0; seed < 40; seed++) {
      const q = makeQuiz(m, seed).questions.find((x) => x.kind === 'container-limit');
      if (!q) continue;
      asked++;
      const amounts = q.choices.map((c) => (c.value === '' ? 'none' : String(parseQuantity(c.value))));
      assert.equal(new Set(amounts).size, amounts.length, `seed ${seed}: ${q.choices.map((c) => c.value).join(' | ')}`);
    }
    assert.ok(asked > 0);
  });
});
