// A container's log at the end of its details (logs:open, logs:read by long
// poll, logs:close): the last N lines, follow, the previous instance,
// timestamps on request, and a search that marks or filters the lines (/ or
// Ctrl+F in the section). The lines are the container's text: terminal
// escapes and controls are made visible (showControls, then dom.ts marks the
// invisible format characters), and they reach the DOM only as text. The
// section keeps its log while its element stays in the panel; sweep() closes
// every log whose element left it or whose panel was closed, which aborts a
// follow in the main process.

import { DEFAULT_LOG_TAIL, LOG_TAIL_CHOICES, type LogsChunk, type LogsOpenRequest, type LogsReadRequest } from '../../../main/contract/logs.ts';
import { MAX_LINES, showControls, type LogLine } from '../../../main/model/logs.ts';
import { el, setText } from '../dom.ts';
import type { Translate } from '../strings.ts';
// A failed call in the page's language when it is the app's (a forbidden log says who and where), else as written.
import { errorText } from '../status-text.ts';

export interface LogsSectionOptions {
  open(req: LogsOpenRequest): Promise<LogsChunk>;
  read(req: LogsReadRequest): Promise<LogsChunk>;
  close(id: string): Promise<void> | void;
  /** Long-poll wait asked of logs:read; default 20 s. */
  waitMs?: number;
}

export interface LogsTarget {
  namespace: string;
  pod: string;
  container: string;
  /** The container's restarts: the previous instance is offered only after one. */
  restarts: number;
  /** The pod's uid, when known: a pod made again under the same name (a StatefulSet's) is another pod, with another log. */
  podUid?: string;
}

export interface LogsSection {
  /** The log section of one container; the same element while it stays in the panel. */
  element(target: LogsTarget, t: Translate): HTMLElement;
  /** Closes the logs no longer shown: their element left the document, or `panelOpen` is false. */
  sweep(panelOpen: boolean): void;
  /** Logs open now, for tests. */
  open(): number;
}

interface Entry {
  key: string;
  target: LogsTarget;
  t: Translate;
  node: HTMLElement;
  lines: HTMLElement;
  status: HTMLElement;
  search: HTMLInputElement;
  filter: HTMLInputElement;
  timestamps: HTMLInputElement;
  kept: LogLine[];
  /** The open log's id, while open. */
  id?: string;
  /** Bumped at each (re)open: a read of an older one is dropped. */
  generation: number;
  tail: number;
  follow: boolean;
  previous: boolean;
}

export function createLogsSection(doc: Document, options: LogsSectionOptions): LogsSection {
  const entries = new Map<string, Entry>();
  const waitMs = options.waitMs ?? 20_000;

  function stop(entry: Entry): void {
    entry.generation += 1;
    if (entry.id !== undefined) void Promise.resolve(options.close(entry.id)).catch(() => {});
    entry.id = undefined;
  }

  async function run(entry: Entry): Promise<void> {
    stop(entry);
    const generation = entry.generation;
    entry.kept = [];
    entry.lines.replaceChildren();
    const { namespace, pod, container } = entry.target;
    let chunk: LogsChunk;
    try {
      chunk = await options.open({ namespace, pod, container, tailLines: entry.tail, previous: entry.previous, follow: entry.follow });
    } catch (err) {
      if (generation === entry.generation) setText(entry.status, entry.t('logs.failed', { message: errorText(err, entry.t) }));
      return;
    }
    if (generation !== entry.generation) {
      void Promise.resolve(options.close(chunk.id)).catch(() => {});
      return;
    }
    entry.id = chunk.id;
    let after = 0;
    for (;;) {
      after = take(entry, chunk, after);
      // A reply is cut at a size: an ended log may still hold lines past it (chunk.last), read on for them.
      if ((chunk.phase === 'ended' || chunk.phase === 'failed' || chunk.phase === 'closed') && after >= chunk.last) return;
      // Shown no more: the panel went, or another object is shown.
      if (!entry.node.isConnected) {
        forget(entry);
        return;
      }
      try {
        chunk = await options.read({ id: chunk.id, after, waitMs });
      } catch (err) {
        if (generation === entry.generation) setText(entry.status, entry.t('logs.failed', { message: errorText(err, entry.t) }));
        return;
      }
      if (generation !== entry.generation) return;
    }
  }

  /** Shows a chunk's lines and state; returns the seq read up to. */
  function take(entry: Entry, chunk: LogsChunk, after: number): number {
    const t = entry.t;
    if (chunk.lines.length > 0) {
      entry.kept.push(...chunk.lines);
      const over = entry.kept.length - MAX_LINES;
      if (over > 0) entry.kept.splice(0, over);
      const query = entry.search.value;
      for (const line of chunk.lines) {
        const row = lineNode(doc, line, entry.timestamps.checked, query, t);
        if (entry.filter.checked && query && !row.hasAttribute('data-match')) row.hidden = true;
        entry.lines.appendChild(row);
      }
      while (entry.lines.childElementCount > MAX_LINES) entry.lines.firstElementChild?.remove();
    }
    const parts: string[] = [];
    if (chunk.phase === 'failed' && chunk.problem) {
      const p = chunk.problem;
      parts.push(
        p.kind === 'forbidden'
          ? t('logs.forbidden', { message: p.message })
          : p.kind === 'gone'
            ? t('logs.gone', { message: p.message })
            : p.kind === 'noSource'
              ? t('logs.noSource')
              : t('logs.failed', { message: p.message }),
      );
    } else {
      parts.push(chunk.phase === 'resuming' ? t('logs.phase.resuming', { n: String(chunk.resumed + 1) }) : t(`logs.phase.${chunk.phase}`));
      parts.push(t('logs.count', { n: String(entry.kept.length) }));
      if (chunk.phase === 'ended' && entry.kept.length === 0) parts.push(t('logs.empty'));
    }
    if (chunk.skipped > 0) parts.push(t('logs.skipped', { n: String(chunk.skipped) }));
    if (chunk.resumed > 0 && chunk.phase !== 'resuming') parts.push(t('logs.resumed', { n: String(chunk.resumed) }));
    setText(entry.status, parts.join(' · '));
    entry.status.dataset.phase = chunk.phase;
    if (chunk.problem) entry.status.dataset.problem = chunk.problem.kind;
    else delete entry.status.dataset.problem;
    return chunk.lines.at(-1)?.seq ?? after;
  }

  function repaint(entry: Entry): void {
    const query = entry.search.value;
    entry.lines.replaceChildren();
    let matches = 0;
    for (const line of entry.kept) {
      const row = lineNode(doc, line, entry.timestamps.checked, query, entry.t);
      if (row.hasAttribute('data-match')) matches += 1;
      else if (entry.filter.checked && query) row.hidden = true;
      entry.lines.appendChild(row);
    }
    entry.node.dataset.matches = String(matches);
  }

  function forget(entry: Entry): void {
    stop(entry);
    entries.delete(entry.key);
  }

  function build(key: string, target: LogsTarget, t: Translate): Entry {
    const tailSelect = el(doc, 'select', { attrs: { 'data-testid': 'logs-tail', 'aria-label': t('logs.lines') } }, LOG_TAIL_CHOICES.map((n) => el(doc, 'option', { text: String(n), attrs: { value: String(n), selected: n === DEFAULT_LOG_TAIL } })));
    const check = (id: string, label: string, on: boolean, disabled = false): { box: HTMLInputElement; label: HTMLElement } => {
      const box = el(doc, 'input', { attrs: { type: 'checkbox', 'data-testid': id, checked: on, disabled } });
      return { box, label: el(doc, 'label', { class: 'logs-check' }, [box, el(doc, 'span', { text: label })]) };
    };
    const follow = check('logs-follow', t('logs.follow'), true);
    const previous = check('logs-previous', t('logs.previous'), false, target.restarts === 0);
    if (target.restarts === 0) previous.label.title = t('logs.previous.none');
    const timestamps = check('logs-timestamps', t('logs.timestamps'), false);
    const search = el(doc, 'input', { class: 'logs-search', attrs: { type: 'search', 'data-testid': 'logs-search', placeholder: t('logs.search.hint'), 'aria-label': t('logs.search') } });
    const filter = check('logs-filter', t('logs.filter'), false);
    const status = el(doc, 'p', { class: 'logs-status', attrs: { 'data-testid': 'logs-status', role: 'status' } });
    const lines = el(doc, 'div', { class: 'logs-lines mono', attrs: { 'data-testid': 'logs-lines', role: 'log', tabindex: 0 } });
    const node = el(doc, 'section', { class: 'details-section logs', attrs: { 'data-section': 'logs', 'data-logs': key } }, [
      el(doc, 'h3', { text: t('logs.title') }),
      el(doc, 'div', { class: 'logs-controls' }, [el(doc, 'label', { class: 'logs-tail' }, [el(doc, 'span', { text: t('logs.lines') }), tailSelect]), follow.label, previous.label, timestamps.label]),
      el(doc, 'div', { class: 'logs-find' }, [search, filter.label]),
      status,
      lines,
    ]);
    const entry: Entry = { key, target, t, node, lines, status, search, filter: filter.box, timestamps: timestamps.box, kept: [], generation: 0, tail: DEFAULT_LOG_TAIL, follow: true, previous: false };
    tailSelect.addEventListener('change', () => {
      entry.tail = Number(tailSelect.value) || DEFAULT_LOG_TAIL;
      void run(entry);
    });
    follow.box.addEventListener('change', () => {
      entry.follow = follow.box.checked;
      void run(entry);
    });
    previous.box.addEventListener('change', () => {
      entry.previous = previous.box.checked;
      // The previous instance has ended: nothing to follow.
      follow.box.disabled = entry.previous;
      entry.follow = !entry.previous && follow.box.checked;
      void run(entry);
    });
    timestamps.box.addEventListener('change', () => repaint(entry));
    search.addEventListener('input', () => repaint(entry));
    filter.box.addEventListener('change', () => repaint(entry));
    node.addEventListener('keydown', (event) => {
      const inField = event.target === search;
      const typing = /^(INPUT|SELECT|TEXTAREA)$/.test((event.target as Element | null)?.tagName ?? '');
      if ((event.key === '/' && !typing) || (event.key === 'f' && (event.ctrlKey || event.metaKey))) {
        event.preventDefault();
        event.stopPropagation();
        search.focus();
        search.select?.();
      } else if (event.key === 'Escape' && inField && search.value) {
        event.stopPropagation();
        search.value = '';
        repaint(entry);
      }
    });
    return entry;
  }

  return {
    element(target, t) {
      const key = `${target.namespace}/${target.pod}/${target.container}`;
      const known = entries.get(key);
      if (known && known.t === t && known.target.restarts === target.restarts && known.target.podUid === target.podUid) return known.node;
      if (known) forget(known);
      const entry = build(key, target, t);
      entries.set(key, entry);
      void run(entry);
      return entry.node;
    },
    sweep(panelOpen) {
      for (const entry of [...entries.values()]) if (!panelOpen || !entry.node.isConnected) forget(entry);
    },
    open: () => [...entries.values()].filter((e) => e.id !== undefined).length,
  };
}

/** One line as text: its timestamp when asked, the text with controls shown, search matches marked, a cut marked. */
function lineNode(doc: Document, line: LogLine, timestamps: boolean, query: string, t: Translate): HTMLElement {
  const text = showControls(line.text);
  const row = el(doc, 'div', { class: 'log-line', attrs: { 'data-seq': line.seq } });
  if (timestamps && line.ts) row.appendChild(el(doc, 'span', { class: 'log-ts', text: `${line.ts} ` }));
  if (query) {
    const lower = text.toLowerCase();
    const q = query.toLowerCase();
    let at = 0;
    let found = lower.indexOf(q);
    if (found >= 0) row.setAttribute('data-match', '');
    while (found >= 0) {
      if (found > at) row.appendChild(el(doc, 'span', { text: text.slice(at, found) }));
      row.appendChild(el(doc, 'mark', { text: text.slice(found, found + q.length) }));
      at = found + q.length;
      found = lower.indexOf(q, at);
    }
    if (at < text.length) row.appendChild(el(doc, 'span', { text: text.slice(at) }));
  } else row.appendChild(el(doc, 'span', { text }));
  if (line.cut > 0) row.appendChild(el(doc, 'span', { class: 'log-cut', text: t('logs.cut', { size: bytes(line.cut) }) }));
  return row;
}

function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

