// The size of an element in CSS px, kept between resizes rather than read
// from the DOM at each use: a read after the page changed makes the browser
// lay the page out first, which a live update would pay for every model.

/** What this needs of a window; tests pass their own. */
export interface ResizeHost {
  ResizeObserver?: new (callback: () => void) => { observe(target: Element): void };
}

export interface Sized {
  clientWidth: number;
  clientHeight: number;
}

/**
 * A reader of the element's client size, measured once and again only after a
 * ResizeObserver saw it change (a zoom of the page, which changes the pixel
 * density, changes the CSS size too and is seen the same way). A size of zero
 * (not laid out yet) gives the fallback and is not kept.
 */
export function watchedSize(
  el: Element & Sized,
  host: ResizeHost,
  fallback = { width: 800, height: 600 },
  measured?: (size: { width: number; height: number }) => void,
): () => { width: number; height: number } {
  let size: { width: number; height: number } | undefined;
  // Without an observer nothing tells of a resize: every read measures.
  const keep = host.ResizeObserver !== undefined;
  if (host.ResizeObserver) new host.ResizeObserver(() => (size = undefined)).observe(el);
  return () => {
    if (size) return size;
    const width = el.clientWidth;
    const height = el.clientHeight;
    if (!width || !height) return { width: width || fallback.width, height: height || fallback.height };
    const now = { width, height };
    if (keep) size = now;
    measured?.(now);
    return now;
  };
}

/**
 * The size of `box`, read as watchedSize reads it, with `el` (absolutely
 * placed in `box`) given that size in CSS px at each read that finds it
 * changed, rather than sized as a percentage. Chromium lays out again every
 * percentage-sized descendant of a box it lays out, and an SVG root laid out
 * again lays out all it holds, every text anew: with a percentage size, any
 * change elsewhere in the page (the zoom level's label, at each step of a
 * zoom) laid out the whole drawing, 1-3 s a step at 1,000 pods here. With a
 * size of its own it is laid out when it changes or when its size does.
 */
export function pinnedSize(el: { style?: { width: string; height: string } }, box: Element & Sized, host: ResizeHost, fallback?: { width: number; height: number }): () => { width: number; height: number } {
  let pinned: { width: number; height: number } | undefined;
  return watchedSize(box, host, fallback, (size) => {
    if (!el.style || (pinned && pinned.width === size.width && pinned.height === size.height)) return;
    pinned = size;
    el.style.width = `${size.width}px`;
    el.style.height = `${size.height}px`;
  });
}
