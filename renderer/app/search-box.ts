// The search box: typing searches (debounced), Enter / Shift+Enter walk the
// matches, Escape clears and then leaves the box. The cycling rule is pure.

export interface SearchBox {
  clear(): void;
  focus(): void;
  value(): string;
}

export interface SearchBoxEvents {
  query(text: string): void;
  /** Enter (forward) or Shift+Enter (backward), after any pending query has run. */
  step(backward: boolean): void;
  cleared(): void;
}

/** The next match position: -1 means none chosen yet. */
export function nextCursor(cursor: number, count: number, backward: boolean): number {
  if (count <= 0) return -1;
  if (backward) return cursor <= 0 || cursor > count ? count - 1 : cursor - 1;
  return cursor < 0 || cursor >= count - 1 ? 0 : cursor + 1;
}

const DEBOUNCE_MS = 120;

export function createSearchBox(input: HTMLInputElement, events: SearchBoxEvents): SearchBox {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const flush = () => {
    if (timer === undefined) return;
    clearTimeout(timer);
    timer = undefined;
    events.query(input.value);
  };
  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(flush, DEBOUNCE_MS);
  });
  const box: SearchBox = {
    clear() {
      clearTimeout(timer);
      timer = undefined;
      input.value = '';
      events.cleared();
    },
    focus() {
      input.focus();
      input.select();
    },
    value: () => input.value,
  };
  input.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      flush();
      events.step(e.shiftKey);
    } else if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      if (input.value) box.clear();
      else input.blur();
    }
  });
  return box;
}
