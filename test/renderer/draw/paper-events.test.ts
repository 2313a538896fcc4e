// The events table under an exported picture (renderer/draw/paper-events.ts):
// one <g data-kind="event"> per row with the object it regards, the cluster's
// text as text only (markup, control characters and a 10 KB message shown
// safely, cut with a mark), Warning rows marked by a shape as well as a
// colour (grey in the print theme), its words in Korean, and a note where
// there are no events or more than it shows.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderSvg } from '../../../main/export/svg.ts';
import { kindCluster } from '../../fixtures/anatomy-models.ts';
import { allElements, parseStrictXml, textOf, type XmlElement } from '../../main/export/strict-xml.ts';
import { interfaceEnglish, wordsOfValues } from '../../fixtures/i18n-words.ts';
import type { EventRow, EventsTable } from '../../../main/model/events-table.ts';
import type { ThemeName } from '../../../renderer/draw/theme.ts';
import type { Lang } from '../../../main/i18n/index.ts';
import { EVENTS_TABLE, layoutEventsTable, MIN_EVENTS_TABLE_WIDTH } from '../../../renderer/draw/paper-events.ts';
import { wordsFor } from '../../../renderer/layout/words.ts';

function row(over: Partial<EventRow> = {}): EventRow {
  return {
    type: 'Normal',
    reason: 'Pulled',
    object: { kind: 'pod', namespace: 'default', name: 'web-0', container: 'app' },
    uid: 'uid-web-0/app/app',
    message: 'Successfully pulled image "nginx:1.27" in 1.2s',
    count: 1,
    first: '2026-12-01T21:00:00Z',
    last: '2026-12-01T21:05:00Z',
    reporter: 'kubelet, kind-worker',
    ...over,
  };
}

const ok = (rows: EventRow[], extra: Partial<Extract<EventsTable, { state: 'ok' }>> = {}): EventsTable => ({ state: 'ok', rows, total: rows.length, warnings: rows.filter((r) => r.type === 'Warning').length, ...extra });

function draw(events: EventsTable, theme: ThemeName = 'light', lang: Lang = 'en'): { svg: string; all: XmlElement[]; table: XmlElement; rows: XmlElement[] } {
  const svg = renderSvg(kindCluster(), { theme, lang, paper: { events, legend: true, footer: false } });
  const all = allElements(parseStrictXml(svg));
  const table = all.find((e) => e.attrs.get('data-role') === 'events');
  assert.ok(table, 'the paper has an events table');
  return { svg, all, table, rows: allElements(table).filter((e) => e.attrs.get('data-kind') === 'event') };
}

const cells = (rowEl: XmlElement, col: string) => allElements(rowEl).filter((e) => e.name === 'text' && e.attrs.get('data-col') === col).map(textOf);

const HOSTILE_MARKUP = '<script>alert("x")</script><img src=x onerror=alert(2)> &amp; ]]>';

describe('events table under the picture', () => {
  it('draws one row per event with the object it regards, in order, below the legend', () => {
    const rows = [row({ reason: 'BackOff', type: 'Warning', last: '2026-12-01T21:09:00Z' }), row(), row({ reason: 'Scheduled', object: { kind: 'pod', namespace: 'default', name: 'web-0' }, uid: 'uid-web-0', message: 'Successfully assigned default/web-0 to kind-worker' })];
    const { all, table, rows: drawn } = draw(ok(rows));
    assert.deepEqual(drawn.map((e) => e.attrs.get('data-reason')), ['BackOff', 'Pulled', 'Scheduled']);
    assert.deepEqual(drawn.map((e) => e.attrs.get('data-regarding-uid')), ['uid-web-0/app/app', 'uid-web-0/app/app', 'uid-web-0']);
    assert.deepEqual([drawn[0]!.attrs.get('data-regarding-kind'), drawn[0]!.attrs.get('data-regarding-namespace'), drawn[0]!.attrs.get('data-regarding-name'), drawn[0]!.attrs.get('data-regarding-container')], ['pod', 'default', 'web-0', 'app']);
    assert.deepEqual(cells(drawn[1]!, 'object'), ['pod default/web-0, container app']);
    assert.deepEqual(cells(drawn[1]!, 'last'), ['2026-12-01 21:05:00']);
    assert.deepEqual(cells(drawn[1]!, 'count'), ['1']);
    assert.deepEqual(cells(drawn[1]!, 'detail'), ['first 2026-12-01 21:00:00 · by kubelet, kind-worker']);
    assert.equal(table.attrs.get('data-events-total'), '3');
    // Under the legend, inside the paper.
    const y = (e: XmlElement) => Number(/translate\([\d.]+,([\d.]+)\)/.exec(e.attrs.get('transform') ?? '')![1]);
    const legend = all.find((e) => e.attrs.get('data-role') === 'legend')!;
    const legendBottom = Math.max(...allElements(legend).filter((e) => e.attrs.has('transform')).map(y));
    assert.ok(y(table) > legendBottom, 'the table is under the legend');
    const root = all[0]!;
    assert.ok(Number(root.attrs.get('height')) > y(table) + 3 * EVENTS_TABLE.cell.line, 'the paper holds the table');
  });

  it('shows hostile text as text only: no markup, no control character, a 10 KB message cut with a mark', () => {
    const rows = [
      row({ type: 'Warning', reason: '<script>alert(1)</script>', message: HOSTILE_MARKUP }),
      row({ reason: 'Bell\u0007', message: 'line1\nline2\r\u0000nul\u001b[2Jclear \u202eevil', reporter: 'x\u001by' }),
      row({ reason: 'Huge', message: `start ${'x'.repeat(10 * 1024)} end`, object: { kind: 'node', name: `n${'é'.repeat(5000)}` } }),
    ];
    const { svg, all, rows: drawn } = draw(ok(rows));
    assert.ok(!all.some((e) => e.name === 'script' || e.name === 'img' || e.name === 'foreignObject'), 'no element from the text');
    // eslint-disable-next-line no-control-regex
    assert.ok(!/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/.test(svg), 'no control character');
    assert.ok(cells(drawn[0]!, 'message').join(' ').includes('<script>alert("x")</script><img'), 'the markup is shown as written');
    assert.equal(cells(drawn[0]!, 'reason')[0]!.startsWith('<script>'), true);
    assert.equal(cells(drawn[1]!, 'message').join(' ').includes('\u001b'), false);
    assert.ok(!/[\n\r]/.test(cells(drawn[1]!, 'message').join(' ')), 'line breaks are spaces');
    assert.ok(!svg.includes('\u202e'), 'a bidi override is shown as a mark, not obeyed');
    const huge = cells(drawn[2]!, 'message');
    assert.equal(huge.length, EVENTS_TABLE.messageLines);
    assert.ok(huge.at(-1)!.endsWith('…'), 'the cut is marked');
    assert.ok(cells(drawn[2]!, 'object').length <= EVENTS_TABLE.objectLines);
    const plain = draw(ok([row(), row(), row()])).svg.length;
    assert.ok(svg.length - plain < 4000, `the hostile rows add ${svg.length - plain} bytes, not their 10 KB`);
  });

  it('marks a Warning row by a triangle and a bar as well as its colour', () => {
    const { rows: drawn } = draw(ok([row({ type: 'Warning', reason: 'BackOff' }), row()]));
    const marks = (e: XmlElement) => allElements(e).filter((x) => /ka-event-warning-(mark|bar)/.test(x.attrs.get('class') ?? '')).map((x) => x.attrs.get('class'));
    assert.deepEqual(marks(drawn[0]!), ['ka-event-warning-bar', 'ka-event-warning-mark']);
    assert.deepEqual(marks(drawn[1]!), []);
    assert.equal(drawn[0]!.attrs.get('data-event-type'), 'Warning');
  });

  it('stays grey in the print theme', () => {
    const { table } = draw(ok([row({ type: 'Warning' }), row()]), 'print');
    const colors = allElements(table).flatMap((e) => ['fill', 'stroke'].map((a) => e.attrs.get(a)).filter((c): c is string => c !== undefined && c !== 'none'));
    assert.ok(colors.length > 5);
    for (const c of colors) {
      const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(c);
      assert.ok(m && m[1] === m[2] && m[2] === m[3], `${c} is grey`);
    }
  });

  it('says its words in Korean, with no interface English', () => {
    const rows = [row({ type: 'Warning', reason: 'BackOff' }), row()];
    const { table } = draw(ok(rows, { total: 60, hidden: 1 }), 'light', 'ko');
    const text = allElements(table).filter((e) => e.name === 'text').map(textOf);
    assert.ok(text.some((t) => t.startsWith('그림에 있는 것의 이벤트')));
    assert.ok(text.includes('유형') && text.includes('마지막 (UTC)') && text.includes('경고'));
    // The option's name is typed as written, as kubectl's are.
    const values = wordsOfValues(rows).add('redact');
    for (const t of text) assert.deepEqual(interfaceEnglish(t, values), [], t);
  });

  it('notes what it leaves out, and a source without events, a refusal or no events of the part', () => {
    const notes = (events: EventsTable) => {
      const { table } = draw(events);
      return allElements(table).filter((e) => e.attrs.get('class') === 'ka-events-notes').flatMap((g) => allElements(g).filter((e) => e.name === 'text').map(textOf));
    };
    assert.deepEqual(notes(ok([row()], { total: 58, hidden: 2 })), ['+57 more: older events not shown', ...wrapped('2 messages hidden: under --redact only messages of a known form are shown, with pseudonyms, so that no name slips through')]);
    assert.deepEqual(notes({ state: 'none' }), ['This source has no events: a snapshot carries them only when saved with them.']);
    assert.deepEqual(notes({ state: 'forbidden', message: 'events is forbidden: User "u" cannot list' }), ['Events could not be read: forbidden. The picture is exported without them.', 'events is forbidden: User "u" cannot list']);
    assert.deepEqual(notes(ok([])), ['No events regard what is drawn.']);
    assert.equal(draw({ state: 'none' }).rows.length, 0);
  });

  it('lays rows one under another, each as tall as its longest cell, in a table never narrower than its columns', () => {
    const t = wordsFor('en');
    const g = layoutEventsTable(ok([row({ message: 'short' }), row({ message: 'word '.repeat(200) }), row({ reporter: '', first: undefined })]), 100, t);
    assert.equal(g.width, MIN_EVENTS_TABLE_WIDTH);
    for (let i = 1; i < g.rows.length; i++) assert.equal(g.rows[i]!.top, g.rows[i - 1]!.top + g.rows[i - 1]!.height);
    assert.ok(g.rows[1]!.height > g.rows[0]!.height);
    assert.ok(g.rows[2]!.height < g.rows[0]!.height, 'no detail line without a first time or reporter');
    for (const r of g.rows) for (const l of r.lines) assert.ok(l.y > r.top && l.y <= r.top + r.height, `${l.text} inside its row`);
  });
});

/** A note as the table wraps it at its narrowest width. */
function wrapped(text: string): string[] {
  const g = layoutEventsTable({ state: 'ok', rows: [row()], total: 1, warnings: 0, hidden: 2 }, 0, wordsFor('en'));
  const last = g.notes.map((n) => n.text);
  return last.join(' ') === text ? last : [text];
}
