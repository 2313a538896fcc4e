// The lens panel on linkedom: cluster text reaches it only as text with the
// invisible characters shown, and a live model that changes nothing the panel
// says leaves it (and the focus in it) alone.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseHTML } from 'linkedom';
import type { AnatomyModel } from '../../../main/model/types.ts';
import { buildModel } from '../../../main/model/index.ts';
import { loadDemo } from '../../../main/snapshot/demo-asset.ts';
import { createLensPanel, WARM_AFTER_MS, type LensPanelHost } from '../../../renderer/app/lens-panel.ts';
import type { LensPoint } from '../../../renderer/draw/lens-overlay.ts';
import { lensFor } from '../../../renderer/teach/lenses.ts';
import { FakeClock } from '../../fixtures/fake-clock.ts';

const demo = (): AnatomyModel => buildModel(loadDemo(), { kind: 'demo', name: 'demo', namespaces: [] });

function page() {
  const { document } = parseHTML('<!doctype html><html><body><div class="topbar-row"><span class="spacer"></span></div><section id="stage"></section></body></html>');
  // linkedom's <select> has no value setter: enough of one for the picker.
  const proto = Object.getPrototypeOf(document.createElement('select'));
  Object.defineProperty(proto, 'value', {
    configurable: true,
    get(this: Element) {
      return this.getAttribute('data-value') ?? '';
    },
    set(this: Element, v: string) {
      this.setAttribute('data-value', v);
    },
  });
  return document as unknown as Document;
}

function panelOn(doc: Document, model: () => AnatomyModel, extra: Partial<LensPanelHost> = {}) {
  const shown: string[] = [];
  const lens = createLensPanel(doc, { model, lang: () => 'en', highlight: () => {}, show: (t) => shown.push(t.uid), ...extra });
  return { lens, shown };
}

describe('lens panel', () => {
  it('shows a right-to-left override in a node runtime as a marker, not as an override', () => {
    const doc = page();
    const model = demo();
    const node = model.nodes.find((n) => n.runtime?.raw)!;
    node.runtime = { ...node.runtime!, name: 'evil\u202Egnp.sh', raw: 'evil\u202Egnp.sh://1.0' };
    node.name = `node\u202E1`;
    const { lens } = panelOn(doc, () => model);
    lens.showLens('C6');
    const text = lens.panel.textContent ?? '';
    assert.ok(text.includes('‹U+202E›'), text);
    assert.ok(!text.includes('\u202E'), 'the override itself reached the page');
  });

  it("shows the lens in the picker, but a tour step (keepPicker) leaves the user's lens there", () => {
    const doc = page();
    const model = demo();
    const { lens } = panelOn(doc, () => model);
    const writes: string[] = [];
    const proto = Object.getPrototypeOf(lens.picker);
    const setter = Object.getOwnPropertyDescriptor(proto, 'value')!;
    Object.defineProperty(lens.picker, 'value', { configurable: true, get: () => setter.get!.call(lens.picker), set: (v: string) => (writes.push(v), setter.set!.call(lens.picker, v)) });
    lens.showLens('C7');
    assert.equal(lens.picker.value, 'C7');
    lens.showLens('C3', 0, { zoom: false, keepPicker: true });
    assert.equal(lens.active(), 'C3');
    assert.equal(lens.panel.getAttribute('data-concept-panel'), 'C3');
    assert.equal(lens.picker.value, 'C7', 'the tour step changed the picker');
    // Giving the user's lens back writes nothing: the picker shows it already.
    lens.showLens('C7');
    assert.deepEqual(writes, ['C7']);
    lens.showLens(null);
    assert.equal(lens.picker.value, '');
  });

  it('hands the picture the same points for a lens shown again on the same model, so that it is placed once', () => {
    const doc = page();
    const model = demo();
    const highlighted: Array<readonly LensPoint[] | null> = [];
    const { lens } = panelOn(doc, () => model, { highlight: (p) => highlighted.push(p) });
    lens.showLens('C4');
    lens.showLens('C2');
    lens.showLens('C4');
    lens.showLens('C4', 0, { zoom: false });
    lens.showLens('C2');
    lens.showLens('C4', 0, { zoom: false });
    assert.equal(highlighted[2], highlighted[0]);
    assert.equal(highlighted[4], highlighted[1]);
    assert.equal(highlighted[5], highlighted[3], "one example's points made again");
    assert.notEqual(highlighted[3], highlighted[0]);
    assert.equal(highlighted[3]!.length < highlighted[0]!.length, true, 'the example is not alone: the test shows nothing');
  });

  it('keeps its buttons when a live model says the same, and the current example by its object when examples reorder', () => {
    const doc = page();
    let model = demo();
    const { lens } = panelOn(doc, () => model);
    lens.showLens('C6', 1);
    const before = Array.from(lens.panel.querySelectorAll('.lens-example'));
    const currentUid = lens.panel.querySelector('[aria-current]')!.getAttribute('data-uid');
    assert.equal(before.length, 3);
    // A patch that changes nothing the panel says: the same elements stay (a focused button keeps the focus).
    model = demo();
    lens.refresh();
    const after = Array.from(lens.panel.querySelectorAll('.lens-example'));
    assert.ok(after.every((b, i) => b === before[i]), 'the panel was rebuilt');
    // The nodes in another order: the examples reorder, and aria-current stays on the same node.
    model = { ...model, nodes: [...model.nodes].reverse() };
    lens.refresh();
    const marked = Array.from(lens.panel.querySelectorAll('[aria-current]'));
    assert.equal(marked.length, 1);
    assert.equal(marked[0].getAttribute('data-uid'), currentUid);
    assert.notEqual(marked[0].getAttribute('data-example'), '1', 'the examples did not reorder: the test shows nothing');
  });

  it('works out the other lenses once per source, then only after live models stop coming for a while', async () => {
    const doc = page();
    const idle: Array<() => void> = [];
    Object.assign(doc.defaultView!, { requestIdleCallback: (cb: () => void) => idle.push(cb) });
    const clock = new FakeClock();
    let model = demo();
    const { lens } = panelOn(doc, () => model, { clock });
    lens.showLens('C3');
    assert.equal(idle.length, 1, 'the first model of the source is warmed at once');
    idle.length = 0;
    // A stream of patches: none starts warming.
    for (let i = 0; i < 5; i++) {
      model = demo();
      lens.refresh();
      await clock.advance(WARM_AFTER_MS / 4);
    }
    assert.equal(idle.length, 0, 'warming restarted on a live model');
    // Quiet for long enough: the last model is warmed.
    await clock.advance(WARM_AFTER_MS);
    assert.equal(idle.length, 1);
    while (idle.length) idle.shift()!();
    const c5 = lens.lensOn('C5', model);
    assert.equal(lens.lensOn('C5', model), c5);
  });

  it('highlights only the example it was asked to show, and zooms only when told to', () => {
    const doc = page();
    const model = demo();
    const lit: Array<readonly LensPoint[] | null> = [];
    const { lens, shown } = panelOn(doc, () => model, { highlight: (p) => lit.push(p) });
    lens.showLens('C6', 1, { zoom: false });
    const example = lensFor('C6', model).examples[1];
    assert.deepEqual(lit.at(-1)!.map((p) => p.uid), example.targets.map((t) => t.uid));
    assert.deepEqual(shown, [], 'zoomed');
    assert.equal(lens.panel.querySelector('[aria-current]')!.getAttribute('data-uid'), example.focus.uid);
    lens.showLens('C6');
    assert.equal(lit.at(-1)!.length, lensFor('C6', model).examples.length, 'a lens opened without an example highlights them all');
  });
});
