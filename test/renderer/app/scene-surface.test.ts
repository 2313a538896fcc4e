// The canvas side of the drawing area, on stand-ins for the browser's
// frames, timers and 2D context: a large scene is painted before its
// accessible tree is built (in the task after the paint), a small one has
// its tree at once, and a hidden surface builds none.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isDeepStrictEqual } from 'node:util';
import { parseHTML } from 'linkedom';
import { buildModel } from '../../../main/model/index.ts';
import type { AnatomyModel } from '../../../main/model/types.ts';
import { createSceneSurface } from '../../../renderer/app/scene-surface.ts';
import { layoutCluster } from '../../../renderer/layout/cluster.ts';
import type { ClusterLayout, Detail } from '../../../renderer/layout/types.ts';
import { buildScene, sceneDelta } from '../../../renderer/scene/scene.ts';
import { generateClusterObjects } from '../../bench/generate.ts';

/** A part budget that never runs out: prepare makes the whole scene in one call. */
const all = () => true;
/** Calls prepare with time for all until it has made everything; how many calls made something. */
const finish = (surface: { prepare(layout: ClusterLayout, more?: () => boolean): boolean }, layout: ClusterLayout): number => {
  let calls = 0;
  while (surface.prepare(layout, all)) assert.ok(++calls < 10, 'done in a few calls');
  return calls;
};

/** Frames and timers run when the test says; the context does nothing (what it paints is canvas2d's tests' business). */
function stage(now?: () => number, transform = () => ({ x: 0, y: 0, k: 0.05 }), fonts?: object) {
  const { document } = parseHTML('<!doctype html><html><body><div id="tree"></div></body></html>');
  const frames = new Map<number, () => void>();
  let handles = 0;
  const timers: Array<() => void> = [];
  const paints: string[] = [];
  const noop = () => undefined;
  const ctx: object = new Proxy(
    {},
    {
      get: (_t, name) => {
        if (name === 'canvas') return canvas;
        if (name === 'fillRect') return () => paints.push('fillRect');
        if (name === 'measureText') return () => ({ width: 0 });
        return noop;
      },
      set: () => true,
    },
  );
  const win = {
    devicePixelRatio: 1,
    requestAnimationFrame: (f: () => void) => {
      frames.set(++handles, f);
      return handles;
    },
    cancelAnimationFrame: (handle: number) => frames.delete(handle),
    setTimeout: (f: () => void) => timers.push(f),
  };
  const canvas = {
    hidden: true,
    width: 1,
    height: 1,
    ownerDocument: { defaultView: win, createElement: () => ({ width: 0, height: 0, getContext: () => ctx }), ...(fonts ? { fonts } : {}) },
    getBoundingClientRect: () => ({ left: 0, top: 0, width: 1440, height: 900 }),
    clientWidth: 1440,
    clientHeight: 900,
    getContext: () => ctx,
    getAttribute: () => null,
    setAttribute: noop,
    removeAttribute: noop,
  };
  const tree = document.getElementById('tree') as unknown as HTMLElement;
  const surface = createSceneSurface({
    canvas: canvas as unknown as HTMLCanvasElement,
    tree,
    transform,
    colors: () => ({ accent: '#4f46e5', hit: '#f59e0b' }),
    ...(now ? { now } : {}),
  });
  const run = (list: Array<() => void>) => {
    for (const f of list.splice(0)) f();
  };
  return {
    surface,
    pods: () => tree.querySelectorAll('[data-kind="pod"]').length,
    frame: () => {
      const due = [...frames.values()];
      frames.clear();
      for (const f of due) f();
    },
    framesWaiting: () => frames.size,
    tasks: () => run(timers),
    paints,
  };
}

function modelOf(nodes: number, pods: number): AnatomyModel {
  return buildModel(generateClusterObjects({ nodes, pods, seed: 5 }), { kind: 'snapshot', name: 'generated.json', namespaces: [] });
}

function layoutOf(nodes: number, pods: number, detail: Detail = 'compact', model = modelOf(nodes, pods)): ClusterLayout {
  return layoutCluster(model, { detail, aspect: 1.6 });
}

describe('the scene surface', () => {
  test('asks for the faces of what its text is set in when it first shows a scene in a language, and paints again each time one of those has loaded', () => {
    const asked: Array<[string, string]> = [];
    const fonts = Object.assign(new EventTarget(), {
      load: (font: string, text: string) => {
        asked.push([font, text]);
        return Promise.resolve([]);
      },
    });
    const loaded = (...ranges: string[]) => Object.assign(new Event('loadingdone'), { fontfaces: ranges.map((unicodeRange) => ({ unicodeRange })) });
    const s = stage(undefined, undefined, fonts);
    assert.equal(asked.length, 0, 'nothing asked before a scene is shown');
    s.surface.show(layoutOf(4, 100), 'light');
    assert.deepEqual(
      asked.map(([font]) => font),
      ['400 16px Pretendard', '600 16px Pretendard'],
    );
    for (const [, text] of asked) for (const c of 'azAZ09-._:/@+&|~…') assert.ok(text.includes(c), `asks for ${c}`);
    assert.ok(!/[가-힣]/.test(asked[0][1]), 'no Hangul for an English picture');
    s.surface.show(layoutOf(4, 100), 'light');
    assert.equal(asked.length, 2, 'asked once a language');
    // The paint, and those that bring its bitmaps up to date.
    for (let i = 0; i < 20 && (i === 0 || s.framesWaiting() > 0); i++) s.frame();
    assert.equal(s.framesWaiting(), 0, 'painted, nothing waiting');
    const painted = s.paints.length;
    fonts.dispatchEvent(loaded('U+ac00-d7a3'));
    assert.equal(s.framesWaiting(), 0, 'a face only the page’s other text needs: nothing to paint again');
    fonts.dispatchEvent(loaded('U+ac00-d7a3', 'U+20-22, U+61-7b'));
    assert.equal(s.framesWaiting(), 1, 'a face of what the canvas writes: a paint asked for');
    s.frame();
    assert.ok(s.paints.length > painted, 'and painted');
    // A Korean picture: its own words too, once.
    s.surface.show({ ...layoutOf(4, 100, 'compact'), lang: 'ko' }, 'light');
    assert.equal(asked.length, 4);
    assert.ok(asked[2][1].includes('파') && asked[2][1].includes('드'), 'the Korean picture’s words');
  });

  test('prepareFonts asks for the same faces before any scene, once a language; the first show then asks nothing more', () => {
    const asked: Array<[string, string]> = [];
    const fonts = Object.assign(new EventTarget(), {
      load: (font: string, text: string) => {
        asked.push([font, text]);
        return Promise.resolve([]);
      },
    });
    const s = stage(undefined, undefined, fonts);
    s.surface.prepareFonts('en');
    assert.deepEqual(asked.map(([font]) => font), ['400 16px Pretendard', '600 16px Pretendard']);
    for (const [, text] of asked) for (const c of 'azAZ09-._:/@+&|~…') assert.ok(text.includes(c), `asks for ${c}`);
    assert.equal(s.framesWaiting(), 0, 'no scene: nothing to paint');
    // A face loaded before there is a scene: nothing to paint yet, and no error.
    fonts.dispatchEvent(Object.assign(new Event('loadingdone'), { fontfaces: [{ unicodeRange: 'U+20-22, U+61-7b' }] }));
    s.frame();
    assert.equal(s.paints.length, 0);
    s.surface.prepareFonts('en');
    s.surface.show(layoutOf(4, 100), 'light');
    assert.equal(asked.length, 2, 'the show finds them asked for');
    s.surface.prepareFonts('ko');
    assert.equal(asked.length, 4, 'another language: its own words');
    assert.ok(asked[2][1].includes('파'));
  });

  test('paints a large scene first, and builds its accessible tree in the task after the paint', () => {
    const s = stage();
    const layout = layoutOf(250, 25_000);
    s.surface.show(layout, 'light');
    assert.equal(s.pods(), 0, 'no tree before the picture');
    s.frame();
    assert.ok(s.paints.length > 0, 'the frame painted');
    assert.equal(s.pods(), 0, 'the tree waits for the task after the paint');
    s.tasks();
    assert.equal(s.pods(), layout.pods.length, 'then every pod is in the tree');
    // Once built, a new scene (a live change) syncs at once.
    const next = { ...layout, pods: layout.pods.slice(1) };
    s.surface.show(next, 'light');
    assert.equal(s.pods(), layout.pods.length - 1);
  });

  test('a large scene whose every box is new (a move to another geometry) is painted first, its tree synced in the task after', () => {
    const s = stage();
    const model = modelOf(250, 25_000);
    const compact = layoutOf(250, 25_000, 'compact', model);
    s.surface.show(compact, 'light');
    s.frame();
    s.tasks();
    assert.equal(s.pods(), compact.pods.length);
    // The same model at another level, less one pod: every box is new.
    const cards = layoutOf(250, 25_000, 'cards', model);
    const fewer = { ...cards, pods: cards.pods.slice(1) };
    s.surface.show(fewer, 'light');
    assert.equal(s.pods(), compact.pods.length, 'the tree waits');
    // A live change before the paint: few items changed since the last scene, but the tree is still at the one before it.
    const live = { ...fewer, pods: fewer.pods.slice(1) };
    s.surface.show(live, 'light');
    assert.equal(s.pods(), compact.pods.length, 'the tree still waits for the paint');
    s.frame();
    s.tasks();
    assert.equal(s.pods(), compact.pods.length - 2, 'then it is synced, with the latest scene');
    // A live change after it touches few items: at once.
    s.surface.show({ ...live, pods: live.pods.slice(1) }, 'light');
    assert.equal(s.pods(), compact.pods.length - 3);
  });

  test('a scene prepared for a layout is the one its show takes; the show of another lets it go', () => {
    const s = stage();
    const model = modelOf(20, 2_000);
    const compact = layoutOf(20, 2_000, 'compact', model);
    const cards = layoutOf(20, 2_000, 'cards', model);
    assert.equal(s.surface.prepare(cards), false, 'nothing shown yet: nothing to prepare for');
    s.surface.show(compact, 'light');
    assert.equal(s.surface.prepare(compact, all), true, 'the layout shown has its scene: what its first paints work out is made ahead');
    assert.equal(s.surface.prepare(compact), false, 'and then nothing more');
    assert.equal(s.surface.prepare(cards, all), true, 'the scene');
    assert.equal(s.surface.prepare(cards, all), true, 'then its text kinds');
    assert.equal(s.surface.prepare(cards), false, 'made already');
    const taken = s.surface.show(cards, 'light');
    assert.ok(taken.layout === cards);
    // Compared as booleans: a failing assertion's report would print the whole delta.
    assert.ok(sceneDelta(taken) === undefined, 'built ahead, not updated from the scene shown before');
    assert.equal(taken.items.length, cards.nodes.length + cards.pods.length + cards.bands.length);
    // Two levels to go to from one: both are kept, the show takes its own.
    const full = layoutOf(20, 2_000, 'full', model);
    assert.ok(finish(s.surface, compact) > 0);
    assert.ok(finish(s.surface, full) > 0);
    assert.equal(s.surface.prepare(compact), false, 'still kept');
    const fullScene = s.surface.show(full, 'light');
    assert.ok(fullScene.layout === full && sceneDelta(fullScene) === undefined);
    assert.equal(s.surface.prepare(compact, all), true, 'the other was let go by that show');
    s.surface.show({ ...cards, pods: cards.pods.slice(1) }, 'light');
    const updated = s.surface.show(compact, 'light');
    assert.ok(sceneDelta(updated) !== undefined, 'the show of another layout let the prepared scene go: this one is updated from the scene shown');
  });

  /** A scene's items, uid map and children, written out (their boxes by place), for comparing two scenes. */
  const sameShape = (scene: ReturnType<typeof buildScene>): string =>
    JSON.stringify([
      scene.items.map((i) => [i.kind, i.uid, i.parent, i.depth, i.index, i.x, i.y, i.width, i.height]),
      [...scene.byUid].map(([uid, item]) => [uid, item.index, item.box === scene.items[item.index]?.box]),
      [...scene.children].map(([at, kids]) => [at, kids.join()]),
    ]);

  test('a show that keeps (another geometry of the same model) holds the scene it replaced as prepared; one that does not lets it go', () => {
    const model = modelOf(20, 2_000);
    const compact = layoutOf(20, 2_000, 'compact', model);
    const cards = layoutOf(20, 2_000, 'cards', model);
    const whole = buildScene(compact);
    let s = stage();
    // Nothing prepared for the cards, and then prepared: either way the scene left is kept whole.
    for (const ahead of [false, true]) {
      s = stage();
      const first = s.surface.show(compact, 'light');
      if (ahead) assert.equal(s.surface.prepare(cards, all), true);
      const shown = s.surface.show(cards, 'light', true);
      assert.ok(sameShape(shown) === sameShape(buildScene(cards)), 'the cards scene is as built');
      // Its text kinds may be left to make (nothing painted it here), but no scene: the one shown next is the one it left.
      finish(s.surface, compact);
      assert.equal(s.surface.prepare(compact), false, 'the scene replaced is kept as made');
      assert.ok(s.surface.show(compact, 'light', true) === first, 'a zoom back shows the very scene it left');
      // Compared as strings: a failing assertion's report would print 2,000 items.
      assert.ok(sameShape(first) === sameShape(whole), 'and it is whole: what a build of its layout gives');
      assert.ok(first.byUid.get(compact.pods[0].uid)?.box === compact.pods[0], 'its uids lead to its own boxes');
      finish(s.surface, cards);
      assert.equal(s.surface.prepare(cards), false, 'and the cards scene is kept in turn');
    }
    // A new model (a live update) keeps nothing of the old.
    const next = layoutOf(20, 2_000, 'compact', modelOf(20, 2_000));
    s.surface.show(next, 'light');
    assert.equal(s.surface.prepare(cards, all), true, 'let go: made again when asked');
  });

  test('prepare makes a scene a part at a time (one a call by default); a show of its layout finishes it, a show of another drops it', () => {
    const s = stage();
    const model = modelOf(20, 2_000);
    const compact = layoutOf(20, 2_000, 'compact', model);
    const cards = layoutOf(20, 2_000, 'cards', model);
    s.surface.show(compact, 'light');
    let calls = 0;
    while (s.surface.prepare(cards)) calls++;
    assert.ok(calls > cards.nodes.length, `${calls} calls for ${cards.nodes.length} nodes: a part is at most a node, or a quadrant`);
    // Half made, then shown: the show finishes it (built, not updated from the scene shown).
    const t = stage();
    t.surface.show(compact, 'light');
    for (let i = 0; i < 5; i++) assert.equal(t.surface.prepare(cards), true);
    const shown = t.surface.show(cards, 'light');
    assert.ok(sceneDelta(shown) === undefined, 'the scene in the making, finished');
    assert.ok(isDeepStrictEqual(shown, buildScene(cards)), 'equal to a scene built at once');
    // Half made, then another layout shown: it is dropped, and begun again for the next prepare.
    const u = stage();
    u.surface.show(compact, 'light');
    u.surface.prepare(cards);
    u.surface.show({ ...compact, pods: compact.pods.slice(1) }, 'light');
    assert.equal(u.surface.prepare(cards, all), true);
    assert.equal(finish(u.surface, cards), 1, 'its text kinds, in one call with time for all');
    assert.equal(u.surface.prepare(cards), false);
  });

  test('paints now, on asking, what waits for the next frame, and not again at that frame', () => {
    // A clock that stands still: the paint never runs out of time (and asks for no frame to catch up).
    const s = stage(() => 0);
    const layout = layoutOf(20, 2_000);
    s.surface.paintNow();
    assert.equal(s.paints.length, 0, 'nothing shown: nothing to paint');
    s.surface.show(layout, 'light');
    assert.equal(s.paints.length, 0, 'a show paints at the next frame');
    s.surface.paintNow();
    assert.equal(s.paints.length, 1, 'painted at once');
    assert.equal(s.framesWaiting(), 0, 'the frame it waited for is given back');
    s.frame();
    assert.equal(s.paints.length, 1);
    s.surface.paintNow();
    assert.equal(s.paints.length, 1, 'nothing new: no paint');
  });

  test('after a paint while the zoom moved (bitmaps drawn without smoothing), paints once more at rest', () => {
    // A clock that stands still: nothing is left stale, only the smoothing asks for the paint at rest.
    let k = 0.05;
    const s = stage(() => 0, () => ({ x: 0, y: 0, k }));
    // The pods level: no overview labels, whose bitmaps of another step would ask for a paint at rest themselves.
    s.surface.setLevel('pods', k);
    s.surface.show(layoutOf(20, 2_000), 'light');
    s.frame();
    assert.equal(s.framesWaiting(), 0, 'the first picture, at rest: no paint after it');
    // Within the bitmaps' scale step (a power of two): none needs painting again, only the smoothing does.
    k = 0.052;
    s.surface.paintSoon();
    s.frame();
    assert.equal(s.framesWaiting(), 1, 'the zoom moved: one more paint asked for');
    const before = s.paints.length;
    s.frame();
    assert.equal(s.paints.length, before + 1, 'painted at rest');
    assert.equal(s.framesWaiting(), 0, 'and no more');
  });

  test('a run of catch-up paints ends with one without a budget: nothing is left waiting, however many nodes there were', () => {
    // A clock always past the paint's time: each catch-up paint paints one bitmap again, and the nodes outnumber the frames allowed.
    let t = 0;
    let k = 0.05;
    const s = stage(() => (t += 10), () => ({ x: 0, y: 0, k }));
    // The pods level: no overview labels, whose bitmaps come at most 48 a paint whatever the time.
    s.surface.setLevel('pods', k);
    s.surface.show(layoutOf(300, 9_000), 'light');
    s.frame();
    // Out to another scale step of the bitmaps: every node's bitmap is painted again, one a paint.
    k = 0.02;
    s.surface.paintSoon();
    let frames = 0;
    while (s.framesWaiting() > 0 && frames < 1000) {
      s.frame();
      frames++;
    }
    assert.ok(frames > 200 && frames <= 242, `${frames} frames of catch-up`);
    // A paint now finds nothing waiting: it asks for no frame after it.
    s.surface.paintSoon();
    s.frame();
    assert.equal(s.framesWaiting(), 0, 'nothing left for later');
  });

  test('builds a small scene\'s tree at once, and none for a surface hidden before its paint', () => {
    const small = stage();
    const layout = layoutOf(5, 200);
    small.surface.show(layout, 'light');
    assert.equal(small.pods(), layout.pods.length);

    const hidden = stage();
    hidden.surface.show(layoutOf(250, 25_000), 'light');
    hidden.surface.hide();
    hidden.frame();
    hidden.tasks();
    assert.equal(hidden.pods(), 0);
  });
});
