// The teaching hooks' elements on linkedom, fed through the events section's
// answers (events.ts onAnswer) as the app feeds them: the C1 story fills when
// the pod's answer comes and names the node; a pending pod's reason is its
// last FailedScheduling note, as text; a container's pulls are its own, hidden
// when there are none outside the lenses, and C7 / C10 add their words.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ClusterEvent, EventsAnswer, EventTarget } from '../../../../main/model/events.ts';
import type { ContainerModel, PodModel } from '../../../../main/model/types.ts';
import { createEventsSection } from '../../../../renderer/app/details/events.ts';
import { createEventStories } from '../../../../renderer/app/details/event-story.ts';
import { translator } from '../../../../renderer/app/strings.ts';
import { panelDom } from '../../../fixtures/details/panel-dom.ts';

const en = translator('en');
const ko = translator('ko');
const settle = () => new Promise((r) => setImmediate(r));

function ev(id: string, reason: string, note: string, last: string, over: Partial<ClusterEvent> = {}): ClusterEvent {
  return {
    id,
    version: '1',
    type: reason.startsWith('Failed') ? 'Warning' : 'Normal',
    reason,
    note,
    count: 1,
    reporter: 'default-scheduler',
    regarding: { kind: 'Pod', namespace: 'shop', name: 'web-0', uid: 'p-1' },
    api: 'events.k8s.io/v1',
    first: last,
    last,
    ...over,
  };
}

const POD = { uid: 'p-1', name: 'web-0', namespace: 'shop', nodeName: 'node-a', static: false } as unknown as PodModel;
const APP = { uid: 'c-1', name: 'app' } as unknown as ContainerModel;
const app = (id: string, reason: string, note: string, last: string) => ev(id, reason, note, last, { reporter: 'kubelet, node-a', regarding: { kind: 'Pod', namespace: 'shop', name: 'web-0', uid: 'p-1', fieldPath: 'spec.containers{app}' } });

function setup(answer: (target: EventTarget) => Promise<EventsAnswer>) {
  const { document } = panelDom();
  const section = createEventsSection(document, { ask: answer, now: () => Date.parse('2026-11-30T04:00:00Z') });
  const stories = createEventStories(document, section, () => Date.parse('2026-11-30T04:00:00Z'));
  return { document, section, stories };
}

test('the C1 story fills when the answer comes, oldest first, naming the node', async () => {
  let resolve: (a: EventsAnswer) => void = () => {};
  const { section, stories } = setup(() => new Promise((r) => (resolve = r)));
  const story = stories.scheduling(POD, en);
  const target: EventTarget = { kind: 'Pod', namespace: 'shop', name: 'web-0', uid: 'p-1' };
  section.element(target, 'Events', en);
  assert.equal(story.dataset.state, 'asking');
  assert.equal(story.querySelectorAll('li').length, 0);
  resolve({
    state: 'ok',
    events: [
      ev('b', 'Scheduled', 'Successfully assigned shop/web-0 to node-a', '2026-11-30T03:51:00Z'),
      ev('a', 'FailedScheduling', '0/2 nodes are available: <b>2 Insufficient cpu</b>.', '2026-11-30T03:50:00Z'),
    ],
  });
  await settle();
  assert.equal(story.dataset.state, 'ok');
  const items = [...story.querySelectorAll('li')];
  assert.deepEqual(items.map((li) => li.getAttribute('data-reason')), ['FailedScheduling', 'Scheduled']);
  assert.equal(items[1]!.querySelector('.event-head')!.textContent, 'The scheduler bound this pod to node-a.');
  // The scheduler's reason is text, marked as the cluster's own.
  const note = items[0]!.querySelector('.event-note')!;
  assert.equal(note.textContent, '0/2 nodes are available: <b>2 Insufficient cpu</b>.');
  assert.equal(note.querySelector('b'), null);
  assert.equal(note.getAttribute('translate'), 'no');
  // In Korean on the next paint.
  assert.equal(stories.scheduling(POD, ko).querySelector('h3')!.textContent, '컨트롤 플레인이 이 파드를 배치한 과정');
});

test("a pending pod says why it waits, in the scheduler's last words", async () => {
  const pending = { ...POD, nodeName: undefined } as unknown as PodModel;
  const { section, stories } = setup(async () => ({
    state: 'ok',
    events: [ev('a', 'FailedScheduling', 'first', '2026-11-30T03:50:00Z'), ev('b', 'FailedScheduling', 'latest reason', '2026-11-30T03:55:00Z')],
  }));
  const story = stories.scheduling(pending, en);
  section.element({ kind: 'Pod', namespace: 'shop', name: 'web-0', uid: 'p-1' }, 'Events', en);
  await settle();
  assert.equal(story.querySelector('.story-reason')!.textContent, 'latest reason');
  assert.match(story.querySelector('.note-warn')!.textContent ?? '', /still waits for a node/);
});

test("a container's pulls: its own only, hidden when none outside the lenses, with the lens's words under C7 and C10", async () => {
  const events: ClusterEvent[] = [
    app('1', 'Pulling', 'Pulling image "nginx:1.27"', '2026-11-30T03:50:00Z'),
    app('2', 'Pulled', 'Container image "nginx:1.27" already present on machine', '2026-11-30T03:51:00Z'),
    ev('3', 'Pulled', 'Successfully pulled image "busybox"', '2026-11-30T03:52:00Z', { regarding: { kind: 'Pod', namespace: 'shop', name: 'web-0', uid: 'p-1', fieldPath: 'spec.containers{side}' } }),
  ];
  const target: EventTarget = { kind: 'Pod', namespace: 'shop', name: 'web-0', uid: 'p-1', container: 'app' };
  let answer: EventsAnswer = { state: 'ok', events };
  const { section, stories } = setup(async () => answer);
  const pulls = stories.pulls(POD, APP, en, null);
  section.element(target, 'Events', en);
  await settle();
  assert.equal(pulls.hidden, false);
  assert.deepEqual([...pulls.querySelectorAll('li')].map((li) => li.getAttribute('data-phase')), ['pulling', 'present']);
  assert.equal(pulls.querySelector('li[data-phase=present] .event-type')!.textContent, 'Already on the node');
  assert.equal(pulls.querySelector('.note-teach'), null);
  assert.match(stories.pulls(POD, APP, en, 'C7').querySelector('.note-teach')!.textContent ?? '', /image cache/);
  assert.match(stories.pulls(POD, APP, en, 'C10').querySelector('.note-teach')!.textContent ?? '', /layers/);
  assert.equal(stories.pulls(POD, APP, en, 'C3').querySelector('.note-teach'), null);

  // No pulls of its own: nothing shown outside the lenses, a note under one.
  answer = { state: 'ok', events: [events[2]!] };
  const other = { ...POD, uid: 'p-2', name: 'web-1' } as unknown as PodModel;
  const otherTarget: EventTarget = { kind: 'Pod', namespace: 'shop', name: 'web-1', uid: 'p-2', container: 'app' };
  const none = stories.pulls(other, APP, en, null);
  section.element(otherTarget, 'Events', en);
  await settle();
  assert.equal(none.hidden, true);
  assert.equal(stories.pulls(other, APP, en, 'C7').hidden, false);
  assert.match(none.textContent ?? '', /No pull events/);
});
