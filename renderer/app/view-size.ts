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
export function watchedSize(el: Element & Sized, host: ResizeHost, fallback = { width: 800, height: 600 }): () => { width: number; height: number } {
  let size: { width: number; height: number } | undefined;
  // Without an observer nothing tells of a resize: every read measures.
  const keep = host.ResizeObserver !== undefined;
  if (host.ResizeObserver) new host.ResizeObserver(() => (size = undefined)).observe(el);
  return () => {
    if (size) return size;
    const width = el.clientWidth;
    const height = el.clientHeight;
    if (!width || !height) return { width: width || fallback.width, height: height || fallback.height };
    const measured = { width, height };
    if (keep) size = measured;
    return measured;
  };
}
