// A container's log section on linkedom, with a fake logs:open/read/close:
// escapes shown as text (never acting, never markup), a cut line marked,
// search marks and filters, the element kept across repaints, and the log
// closed (its follow aborted in the main process) when the element leaves
// the panel or the panel closes; forbidden says so with what and where.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { LogsChunk, LogsOpenRequest, LogsReadRequest } from '../../../../main/contract/logs.ts';
import type { LogLine } from '../../../../main/model/logs.ts';
import { createLogsSection, type LogsTarget } from '../../../../renderer/app/details/logs.ts';
import { translator } from '../../../../renderer/app/strings.ts';
import { panelDom } from '../../../fixtures/details/panel-dom.ts';
import { message, MessageError } from '../../../../main/i18n/index.ts';

const en = translator('en');
const ko = translator('ko');
const settle = () => new Promise((r) => setImmediate(r));
const TARGET: LogsTarget = { namespace: 'shop', pod: 'web-0', container: 'app', restarts: 1 };

function line(seq: number, text: string, cut = 0): LogLine {
  return { seq, ts: `2026-12-01T10:00:0${seq % 10}.000000000Z`, text, cut };
}

/** A fake main process: open answers `first`; reads wait until the test pushes lines. */
function fakeMain(first: Partial<LogsChunk>) {
  const opened: LogsOpenRequest[] = [];
  const closed: string[] = [];
  let pending: ((c: LogsChunk) => void) | undefined;
  let n = 0;
  const base = (id: string): LogsChunk => ({ id, lines: [], last: 0, skipped: 0, phase: 'following', resumed: 0 });
  return {
    opened,
    closed,
    push(lines: LogLine[], phase: LogsChunk['phase'] = 'following') {
      pending?.({ ...base(`log-${n}`), lines, last: lines.at(-1)?.seq ?? 0, phase });
      pending = undefined;
    },
    options: {
      open: async (req: LogsOpenRequest) => {
        opened.push(req);
        return { ...base(`log-${++n}`), ...first, id: `log-${n}` };
      },
      read: (_req: LogsReadRequest) => new Promise<LogsChunk>((resolve) => (pending = resolve)),
      close: (id: string) => {
        closed.push(id);
        pending?.({ ...base(id), phase: 'closed' });
      },
    },
  };
}

describe('logs section', () => {
  it('shows terminal escapes and bidi controls as visible text, never as markup', async () => {
    const { document, els } = panelDom();
    const main = fakeMain({ lines: [line(1, '\x1b[31mred\x1b[0m <b>bold</b> \u202Eevil\x07'), line(2, 'plain')], last: 2 });
    const logs = createLogsSection(document, main.options);
    els.body.appendChild(logs.element(TARGET, en));
    await settle();
    const rows = [...els.body.querySelectorAll('.log-line')];
    assert.equal(rows.length, 2);
    assert.equal(rows[0]?.textContent, '␛[31mred␛[0m <b>bold</b> ‹U+202E›evil␇');
    assert.equal(els.body.querySelector('b'), null);
    assert.deepEqual(main.opened, [{ namespace: 'shop', pod: 'web-0', container: 'app', tailLines: 500, previous: false, follow: true }]);
  });

  it('an ended log whose reply was cut at its size reads on for the rest, then stops', async () => {
    const { document, els } = panelDom();
    const reads: LogsReadRequest[] = [];
    const rest: LogsChunk = { id: 'log-1', lines: [line(3, 'c')], last: 3, skipped: 0, phase: 'ended', resumed: 0 };
    const logs = createLogsSection(document, {
      open: async () => ({ id: 'log-1', lines: [line(1, 'a'), line(2, 'b')], last: 3, skipped: 0, phase: 'ended', resumed: 0 }),
      read: async (req: LogsReadRequest) => {
        reads.push(req);
        return rest;
      },
      close: () => {},
    });
    els.body.appendChild(logs.element(TARGET, en));
    for (let i = 0; i < 5; i++) await settle();
    assert.deepEqual(
      [...els.body.querySelectorAll('.log-line')].map((r) => r.getAttribute('data-seq')),
      ['1', '2', '3'],
    );
    assert.deepEqual(
      reads.map((r) => r.after),
      [2],
    );
  });

  it('marks a cut line with how much was cut', async () => {
    const { document, els } = panelDom();
    const main = fakeMain({ lines: [line(1, 'x'.repeat(100), 10 * 1024 * 1024)], last: 1, phase: 'ended' });
    const logs = createLogsSection(document, main.options);
    els.body.appendChild(logs.element(TARGET, en));
    await settle();
    assert.equal(els.body.querySelector('.log-cut')?.textContent, '… 10.0 MB more cut (a line keeps 64 KB)');
  });

  it('search marks the matches and can leave only matching lines', async () => {
    const { document, els } = panelDom();
    const main = fakeMain({ lines: [line(1, 'GET /health 200'), line(2, 'error: disk full'), line(3, 'GET / 500 Error')], last: 3, phase: 'ended' });
    const logs = createLogsSection(document, main.options);
    const node = logs.element(TARGET, en);
    els.body.appendChild(node);
    await settle();
    const search = node.querySelector('[data-testid="logs-search"]') as HTMLInputElement;
    search.value = 'error';
    search.dispatchEvent(new document.defaultView!.Event('input'));
    assert.deepEqual(
      [...node.querySelectorAll('mark')].map((m) => m.textContent),
      ['error', 'Error'],
    );
    assert.equal(node.dataset.matches, '2');
    const filter = node.querySelector('[data-testid="logs-filter"]') as HTMLInputElement;
    filter.checked = true;
    filter.dispatchEvent(new document.defaultView!.Event('change'));
    assert.deepEqual(
      [...node.querySelectorAll('.log-line')].filter((r) => !(r as HTMLElement).hidden).map((r) => r.getAttribute('data-seq')),
      ['2', '3'],
    );
  });

  it('/ in the section moves to the search box', async () => {
    const { document, els } = panelDom();
    const logs = createLogsSection(document, fakeMain({ phase: 'ended' }).options);
    const node = logs.element(TARGET, en);
    els.body.appendChild(node);
    const lines = node.querySelector('[data-testid="logs-lines"]') as HTMLElement;
    // linkedom does not move the focus: count the calls.
    const search = node.querySelector('[data-testid="logs-search"]') as HTMLInputElement;
    let focused = 0;
    search.focus = () => void (focused += 1);
    // linkedom has no KeyboardEvent: an Event with the key the handler reads.
    const event = Object.assign(new document.defaultView!.Event('keydown', { bubbles: true, cancelable: true }), { key: '/' });
    lines.dispatchEvent(event);
    assert.equal(event.defaultPrevented, true);
    assert.equal(focused, 1);
  });

  it('takes a pod made again under the same name (another uid) for another pod, with a log of its own', async () => {
    const { document } = panelDom();
    const main = fakeMain({ lines: [line(1, 'one')], last: 1 });
    const logs = createLogsSection(document, main.options);
    const first = logs.element({ ...TARGET, podUid: 'uid-1' }, en);
    assert.equal(logs.element({ ...TARGET, podUid: 'uid-1' }, en), first, 'the same pod: the same section');
    const second = logs.element({ ...TARGET, podUid: 'uid-2' }, en);
    assert.notEqual(second, first);
    await settle();
    assert.equal(main.opened.length, 2, 'its log opened');
  });

  it('follows new lines, keeps its element across repaints, and closes the log when it leaves the panel', async () => {
    const { document, els } = panelDom();
    const main = fakeMain({ lines: [line(1, 'one')], last: 1 });
    const logs = createLogsSection(document, main.options);
    const node = logs.element(TARGET, en);
    els.body.appendChild(node);
    await settle();
    main.push([line(2, 'two')]);
    await settle();
    assert.equal(node.querySelectorAll('.log-line').length, 2);
    // A repaint of the panel asks again: the same element, no new log.
    els.body.replaceChildren();
    assert.equal(logs.element(TARGET, en), node);
    els.body.appendChild(node);
    logs.sweep(true);
    assert.deepEqual(main.closed, []);
    assert.equal(main.opened.length, 1);
    // Another object shown: the log is closed.
    els.body.replaceChildren();
    logs.sweep(true);
    assert.deepEqual(main.closed, ['log-1']);
    assert.equal(logs.open(), 0);
  });

  it('closing the panel closes the log', async () => {
    const { document, els } = panelDom();
    const main = fakeMain({ lines: [line(1, 'one')], last: 1 });
    const logs = createLogsSection(document, main.options);
    els.body.appendChild(logs.element(TARGET, en));
    await settle();
    logs.sweep(false);
    assert.deepEqual(main.closed, ['log-1']);
  });

  it('the previous instance is offered only after a restart, and asked without follow', async () => {
    const { document, els } = panelDom();
    const main = fakeMain({ phase: 'ended' });
    const logs = createLogsSection(document, main.options);
    const fresh = logs.element({ ...TARGET, container: 'side', restarts: 0 }, en);
    assert.equal((fresh.querySelector('[data-testid="logs-previous"]') as HTMLInputElement).disabled, true);
    const node = logs.element(TARGET, en);
    els.body.appendChild(node);
    const previous = node.querySelector('[data-testid="logs-previous"]') as HTMLInputElement;
    previous.checked = true;
    previous.dispatchEvent(new document.defaultView!.Event('change'));
    await settle();
    assert.deepEqual(main.opened.at(-1), { namespace: 'shop', pod: 'web-0', container: 'app', tailLines: 500, previous: true, follow: false });
  });

  it('forbidden says so, with the server words naming what and where, in Korean too', async () => {
    const message = 'pods "web-0" is forbidden: User "pods-only" cannot get resource "pods/log" in API group "" in the namespace "shop"';
    for (const [t, words] of [
      [en, 'Cannot read logs: forbidden (pods/log).'],
      [ko, '로그를 읽을 수 없습니다: 권한이 없습니다 (pods/log).'],
    ] as const) {
      const { document, els } = panelDom();
      const logs = createLogsSection(document, fakeMain({ phase: 'failed', problem: { kind: 'forbidden', status: 403, message } }).options);
      els.body.appendChild(logs.element(TARGET, t));
      await settle();
      const status = els.body.querySelector('[data-testid="logs-status"]') as HTMLElement;
      assert.equal(status.textContent, `${words} ${message}`);
      assert.equal(status.dataset.problem, 'forbidden');
    }
  });

  it('a call that fails with words of the app says them in the page\'s language', async () => {
    const { document, els } = panelDom();
    const main = fakeMain({});
    main.options.open = async () => {
      throw new MessageError(message('errors.link.closed'), 'The connection to the kube-anatomy server is closed.');
    };
    const logs = createLogsSection(document, main.options);
    els.body.appendChild(logs.element(TARGET, ko));
    await settle();
    const status = els.body.querySelector('[data-testid="logs-status"]')?.textContent ?? '';
    assert.match(status, /Kube Anatomy 서버와의 연결이 닫혔습니다/);
    assert.doesNotMatch(status, /connection/);
  });
});
