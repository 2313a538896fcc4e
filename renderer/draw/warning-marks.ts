// The mark a pod with recent Warning events carries in the picture (issue 12):
// a small amber triangle at its top right, data-warning="true" on the pod's
// group, and the mark's own <title> and aria-label for a tooltip and screen
// readers. Drawn over the finished drawing, so a live patch that redraws a
// pod loses nothing: the marks are set again after every render. Only the
// app's view carries them; an export draws the picture without.

const SVG_NS = 'http://www.w3.org/2000/svg';
const MARK = 'ka-warning-mark';
/** The triangle's size in drawing units, and its fill and edge (amber on any theme). */
const SIZE = 12;
const FILL = '#f59e0b';
const EDGE = '#78350f';

export interface WarnedPod {
  element: Element;
  /** The pod's drawn width: the mark sits at its top right. */
  width: number;
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
    mark.setAttribute('transform', `translate(${Math.max(0, width - SIZE - 3)},3)`);
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
