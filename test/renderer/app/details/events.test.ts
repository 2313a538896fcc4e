// An object's events in its details, on linkedom: newest first as the answer
// lists them, with type, reason, count, note, times and reporter as text
// (hostile text stays text), asked again only while shown when the 'events'
// event names the object, and a clear note when events cannot be read.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { EventsChanged } from '../../../../main/contract/api.ts';
import type { ClusterEvent, EventsAnswer, EventTarget } from '../../../../main/model/events.ts';
import { createEventsSection, eventTargets } from '../../../../renderer/app/details/events.ts';
import { translator } from '../../../../renderer/app/strings.ts';
import { panelDom } from '../../../fixtures/details/panel-dom.ts';
import { message, MessageError } from '../../../../main/i18n/index.ts';

const en = translator('en');
const ko = translator('ko');
const NOW = Date.parse('2026-11-30T04:00:00Z');
const settle = () => new Promise((r) => setImmediate(r));

function ev(id: string, over: Partial<ClusterEvent> = {}): ClusterEvent {
  return {
    id,
    version: '1',
    type: 'Normal',
    reason: 'Scheduled',
    note: 'Successfully assigned shop/web-0 to node-a',
    count: 1,
    reporter: 'default-scheduler',
    regarding: { kind: 'Pod', namespace: 'shop', name: 'web-0', uid: 'p-1' },
    api: 'events.k8s.io/v1',
    first: '2026-11-30T03:50:00Z',
    last: '2026-11-30T03:50:00Z',
    ...over,
  };
}

const WEB: EventTarget = { kind: 'Pod', namespace: 'shop', name: 'web-0', uid: 'p-1' };

function setup(answers: (target: EventTarget) => EventsAnswer | Promise<EventsAnswer>) {
  const { document, els } = panelDom();
  let listener: ((e: EventsChanged) => void) | undefined;
  const asked: EventTarget[] = [];
  const section = createEventsSection(document, {
    ask: async (target) => {
      asked.push(target);
      return answers(target);
    },
    changes: (l) => {
      listener = l;
      return () => {};
    },
    now: () => NOW,
  });
  return { document, els, section, asked, tell: (e: EventsChanged) => listener?.(e) };
}

test('lists the answer in its order with each field as text, hostile text included', async () => {
  const hostile = '<img src=x onerror=alert(1)>\u001b[31mred';
  const { els, section } = setup(() => ({
    state: 'ok',
    events: [ev('b', { type: 'Warning', reason: 'BackOff', note: hostile, count: 7, first: '2026-11-30T03:00:00Z', last: '2026-11-30T03:58:00Z', reporter: 'kubelet, node-a' }), ev('a')],
  }));
  els.body.appendChild(section.element(WEB, en('events.title'), en));
  assert.match(els.body.textContent ?? '', /Reading events/);
  await settle();
  const items = [...els.body.querySelectorAll('li.event')];
  assert.deepEqual(items.map((i) => i.getAttribute('data-reason')), ['BackOff', 'Scheduled']);
  const first = items[0]!;
  assert.equal(first.getAttribute('data-type'), 'Warning');
  assert.equal(first.querySelector('.event-count')?.textContent, '×7');
  assert.equal(first.querySelector('.event-note')?.textContent, hostile);
  assert.equal(els.body.querySelector('img'), null, 'no markup from the cluster');
  assert.match(first.querySelector('.event-meta')?.textContent ?? '', /^first 2026-11-30 03:00 UTC · 60m ago · last 2026-11-30 03:58 UTC · 2m ago · by kubelet, node-a$/);
  assert.equal(items[1]!.querySelector('.event-count'), null, 'a count of one is not shown');
});

test('asks again only for an object named in the events event, and only while shown', async () => {
  let n = 0;
  const { els, section, asked, tell } = setup(() => ({ state: 'ok', events: [ev(`e${++n}`, { reason: `R${n}` })] }));
  els.body.appendChild(section.element(WEB, en('events.title'), en));
  await settle();
  assert.equal(asked.length, 1);
  // A repaint reuses the answer.
  els.body.replaceChildren(section.element(WEB, en('events.title'), en));
  assert.equal(asked.length, 1);
  tell({ changed: ['Pod/shop/other'], warnings: [] });
  assert.equal(asked.length, 1);
  tell({ changed: ['Pod/shop/web-0'], warnings: [] });
  await settle();
  assert.equal(asked.length, 2);
  assert.equal(els.body.querySelector('li.event')?.getAttribute('data-reason'), 'R2');
  // The panel closed: nothing is asked any more.
  els.body.replaceChildren();
  tell({ changed: ['Pod/shop/web-0'], warnings: [] });
  assert.equal(asked.length, 2);
});

test('says why there are none: forbidden with the server words, no events, a source without them, in Korean too', async () => {
  const forbidden = 'events.events.k8s.io is forbidden: User "viewer" cannot list resource "events"';
  const cases: [EventsAnswer, RegExp, string][] = [
    [{ state: 'forbidden', message: forbidden }, /^Cannot read events: forbidden\. events\.events\.k8s\.io is forbidden: User "viewer"/, 'forbidden'],
    [{ state: 'ok', events: [] }, /^No events\./, 'ok'],
    [{ state: 'none' }, /^This source has no events/, 'none'],
  ];
  for (const [answer, said, state] of cases) {
    const { els, section } = setup(() => answer);
    const node = section.element(WEB, en('events.title'), en);
    els.body.appendChild(node);
    await settle();
    assert.equal(node.getAttribute('data-state'), state);
    assert.match(node.querySelector('p.note')?.textContent ?? '', said);
  }
  const { els, section } = setup(() => ({ state: 'forbidden', message: forbidden }));
  const node = section.element(WEB, ko('events.title'), ko);
  els.body.appendChild(node);
  await settle();
  assert.match(node.textContent ?? '', /^이벤트이벤트를 읽을 수 없습니다: 권한이 없습니다\. events\.events/);
});

test("the objects a selection's events are asked for", () => {
  const pod = { uid: 'p-1', name: 'web-0', namespace: 'shop' };
  const claim = { name: 'data', namespace: 'shop', found: true, accessModes: [], pv: { name: 'pv-1', accessModes: [], sourceType: 'csi', detail: '' } };
  const targets = (entry: unknown) => eventTargets(entry as never, en).map((x) => x.target);
  assert.deepEqual(targets({ kind: 'node', uid: 'n', node: { name: 'node-a', uid: 'n' } }), [{ kind: 'Node', name: 'node-a' }]);
  assert.deepEqual(targets({ kind: 'node', uid: 'n', node: { name: 'node-a', uid: 'n', inferred: true } }), []);
  assert.deepEqual(targets({ kind: 'container', uid: 'c', pod, container: { name: 'app' } }), [{ kind: 'Pod', namespace: 'shop', name: 'web-0', uid: 'p-1', container: 'app' }]);
  assert.deepEqual(targets({ kind: 'volume', uid: 'v', pod, volume: { claim } }), [
    { kind: 'PersistentVolumeClaim', namespace: 'shop', name: 'data' },
    { kind: 'PersistentVolume', name: 'pv-1' },
  ]);
  assert.deepEqual(targets({ kind: 'volume', uid: 'v', pod, volume: {} }), []);
});

test('a call that fails with words of the app says them in the page\'s language', async () => {
  const { els, section } = setup(() => {
    throw new MessageError(message('errors.link.closed'), 'The connection to the kube-anatomy server is closed.');
  });
  els.body.appendChild(section.element(WEB, ko('events.title'), ko));
  await settle();
  const text = els.body.textContent ?? '';
  assert.match(text, /Kube Anatomy 서버와의 연결이 닫혔습니다/);
  assert.doesNotMatch(text, /connection/);
});
