// The canvas side of the drawing area: a <canvas> the scene is painted on
// (renderer/draw/canvas2d.ts), and beside it the accessible tree
// (renderer/draw/a11y-tree.ts) that gives screen readers, the keyboard and
// tests the same objects, attributes and nesting the SVG would have. Paints
// happen on animation frames: however many moves or marks arrive within one
// frame, the canvas is painted once, with the latest of each. A live model's
// picture is painted at once, in the task that showed it (paintNow).
// Each paint's work is recorded as a performance measure ('ka-paint'), so a
// benchmark can read what a frame cost.

import { labelsOutOfStep, overviewLabels, type Level, type OverviewLabel } from '../layout/lod.ts';
import type { ClusterLayout } from '../layout/types.ts';
import { buildScene, sceneInParts, hitAt, NO_MARKS, sceneDelta, updateScene, type Scene, type SceneItem, type SceneMarks } from '../scene/scene.ts';
import { createAccessibleTree, type AccessibleTree } from '../draw/a11y-tree.ts';
import { paintScene, textKindsInParts } from '../draw/canvas2d.ts';
import { markWarnedElements } from '../draw/warning-marks.ts';
import { finishParts, runParts } from '../../main/common/parts.ts';
import { unicodeRanges } from '../../main/common/unicode-range.ts';
import { FONT_FAMILY, themeByName, type ThemeName } from '../draw/theme.ts';
import { watchedSize, type ResizeHost } from './view-size.ts';
import { boundedMeasure } from './measures.ts';
import { pictureCatalog } from '../../main/i18n/catalogs/picture.ts';
import type { Lang } from '../../main/i18n/index.ts';

/** Frames in a row painted only to bring stand-in bitmaps up to date. */
const MAX_CATCH_UP = 240;
/**
 * A paint's time (ms) after which bitmaps painted again only for a new scale
 * wait for the next frames (their stand-ins are drawn meanwhile): what a
 * frame may spend on them, so that a zoom's frames stay within the issue's
 * 8 ms of work (issue 8) instead of a few of them taking 20-60 ms. What
 * follows the bitmaps in a paint (labels, outlines) comes on top: at 4 ms,
 * a third of the overview's catch-up paints at 100,000 pods went over 8 ms,
 * at 2 ms a tenth (browser-canvas.ts --large, A/B in one run).
 */
export const PAINT_BUDGET_MS = 2;
/** Items from which a tree built from nothing waits for the first paint. */
const TREE_AFTER_PAINT = 20_000;

export interface SurfaceHost {
  canvas: HTMLCanvasElement;
  /** Where the accessible tree lives. */
  tree: HTMLElement;
  /** The current pan and zoom: screen = layout × k + (x, y). */
  transform(): { x: number; y: number; k: number };
  /** Outline colours of hover / selection and of search hits, from the stylesheet. */
  colors(): { accent: string; hit: string };
  /** The clock paints are timed by (PAINT_BUDGET_MS); performance.now() unless a test passes its own. */
  now?(): number;
}

export interface SceneSurface {
  /**
   * Makes the layout's scene (from the last one, if any, or takes the one
   * prepared), brings the accessible tree up to date and paints on the next
   * frame. `keep`: the layout is another geometry of the model shown (a zoom
   * came to rest at another level), so the scene it replaces is kept as
   * prepared: a zoom back is a show of that layout again.
   */
  show(layout: ClusterLayout, theme: ThemeName, keep?: boolean): Scene;
  /**
   * Makes the scene of a layout that may be shown next (another geometry of
   * the model shown), kept until the next show, which takes it when it shows
   * that layout and lets every other go; then, and for the layout shown, what
   * the first paints of the scene would work out (the kinds of text each
   * node's bitmap holds). False when all that is made. Made in parts while
   * `more()` says so (at least one part; by default one), going on at the
   * next call; a show of that layout finishes the scene.
   */
  prepare(layout: ClusterLayout, more?: () => boolean): boolean;
  /**
   * Asks now for the faces of what a scene's text in `lang` is set in, as
   * the first show would: the page calls it when a cluster it will draw here
   * is still being read, so that the faces come while the page waits for
   * the model rather than after its first paint (then painted again).
   */
  prepareFonts(lang: Lang): void;
  /** The SVG draws instead: the canvas is hidden and the tree emptied. */
  hide(): void;
  scene(): Scene | undefined;
  tree(): AccessibleTree;
  setLevel(level: Level, scale: number): void;
  setMarks(marks: SceneMarks): void;
  setHovered(uid: string | undefined): void;
  /** The object the keyboard is on (in the accessible tree): outlined as hovered while the pointer is on none. */
  setFocused(uid: string | undefined): void;
  /** The item under a point of the window (clientX, clientY). */
  itemAt(clientX: number, clientY: number): SceneItem | undefined;
  /** Paints on the next frame (the view moved or was resized). */
  paintSoon(): void;
  /**
   * Paints now what waits for the next frame, if anything: a live model's
   * picture in the task that showed it. At the next frame it is a second long
   * task, a second dropped frame for each model at 100,000 pods.
   */
  paintNow(): void;
  /** Pods (by uid) with recent Warning events: marked on the canvas, and in the tree with `label`. */
  setWarned(uids: ReadonlySet<string>, label: string): void;
}

/** The family the canvas's text is set in first (theme.ts FONT_FAMILY), whose subsets it asks for. */
const FIRST_FAMILY = FONT_FAMILY.split(',')[0]!.trim();
/** Printable ASCII (names, IPs, images) and the few other signs the picture's own words use. */
const ASCII_AND_SIGNS = `${Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)).join('')}…×→·•●–—`;

/** What a canvas's text is set in for a picture in `lang`: ASCII and signs, and the picture's own words in that language. */
export function canvasCharacters(lang: Lang): string {
  if (lang === 'en') return ASCII_AND_SIGNS;
  const own = new Set(Object.values(pictureCatalog[lang]).join(''));
  for (const c of ASCII_AND_SIGNS) own.delete(c);
  return ASCII_AND_SIGNS + [...own].join('');
}

/** Whether a face's unicode-range ("U+20-7e, U+ac00") holds any of `codes`. */
export function rangeMeets(range: string, codes: ReadonlySet<number>): boolean {
  for (const [a, b] of unicodeRanges(range)) {
    if (b - a < codes.size) {
      for (let c = a; c <= b; c++) if (codes.has(c)) return true;
    } else {
      for (const c of codes) if (c >= a && c <= b) return true;
    }
  }
  return false;
}

export function createSceneSurface(host: SurfaceHost): SceneSurface {
  const { canvas } = host;
  const win = canvas.ownerDocument.defaultView!;
  const tree = createAccessibleTree(host.tree);
  // Kept between resizes: read every paint, a fresh measure would force a layout each frame of a zoom.
  const size = watchedSize(canvas, win as ResizeHost);
  let scene: Scene | undefined;
  let theme: ThemeName = 'light';
  let level: Level = 'overview';
  let scale = 1;
  let marks: SceneMarks = NO_MARKS;
  let hovered: string | undefined;
  let focused: string | undefined;
  let labels: { scale: number; layout: ClusterLayout; list: OverviewLabel[] } | undefined;
  let frame = 0;
  let visible = false;
  let catchUp = 0;
  const measurePaint = boundedMeasure('ka-paint');
  let treeDue = false;
  /** Scenes made ahead for layouts that may be shown next (prepare), by layout: a settle may go to either of two other levels. */
  const prepared = new Map<ClusterLayout, Scene>();
  /** The scene prepare is making in parts. */
  let making: { layout: ClusterLayout; parts: Generator<void, Scene, void> } | undefined;
  /** The rest of the scene in the making, if it is of `layout`. */
  const madeOf = (layout: ClusterLayout): Scene | undefined => (making?.layout === layout ? finishParts(making.parts) : undefined);
  /**
   * The page's font comes as subsets (renderer/fonts.css) that a page loads
   * as its DOM's text needs them; text on a canvas asks for none, and is set
   * in a stand-in font where a subset is not there yet. So the surface asks,
   * in both weights, for the faces of what its text is set in (printable
   * ASCII, and the picture's own words in its language), and each time one
   * of those has loaded it paints again, telling the painter the count, on
   * which it makes its node and label bitmaps anew: what was painted before
   * may hold stand-in glyphs. A face loaded for
   * the page's other text only (a panel's) leaves them be: at 100,000 pods,
   * painting every bitmap again is a long frame.
   */
  let fontsLoaded = 0;
  const fonts = (canvas.ownerDocument as Document & { fonts?: FontFaceSet }).fonts;
  const fontsWork = !!fonts && typeof fonts.addEventListener === 'function' && typeof fonts.load === 'function';
  /** The code points the surface asked faces for. */
  const wanted = new Set<number>();
  if (fontsWork) {
    fonts.addEventListener('loadingdone', (event) => {
      const faces = (event as Event & { fontfaces?: readonly FontFace[] }).fontfaces;
      if (faces && faces.length > 0 && !faces.some((face) => rangeMeets(face.unicodeRange, wanted))) return;
      fontsLoaded++;
      surface.paintSoon();
    });
  }
  /** Asked for when the surface first shows a scene in a language: a page the SVG draws loads only what its text needs. */
  const asked = new Set<Lang>();
  const askFonts = (lang: Lang): void => {
    if (asked.has(lang) || !fontsWork) return;
    asked.add(lang);
    const text = canvasCharacters(lang);
    for (const c of text) wanted.add(c.codePointAt(0)!);
    for (const weight of [400, 600]) fonts.load(`${weight} 16px ${FIRST_FAMILY}`, text).catch(() => {});
  };
  /** The scene the tree was last synced with. */
  let treeScene: Scene | undefined;
  let warned: { uids: ReadonlySet<string>; label: string } = { uids: new Set(), label: '' };
  /** The tree as it is now carries the warnings (its pods' elements are made by sync). */
  const syncTree = (s: Scene): void => {
    tree.sync(s);
    treeScene = s;
    markWarnedElements(host.tree, warned.uids, (uid) => tree.element(uid), warned.label);
  };

  /** Scenes whose text kinds are worked out (textKindsInParts), and the one being worked on. */
  const kinded = new WeakSet<Scene>();
  let kinding: { scene: Scene; parts: Generator<void, void, void> } | undefined;
  /** Works on a scene's text kinds while `more()` says so (a part at least); false once done. */
  function warmKinds(s: Scene, more: () => boolean): boolean {
    if (kinded.has(s)) return false;
    if (kinding?.scene !== s) kinding = { scene: s, parts: textKindsInParts(s) };
    if (runParts(kinding.parts, more)) {
      kinded.add(s);
      kinding = undefined;
    }
    return true;
  }

  function overview(): OverviewLabel[] {
    if (!scene || level !== 'overview') return [];
    if (!labels || labels.layout !== scene.layout || labelsOutOfStep(labels.scale, scale)) {
      labels = { scale, layout: scene.layout, list: overviewLabels(scene.layout, scale) };
    }
    return labels.list;
  }

  function paint(): void {
    frame = 0;
    if (!visible || !scene) return;
    if (treeDue) {
      // After this task, so after the picture: the scene current then (a newer one may have come), unless synced meanwhile.
      treeDue = false;
      win.setTimeout(() => {
        if (visible && scene && scene !== treeScene) syncTree(scene);
      }, 0);
    }
    const now = host.now ?? (() => performance.now());
    const started = now();
    const view = size();
    const dpr = win.devicePixelRatio || 1;
    const width = Math.max(1, Math.round(view.width));
    const height = Math.max(1, Math.round(view.height));
    if (canvas.width !== Math.round(width * dpr) || canvas.height !== Math.round(height * dpr)) {
      canvas.width = Math.round(width * dpr);
      canvas.height = Math.round(height * dpr);
    }
    const ctx = canvas.getContext('2d', { alpha: false });
    if (!ctx) return;
    const t = host.transform();
    const stats = paintScene(ctx, scene, { x: t.x, y: t.y, k: t.k, width, height, dpr }, {
      theme: themeByName(theme),
      fonts: fontsLoaded,
      level,
      marks: { ...marks, hovered: hovered ?? focused },
      overview: overview(),
      markColors: host.colors(),
      // The last of a run of catch-up paints has no budget: what still waits is painted, none left bare.
      ...(catchUp < MAX_CATCH_UP ? { budget: { now, until: started + PAINT_BUDGET_MS } } : {}),
      warned: warned.uids,
    });
    // Bitmaps painted for another scale stood in: paint again next frame to bring
    // them up to date, a budget a frame, for as long as some are left (bounded,
    // so that a painter that never catches up cannot keep the page busy).
    // Drawn without smoothing (the zoom moved): once more at rest, smoothed, whether or not anything is stale.
    if ((stats.stale > 0 || stats.rough) && catchUp < MAX_CATCH_UP) {
      catchUp++;
      frame = win.requestAnimationFrame(paint);
    } else if (stats.stale === 0) catchUp = 0;
    // Written only when they differ, as the SVG root's attributes are (cluster.ts): not a style invalidation every frame.
    if (canvas.getAttribute('data-level') !== level) canvas.setAttribute('data-level', level);
    const painted = String(scene.items.length);
    if (canvas.getAttribute('data-painted') !== painted) canvas.setAttribute('data-painted', painted);
    // Kept for a benchmark to read, with what the paint did (a slow frame says why).
    measurePaint(started, { level, k: t.k, items: stats.items, texts: stats.texts, rendered: stats.rendered, labels: stats.labels, stale: stats.stale, patched: stats.patched, culled: stats.culled, cached: stats.cached });
  }

  // Moved to a screen of another pixel density, the canvas is the same size in
  // CSS px (no resize is seen) but needs a bitmap of another size.
  const watchDensity = () => {
    const query = win.matchMedia?.(`(resolution: ${win.devicePixelRatio || 1}dppx)`);
    query?.addEventListener?.(
      'change',
      () => {
        surface.paintSoon();
        watchDensity();
      },
      { once: true },
    );
  };
  watchDensity();

  const surface: SceneSurface = {
    prepareFonts(lang) {
      askFonts(lang);
    },
    show(layout, name, keep = false) {
      askFonts(layout.lang ?? 'en');
      // A live update's scene is made from the last one, keeping what did not change (and the tree touches only the rest).
      const ready = prepared.get(layout) ?? madeOf(layout);
      making = undefined;
      const outgoing = scene;
      if (ready && scene?.layout !== layout) scene = ready;
      else if (!scene) scene = buildScene(layout);
      // Another geometry of the same model: almost every box is new, so a scene built anew costs no more than one
      // updated, and it leaves the one it replaces whole (updateScene spends it) to be kept.
      else if (scene.layout !== layout) scene = keep ? buildScene(layout) : updateScene(scene, layout);
      prepared.clear();
      // At 100,000 pods a zoom back to the overview made its scene again from the pods level's (about 190 ms).
      if (keep && outgoing && outgoing !== scene) prepared.set(outgoing.layout, outgoing);
      // Text kinds under way for a scene let go (spent by an update, or no longer kept): they would hold it.
      if (kinding && kinding.scene !== scene && prepared.get(kinding.scene.layout) !== kinding.scene) kinding = undefined;
      theme = name;
      // A large tree built from nothing takes longer than the paint: the picture
      // comes first, the tree in the task after it. So does a sync that touches
      // as many items: a move's end at another geometry makes every box anew
      // (150 ms of tree at 100,000 pods, before the picture could show). A live
      // update touches only what changed, and goes at once.
      // What a sync touches is the delta only when it is from the scene the tree holds (tree.sync then goes by it).
      const delta = sceneDelta(scene);
      const touched = delta && treeScene !== undefined && delta.from.deref() === treeScene ? delta.fresh.length + delta.dropped.length : scene.items.length;
      if (touched > TREE_AFTER_PAINT) treeDue = true;
      else {
        treeDue = false;
        syncTree(scene);
      }
      if (!visible) {
        visible = true;
        canvas.hidden = false;
        host.tree.hidden = false;
      }
      canvas.setAttribute('data-detail', layout.detail);
      surface.paintSoon();
      return scene;
    },
    prepare(layout, more = () => false) {
      if (!visible || !scene) return false;
      // Made, or shown: what the canvas works out of a scene on its first paints, worked out ahead.
      const made = scene.layout === layout ? scene : prepared.get(layout);
      if (made) return warmKinds(made, more);
      if (making?.layout !== layout) making = { layout, parts: sceneInParts(layout) };
      const done = runParts(making.parts, more);
      if (done) {
        prepared.set(layout, done.value);
        making = undefined;
      }
      return true;
    },
    hide() {
      prepared.clear();
      making = undefined;
      kinding = undefined;
      if (!visible && !scene) return;
      visible = false;
      scene = undefined;
      labels = undefined;
      hovered = undefined;
      focused = undefined;
      marks = NO_MARKS;
      treeDue = false;
      tree.clear();
      treeScene = undefined;
      canvas.hidden = true;
      host.tree.hidden = true;
      canvas.removeAttribute('data-painted');
      // A hidden canvas keeps no large bitmap.
      canvas.width = 1;
      canvas.height = 1;
    },
    scene: () => scene,
    tree: () => tree,
    setLevel(l, k) {
      if (l === level && k === scale) return;
      level = l;
      scale = k;
      surface.paintSoon();
    },
    setMarks(m) {
      marks = m;
      surface.paintSoon();
    },
    setFocused(uid) {
      if (uid === focused) return;
      focused = uid;
      surface.paintSoon();
    },
    setHovered(uid) {
      if (uid === hovered) return;
      hovered = uid;
      surface.paintSoon();
    },
    itemAt(clientX, clientY) {
      if (!scene || !visible) return undefined;
      const rect = canvas.getBoundingClientRect();
      const t = host.transform();
      return hitAt(scene, (clientX - rect.left - t.x) / t.k, (clientY - rect.top - t.y) / t.k);
    },
    setWarned(uids, label) {
      warned = { uids, label };
      if (visible && !treeDue) markWarnedElements(host.tree, uids, (uid) => tree.element(uid), label);
      surface.paintSoon();
    },
    paintSoon() {
      catchUp = 0;
      if (!visible || frame) return;
      frame = win.requestAnimationFrame(paint);
    },
    paintNow() {
      if (!frame) return;
      win.cancelAnimationFrame(frame);
      paint();
    },
  };
  return surface;
}
