// The mark a pod with recent Warning events carries in the picture (issue 12):
// a small amber triangle at its top right, data-warning="true" on the pod's
// group, and the mark's own <title> and aria-label for a tooltip and screen
// readers. Drawn over the finished drawing, so a live patch that redraws a
// pod loses nothing: the marks are set again after every render. Only the
// app's view carries them; an export draws the picture without.
//
// The canvas renderer paints the same triangle at the same place
// (paintWarningMarks, called by canvas2d.ts paintScene), dimmed with its pod,
// and its accessible tree's pods carry data-warning and the words
// (markWarnedElements). Which pods, and until when, is the session's
// (main/model/events.ts recentWarnings): both renderers draw one set.

import type { Scene, SceneItem, SceneMarks } from '../scene/scene.ts';
// Dimmed as canvas2d dims the pod's box and outline: the same walk up its ancestors.
import { dimmedIn, type PaintContext } from './canvas2d.ts';

const SVG_NS = 'http://www.w3.org/2000/svg';
const MARK = 'ka-warning-mark';
/** The triangle's size in drawing units, and its fill and edge (amber on any theme). */
const SIZE = 12;
export const WARNING_MARK_SIZE = SIZE;
/** Its inset from the pod's top right corner, in drawing units. */
const INSET = 3;
const FILL = '#f59e0b';
const EDGE = '#78350f';

export interface WarnedPod {
  element: Element;
  /** The pod's drawn width: the mark sits at its top right. */
  width: number;
}

/** The mark's left edge in a pod's box `width` wide: INSET in from its right, never left of the box. */
function markLeft(width: number): number {
  return Math.max(0, width - SIZE - INSET);
}

/** Where the mark sits in a pod's box (from its top left), and its size: SIZE, at INSET from the top right corner. */
export function warningMarkAt(width: number): { x: number; y: number; size: number } {
  return { x: markLeft(width), y: INSET, size: SIZE };
}

/** The triangle with its "!" cut out (even-odd), at (x, y), as SVG draws it. */
function markPath(ctx: PaintContext, x: number, y: number): void {
  const h = SIZE / 2;
  ctx.moveTo(x + h, y);
  ctx.lineTo(x + SIZE, y + SIZE);
  ctx.lineTo(x, y + SIZE);
  ctx.lineTo(x + h, y);
  ctx.rect(x + h - 0.75, y + 4, 1.5, 4);
  ctx.rect(x + h - 0.75, y + 9, 1.5, 1.5);
}

/**
 * The warned pods' items of a scene, in scene order: found once per set and
 * scene (a new set comes with an 'events' notice, a new scene with a model),
 * so a frame only culls boxes, with no lookup per warned pod.
 */
const WARNED_ITEMS = new WeakMap<ReadonlySet<string>, { scene: Scene; items: SceneItem[] }>();
function warnedItems(scene: Scene, warned: ReadonlySet<string>): SceneItem[] {
  const known = WARNED_ITEMS.get(warned);
  if (known && known.scene === scene) return known.items;
  const items: SceneItem[] = [];
  for (const uid of warned) {
    const item = scene.byUid.get(uid);
    if (item && item.kind === 'pod') items.push(item);
  }
  items.sort((a, b) => a.index - b.index);
  WARNED_ITEMS.set(warned, { scene, items });
  return items;
}

/**
 * Paints the marks of the `warned` pods (by uid) on the view, in layout units
 * (the context's transform set), the dimmed ones after `alpha(true)` (the
 * painter's own opacity state): one path a pass, nothing allocated per pod or
 * per frame. Returns how many marks were painted.
 */
export function paintWarningMarks(
  ctx: PaintContext,
  scene: Scene,
  warned: ReadonlySet<string>,
  marks: SceneMarks,
  view: { x: number; y: number; width: number; height: number },
  alpha: (dim: boolean) => void,
): number {
  if (warned.size === 0) return 0;
  const items = warnedItems(scene, warned);
  const x1 = view.x + view.width;
  const y1 = view.y + view.height;
  let painted = 0;
  for (let pass = 0; pass < 2; pass++) {
    const dim = pass === 1;
    if (dim && !marks.searching) break;
    const before = painted;
    for (let i = 0; i < items.length; i++) {
      const item = items[i]!;
      if (item.x > x1 || item.y > y1 || item.x + item.width < view.x || item.y + item.height < view.y) continue;
      if (dimmedIn(scene, item, marks) !== dim) continue;
      if (painted === before) {
        alpha(dim);
        ctx.beginPath();
      }
      // warningMarkAt's place, without its object per pod.
      markPath(ctx, item.x + markLeft(item.width), item.y + INSET);
      painted += 1;
    }
    if (painted === before) continue;
    ctx.fillStyle = FILL;
    ctx.fill('evenodd');
    ctx.strokeStyle = EDGE;
    ctx.lineWidth = 0.75;
    ctx.stroke();
  }
  return painted;
}

const WARNED_ELEMENTS = new WeakMap<Element, Set<Element>>();

/**
 * The accessible tree's side of the canvas's marks: the pods of `uids` (found
 * by `elementOf`) carry data-warning="true" and the mark's words as their
 * aria-description, and those that no longer are lose both.
 */
export function markWarnedElements(root: Element, uids: ReadonlySet<string>, elementOf: (uid: string) => Element | undefined, label: string): number {
  const before = WARNED_ELEMENTS.get(root);
  const now = new Set<Element>();
  for (const uid of uids) {
    const el = elementOf(uid);
    if (!el || el.getAttribute('data-kind') !== 'pod') continue;
    if (el.getAttribute('data-warning') !== 'true') el.setAttribute('data-warning', 'true');
    if (el.getAttribute('aria-description') !== label) el.setAttribute('aria-description', label);
    now.add(el);
  }
  if (before) {
    for (const el of before) {
      if (now.has(el)) continue;
      el.removeAttribute('data-warning');
      el.removeAttribute('aria-description');
    }
  }
  WARNED_ELEMENTS.set(root, now);
  return now.size;
}

/**
 * Marks the pods of `uids` (found by `pod`) and unmarks every other pod of
 * `drawing` that carried the mark; returns how many are marked. `label` is
 * the mark's words in the page's language.
 */
export function markWarnings(drawing: Element, uids: ReadonlySet<string>, pod: (uid: string) => WarnedPod | undefined, label: string): number {
  for (const el of Array.from(drawing.querySelectorAll('[data-warning]'))) {
    const uid = el.getAttribute('data-uid');
    if (uid !== null && uids.has(uid) && pod(uid)?.element === el) continue;
    el.removeAttribute('data-warning');
    ownMark(el)?.remove();
  }
  let marked = 0;
  for (const uid of uids) {
    const found = pod(uid);
    if (!found || found.element.getAttribute('data-kind') !== 'pod') continue;
    const { element, width } = found;
    element.setAttribute('data-warning', 'true');
    let mark = ownMark(element);
    if (!mark) {
      const doc = element.ownerDocument;
      mark = doc.createElementNS(SVG_NS, 'g');
      mark.setAttribute('class', MARK);
      mark.setAttribute('role', 'img');
      mark.appendChild(doc.createElementNS(SVG_NS, 'title'));
      const path = doc.createElementNS(SVG_NS, 'path');
      path.setAttribute('d', `M${SIZE / 2} 0 L${SIZE} ${SIZE} H0 Z M${SIZE / 2 - 0.75} 4 h1.5 v4 h-1.5 Z M${SIZE / 2 - 0.75} 9 h1.5 v1.5 h-1.5 Z`);
      path.setAttribute('fill', FILL);
      path.setAttribute('fill-rule', 'evenodd');
      path.setAttribute('stroke', EDGE);
      path.setAttribute('stroke-width', '0.75');
      mark.appendChild(path);
      element.appendChild(mark);
    }
    const at = warningMarkAt(width);
    mark.setAttribute('transform', `translate(${at.x},${at.y})`);
    mark.setAttribute('aria-label', label);
    const title = mark.firstElementChild;
    if (title && title.textContent !== label) title.textContent = label;
    marked += 1;
  }
  return marked;
}

function ownMark(el: Element): Element | undefined {
  for (const c of Array.from(el.children)) if (c.getAttribute('class') === MARK) return c;
  return undefined;
}
