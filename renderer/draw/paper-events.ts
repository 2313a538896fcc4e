// The events table an export puts under its picture (`export --events`,
// issue 12 item 5): a heading, a header row, one row per event (type, reason,
// object, message, count, last seen; first seen and reporter under the
// message), and a note of what was left out. Laid out here (pure: words
// measured, long text wrapped or cut with "…"), drawn by drawEventsTable.
//
// Every string of a row came from the cluster: it is cleaned to one line of
// printable text and reaches the DOM only as text content. Each row is a
// <g data-kind="event"> with the object it is about (data-regarding-uid: the
// drawn element's uid), so a reader of the SVG finds an event's element as
// it finds a pod's. A Warning row is marked by a triangle and a bar as well
// as its colour, so the grey print theme still tells it.

import { cleanLabel, measureText, truncateText, wrapText, type FontWeight } from '../layout/text.ts';
import type { Translate } from '../layout/words.ts';
import type { EventRow, EventsTable } from '../../main/model/events-table.ts';
import type { Theme } from './theme.ts';
// Positions to 0.1, as the picture's own are.
import { r as round, svgElement as el } from './primitives.ts';

export const EVENTS_TABLE = {
  title: { size: 14, weight: 600 as FontWeight, line: 22 },
  head: { size: 11, weight: 600 as FontWeight, line: 18 },
  cell: { size: 11, line: 15 },
  detail: { size: 10, line: 14 },
  note: { size: 11, line: 18 },
  /** Padding above and below a row's text. */
  pad: 5,
  /** Space between columns. */
  gap: 10,
  /** Message lines at most; more are cut with "…". */
  messageLines: 3,
  objectLines: 2,
} as const;

type Column = 'type' | 'reason' | 'object' | 'message' | 'count' | 'last';
const COLUMNS: readonly Column[] = ['type', 'reason', 'object', 'message', 'count', 'last'];
/** Widths of the columns but the message, which takes the rest. */
const FIXED: Record<Exclude<Column, 'message'>, number> = { type: 76, reason: 140, object: 220, count: 44, last: 122 };
const MIN_MESSAGE = 260;
const FIXED_WIDTH = Object.values(FIXED).reduce((a, b) => a + b, 0) + (COLUMNS.length - 1) * EVENTS_TABLE.gap;
/** The narrowest table: the paper grows to it around a narrow picture. */
export const MIN_EVENTS_TABLE_WIDTH = FIXED_WIDTH + MIN_MESSAGE;

export interface PlacedLine {
  text: string;
  x: number;
  /** Baseline, from the table's top. */
  y: number;
  size: number;
  weight?: FontWeight;
  tone: 'text' | 'muted' | 'warning' | 'head';
  /** Which column it is in, for the drawing's data-col. */
  col?: Column | 'detail';
}

export interface PlacedRow {
  row: EventRow;
  warning: boolean;
  top: number;
  height: number;
  lines: PlacedLine[];
}

export interface EventsTableGeometry {
  width: number;
  height: number;
  title?: PlacedLine;
  head: PlacedLine[];
  /** Under the header row. */
  headRule?: number;
  rows: PlacedRow[];
  notes: PlacedLine[];
  table: EventsTable;
}

/** A time of an event as every reader reads it: 2026-12-01 21:40:05, in UTC; "" when it is not one. */
export function eventTimeText(time: string | undefined): string {
  const ms = Date.parse(time ?? '');
  return Number.isFinite(ms) && ms > 0 ? new Date(ms).toISOString().slice(0, 19).replace('T', ' ') : '';
}

/** What cleanLabel (renderer/layout/text.ts) keeps of a longer text. */
const MAX_CLEAN = 400;

/** Text of at most `max` lines of `width` px, the last cut with "…" when more would be needed. */
function linesOf(raw: string, width: number, size: number, max: number, weight: FontWeight = 400): string[] {
  // cleanLabel keeps at most MAX_CLEAN characters (more would not fit these lines anyway): a text that long was cut, and says so.
  const text = cleanLabel(raw);
  const cut = text.length >= MAX_CLEAN;
  const lines = wrapText(text, width, size, weight);
  if (lines.length <= max && !cut) return lines;
  const kept = lines.slice(0, max);
  const last = kept.length - 1;
  kept[last] = truncateText(`${kept[last]}…`, width, size, weight).replace(/……$/, '…');
  return kept;
}

/** The object a row is about, in the picture's words: "pod default/web-0, container app". */
export function objectText(row: EventRow, t: Translate): string {
  const o = row.object;
  const named = `${t(`eventsTable.kind.${o.kind}`)} ${o.namespace !== undefined ? `${o.namespace}/` : ''}${o.name}`;
  return o.container !== undefined ? t('eventsTable.object.container', { object: named, container: o.container }) : named;
}

function typeText(type: string, t: Translate): string {
  return type === 'Normal' || type === 'Warning' ? t(`events.type.${type}`) : type;
}

/** Where the table's text goes in a table `width` wide (at least MIN_EVENTS_TABLE_WIDTH). Pure. */
export function layoutEventsTable(table: EventsTable, width: number, t: Translate): EventsTableGeometry {
  const T = EVENTS_TABLE;
  width = Math.max(width, MIN_EVENTS_TABLE_WIDTH);
  const notes: PlacedLine[] = [];
  let y = 0;
  const note = (text: string, tone: PlacedLine['tone'] = 'muted') => {
    for (const line of wrapText(text, width, T.note.size, 400)) {
      y += T.note.line;
      notes.push({ text: line, x: 0, y: y - 5, size: T.note.size, tone });
    }
  };
  if (table.state !== 'ok') {
    note(t(table.state === 'none' ? 'eventsTable.none' : table.state === 'forbidden' ? 'eventsTable.forbidden' : 'eventsTable.unavailable'));
    if (table.state !== 'none' && table.message) note(cleanLabel(table.message));
    return { width, height: y, head: [], rows: [], notes, table };
  }
  y += T.title.line;
  const title: PlacedLine = { text: truncateText(t('eventsTable.title', { total: table.total, warnings: table.warnings }), width, T.title.size, T.title.weight), x: 0, y: y - 6, size: T.title.size, weight: T.title.weight, tone: 'head' };
  if (table.rows.length === 0) {
    note(t('eventsTable.empty'));
    return { width, height: y, title, head: [], rows: [], notes, table };
  }

  const widths: Record<Column, number> = { ...FIXED, message: width - FIXED_WIDTH };
  const x: Record<Column, number> = {} as Record<Column, number>;
  let left = 0;
  for (const col of COLUMNS) {
    x[col] = left;
    left += widths[col] + T.gap;
  }
  y += T.head.line;
  const head = COLUMNS.map((col): PlacedLine => ({ text: truncateText(t(`eventsTable.col.${col}`), widths[col], T.head.size, T.head.weight), x: x[col], y: y - 5, size: T.head.size, weight: T.head.weight, tone: 'muted', col }));
  const headRule = y;

  const rows: PlacedRow[] = [];
  for (const row of table.rows) {
    const warning = row.type === 'Warning';
    const top = y;
    const lines: PlacedLine[] = [];
    const cell = (col: Column, texts: string[], tone: PlacedLine['tone'] = 'text', weight: FontWeight = 400) =>
      texts.forEach((text, i) => lines.push({ text, x: x[col], y: top + T.pad + (i + 1) * T.cell.line - 4, size: T.cell.size, weight: weight === 400 ? undefined : weight, tone, col }));
    // The type column leaves room for the warning's triangle.
    const typeWidth = widths.type - (warning ? 14 : 0);
    cell('type', [truncateText(cleanLabel(typeText(row.type, t)), typeWidth, T.cell.size, warning ? 600 : 400)], warning ? 'warning' : 'text', warning ? 600 : 400);
    if (warning) for (const l of lines) l.x += 14;
    cell('reason', [truncateText(cleanLabel(row.reason), widths.reason, T.cell.size)]);
    const object = linesOf(objectText(row, t), widths.object, T.cell.size, T.objectLines);
    cell('object', object);
    const message = row.messageHidden ? [t('eventsTable.messageHidden')] : linesOf(row.message, widths.message, T.cell.size, T.messageLines);
    cell('message', message, row.messageHidden ? 'muted' : 'text');
    cell('count', [String(row.count)]);
    cell('last', [eventTimeText(row.last)]);
    // First seen and who reported it, under the message when either is known.
    const first = row.first !== row.last ? eventTimeText(row.first) : '';
    const reporter = cleanLabel(row.reporter);
    const detail = [first ? t('eventsTable.first', { time: first }) : '', reporter ? t('eventsTable.by', { reporter }) : ''].filter(Boolean).join(' · ');
    const textLines = Math.max(1, object.length, message.length);
    let height = T.pad * 2 + textLines * T.cell.line;
    if (detail) {
      height += T.detail.line;
      lines.push({ text: truncateText(detail, widths.message, T.detail.size), x: x.message, y: top + T.pad + textLines * T.cell.line + T.detail.line - 4, size: T.detail.size, tone: 'muted', col: 'detail' });
    }
    rows.push({ row, warning, top, height, lines });
    y += height;
  }
  if (table.total > table.rows.length) note(t('eventsTable.more', { n: table.total - table.rows.length }));
  if (table.hidden) note(t('eventsTable.hidden', { n: table.hidden }));
  return { width, height: y + 4, title, head, headRule, rows, notes, table };
}

function textEl(doc: Document, line: PlacedLine, theme: Theme): Element {
  const fill = line.tone === 'head' ? theme.text.title : line.tone === 'muted' ? theme.text.muted : line.tone === 'warning' ? theme.text.warning : theme.text.text;
  const t = el(doc, 'text', { x: round(line.x), y: round(line.y), 'font-size': line.size, 'font-weight': line.weight, fill, 'data-col': line.col });
  // Cluster text reaches the DOM as text only, never as markup.
  t.textContent = line.text;
  return t;
}

/** The table as a <g class="ka-events" data-role="events">, its top-left at 0,0 (the caller moves it). */
export function drawEventsTable(doc: Document, geometry: EventsTableGeometry, theme: Theme): Element {
  const table = geometry.table;
  const g = el(doc, 'g', {
    class: 'ka-events',
    'data-role': 'events',
    'data-events-state': table.state,
    'data-events-total': table.state === 'ok' ? table.total : null,
    'data-events-shown': table.state === 'ok' ? table.rows.length : null,
  });
  if (geometry.title) g.appendChild(textEl(doc, geometry.title, theme));
  if (geometry.head.length) {
    const head = el(doc, 'g', { class: 'ka-events-head' });
    for (const line of geometry.head) head.appendChild(textEl(doc, line, theme));
    g.appendChild(head);
    g.appendChild(el(doc, 'path', { d: `M0,${geometry.headRule} H${geometry.width}`, stroke: theme.node.stroke, 'stroke-width': 1, fill: 'none' }));
  }
  for (const placed of geometry.rows) {
    const { row } = placed;
    const item = el(doc, 'g', {
      class: 'ka-event',
      'data-kind': 'event',
      // Cluster strings as attribute values, cleaned and bounded as the text is.
      'data-event-type': cleanLabel(row.type),
      'data-reason': cleanLabel(row.reason),
      'data-regarding-kind': row.object.kind,
      'data-regarding-namespace': row.object.namespace === undefined ? null : cleanLabel(row.object.namespace),
      'data-regarding-name': cleanLabel(row.object.name),
      'data-regarding-container': row.object.container === undefined ? null : cleanLabel(row.object.container),
      'data-regarding-uid': row.uid === undefined ? null : cleanLabel(row.uid),
      'data-count': row.count,
      'data-last': eventTimeText(row.last) || null,
      'data-message-hidden': row.messageHidden ? 'true' : null,
    });
    if (placed.warning) {
      // A bar along the row and a triangle before its type: a shape as well as a colour.
      item.appendChild(el(doc, 'rect', { class: 'ka-event-warning-bar', x: -8, y: placed.top + 2, width: 3, height: placed.height - 4, fill: theme.text.warning }));
      const cy = placed.top + EVENTS_TABLE.pad + EVENTS_TABLE.cell.line / 2 - 1;
      item.appendChild(el(doc, 'path', { class: 'ka-event-warning-mark', d: `M5,${round(cy - 5)} L10.5,${round(cy + 5)} H-0.5 Z`, fill: 'none', stroke: theme.text.warning, 'stroke-width': 1.5, 'stroke-linejoin': 'round' }));
    }
    for (const line of placed.lines) item.appendChild(textEl(doc, line, theme));
    item.appendChild(el(doc, 'path', { d: `M0,${round(placed.top + placed.height)} H${geometry.width}`, stroke: theme.container.stroke, 'stroke-width': 0.5, fill: 'none' }));
    g.appendChild(item);
  }
  if (geometry.notes.length) {
    const notes = el(doc, 'g', { class: 'ka-events-notes' });
    for (const line of geometry.notes) notes.appendChild(textEl(doc, line, theme));
    g.appendChild(notes);
  }
  return g;
}
