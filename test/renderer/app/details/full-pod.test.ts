import { test } from 'node:test';
import assert from 'node:assert/strict';
import { summarizePod } from '../../../../main/model/summary.ts';
import type { AnatomyModel, PodModel } from '../../../../main/model/types.ts';
import { createFullPods, type ObjectReply, type PanelContent } from '../../../../renderer/app/details/full-pod.ts';
import { renderPanel } from '../../../../renderer/app/details/panel.ts';
import type { Target } from '../../../../renderer/app/details/types.ts';
import { indexModel } from '../../../../renderer/app/model-index.ts';
import { translator } from '../../../../renderer/app/strings.ts';
import { HOSTILE_SCRIPT, sampleModel } from '../../../fixtures/anatomy-models.ts';
import { panelDom } from '../../../fixtures/details/panel-dom.ts';

const t = translator('en');
const ctx = { t, now: Date.parse('2026-11-30T04:00:00Z') };
const LOADING = "Loading the pod's full details…";

/** The sample's web pod, whole: with a condition (the sample has none) besides its two volumes. */
function wholeWeb(): PodModel {
  const web = sampleModel().nodes.flatMap((n) => n.pods).find((p) => p.uid === 'p-web')!;
  return { ...web, conditions: [{ type: 'Ready', status: 'True' }, { type: 'PodScheduled', status: 'True', reason: 'Scheduled' }] };
}

/** The sample model with every pod summarized. */
function summarizedModel(): AnatomyModel {
  const m = sampleModel();
  for (const n of m.nodes) n.pods = n.pods.map(summarizePod);
  m.unscheduled = m.unscheduled.map(summarizePod);
  return m;
}

/** An object:get stub whose replies the test hands out one by one. */
function fakeApi() {
  const calls: Array<{ uid: string; resolve(r: ObjectReply | null): void; reject(e: Error): void }> = [];
  let changes = 0;
  const pods = createFullPods({
    fetch: (uid) =>
      new Promise<ObjectReply | null>((resolve, reject) => {
        calls.push({ uid, resolve, reject });
      }),
    changed: () => {
      changes += 1;
    },
  });
  return { pods, calls, changes: () => changes };
}

/** Lets the reply's `then` run. */
const settled = () => new Promise<void>((resolve) => setImmediate(resolve));

function panel(content: PanelContent | undefined) {
  const { document, els } = panelDom();
  renderPanel(document, els, { view: content?.view, gone: content?.gone ?? false, t, onLink: () => {}, onZoom: () => {} });
  const sections = [...els.body.querySelectorAll('section')].map((s) => s.getAttribute('data-section'));
  const notes = [...els.body.querySelectorAll('.note')].map((n) => n.textContent);
  return { els, sections, notes, text: els.body.textContent ?? '' };
}

const pod: Target = { kind: 'pod', uid: 'p-web' };
const web: Target = { kind: 'container', uid: 'p-web/app/web' };

test('a summarized pod shows its summary with a loading line, then the whole pod (volumes, conditions) after the reply', async () => {
  const { pods, calls, changes } = fakeApi();
  const index = indexModel(summarizedModel());

  const before = panel(pods.details(pod, index, 7, ctx));
  assert.deepEqual(calls.map((c) => c.uid), ['p-web']);
  assert.equal(before.els.heading.textContent, 'web-7d9f');
  assert.ok(before.notes.includes(LOADING), before.notes.join(' | '));
  assert.ok(!before.sections.includes('volumes'));
  assert.ok(!before.sections.includes('conditions'));
  assert.ok(before.sections.includes('labels'), 'the summary keeps the labels');

  calls[0]!.resolve({ revision: 7, pod: wholeWeb() });
  await settled();
  assert.equal(changes(), 1, 'the reply asks for a repaint');
  const after = panel(pods.details(pod, index, 7, ctx));
  assert.ok(!after.notes.includes(LOADING));
  assert.ok(after.sections.includes('volumes'), after.sections.join(','));
  assert.ok(after.sections.includes('conditions'), after.sections.join(','));
  assert.match(after.text, /PodScheduled/);
  assert.match(after.text, /cache/);
  // Shown again at the same revision: no second call.
  pods.details(pod, index, 7, ctx);
  assert.equal(calls.length, 1);
  assert.equal(after.els.panel.dataset.state, 'shown');
});

test("a summarized pod's container shows its whole self (ports, resources, mounts) from the same call", async () => {
  const { pods, calls } = fakeApi();
  const index = indexModel(summarizedModel());
  const before = panel(pods.details(web, index, 3, ctx));
  assert.deepEqual(calls.map((c) => c.uid), ['p-web'], "the container's pod is asked for");
  assert.ok(before.notes.includes(LOADING));
  assert.ok(!before.sections.includes('ports'));
  calls[0]!.resolve({ revision: 3, pod: wholeWeb() });
  await settled();
  const after = panel(pods.details(web, index, 3, ctx));
  assert.equal(after.els.heading.textContent, 'web');
  for (const id of ['ports', 'mounts']) assert.ok(after.sections.includes(id), `${id} in ${after.sections.join(',')}`);
  assert.match(after.text, /250m/);
  assert.match(after.text, /OOMKilled/, 'the last state comes from the whole pod');

  // Its pod, then a volume reached through the whole pod's links: no further call at this revision.
  assert.ok(panel(pods.details(pod, index, 3, ctx)).sections.includes('volumes'));
  const volume = panel(pods.details({ kind: 'volume', uid: 'p-web/volume/data' }, index, 3, ctx));
  assert.equal(volume.els.heading.textContent, 'data');
  assert.match(volume.text, /pvc-123/);
  assert.equal(calls.length, 1);
});

test('one call per uid per revision, never two in flight; a newer revision asks again', async () => {
  const { pods, calls } = fakeApi();
  const index = indexModel(summarizedModel());
  pods.details(pod, index, 1, ctx);
  pods.details(web, index, 1, ctx);
  pods.details(pod, index, 2, ctx);
  assert.equal(calls.length, 1, 'a newer revision waits for the call in flight');
  calls[0]!.resolve({ revision: 1, pod: wholeWeb() });
  await settled();
  // The reply is older than the page now: shown, and asked again.
  const shown = panel(pods.details(pod, index, 2, ctx));
  assert.ok(shown.sections.includes('volumes'));
  assert.ok(!shown.notes.includes(LOADING), 'a refresh keeps the whole pod it has');
  assert.equal(calls.length, 2);
  pods.details(pod, index, 2, ctx);
  assert.equal(calls.length, 2);
  // A reply from a server ahead of the page is good up to its revision.
  calls[1]!.resolve({ revision: 5, pod: wholeWeb() });
  await settled();
  pods.details(pod, index, 4, ctx);
  pods.details(pod, index, 5, ctx);
  assert.equal(calls.length, 2);
  pods.details(pod, index, 6, ctx);
  assert.equal(calls.length, 3);
});

test('a pod that is not summarized, a node, or nothing selected makes no call', () => {
  const { pods, calls } = fakeApi();
  const index = indexModel(sampleModel());
  assert.equal(pods.details(pod, index, 1, ctx), undefined);
  assert.equal(pods.details({ kind: 'node', uid: 'n-w1' }, indexModel(summarizedModel()), 1, ctx), undefined);
  assert.equal(pods.details(undefined, index, 1, ctx), undefined);
  assert.equal(calls.length, 0);
});

test('a late reply after the selection moved on is dropped', async () => {
  const { pods, calls, changes } = fakeApi();
  const index = indexModel(summarizedModel());
  pods.details(pod, index, 1, ctx);
  // The selection moves to a plain node, then the reply comes.
  assert.equal(pods.details({ kind: 'node', uid: 'n-w1' }, index, 1, ctx), undefined);
  calls[0]!.resolve({ revision: 1, pod: wholeWeb() });
  await settled();
  assert.equal(changes(), 0, 'nothing is repainted');
  // Back on the pod: the dropped reply was not kept, so it is asked for again.
  const back = panel(pods.details(pod, index, 1, ctx));
  assert.ok(back.notes.includes(LOADING));
  assert.equal(calls.length, 2);
});

test("a failure says why and keeps the summary; the message is text; a newer revision tries again", async () => {
  const { pods, calls, changes } = fakeApi();
  const index = indexModel(summarizedModel());
  pods.details(pod, index, 1, ctx);
  calls[0]!.reject(new Error(`link down ${HOSTILE_SCRIPT}`));
  await settled();
  assert.equal(changes(), 1);
  const shown = panel(pods.details(pod, index, 1, ctx));
  assert.equal(shown.els.heading.textContent, 'web-7d9f', 'the summary is still shown');
  assert.ok(shown.sections.includes('overview'));
  const warn = shown.notes.find((n) => n?.includes('link down'));
  assert.equal(warn, `The pod's full details could not be loaded (link down ${HOSTILE_SCRIPT}); showing its summary.`);
  assert.ok(!shown.notes.includes(LOADING));
  assert.equal(shown.els.panel.querySelectorAll('script').length, 0);
  assert.equal(calls.length, 1, 'no retry at the same revision');
  pods.details(pod, index, 2, ctx);
  assert.equal(calls.length, 2);
});

test('a null reply means the pod is gone: the panel says so', async () => {
  const { pods, calls } = fakeApi();
  const index = indexModel(summarizedModel());
  pods.details(pod, index, 1, ctx);
  calls[0]!.resolve(null);
  await settled();
  const content = pods.details(pod, index, 1, ctx);
  assert.equal(content?.gone, true);
  const shown = panel(content);
  assert.equal(shown.els.panel.dataset.state, 'gone');
  assert.ok(!shown.notes.includes(LOADING));
  assert.equal(calls.length, 1);
});

test('a reply that holds another pod is a failure, not a swap', async () => {
  const { pods, calls } = fakeApi();
  const index = indexModel(summarizedModel());
  pods.details(pod, index, 1, ctx);
  calls[0]!.resolve({ revision: 1, pod: { ...wholeWeb(), uid: 'p-other' } });
  await settled();
  const shown = panel(pods.details(pod, index, 1, ctx));
  assert.ok(!shown.sections.includes('volumes'));
  assert.ok(shown.notes.some((n) => n?.includes('could not be loaded')));
});
