// The teaching hooks' stories against the test control plane (issue 12 item
// 3): a pod's C1 scheduling story, told from the app's events, is the real
// kube-scheduler's Scheduled / FailedScheduling events that kubectl get events
// prints for the pod, and binds it to the node kubectl says; a pod no node can
// take says why in the scheduler's last words. The pull story of each
// container is its own pull events: kwok's fake kubelets emit none (a kwok
// Stage's event is a fixed text about the whole pod, without the
// spec.containers{name} fieldPath the kubelet sets), so the test posts them as
// the kubelet does (core v1 Events from component kubelet, with the fieldPath),
// and a restart back-off that is not a pull beside them.

import assert from 'node:assert/strict';
import { after, before, describe } from 'node:test';
import type { EventsAnswer, EventTarget } from '../../main/model/events.ts';
import { pendingReason, pullStory, schedulingStory } from '../../renderer/teach/event-story.ts';
import { apply, kubectl, live, liveTest, lockCluster, uniqueName, waitFor } from './harness.ts';
import { eventCount as countOf, eventLastSeen as lastOf, kubectlEventsAbout, namespaceObject, removeNamespace, startEventSource, type SeenSource as Seen } from './objects.ts';

type Json = Record<string, any>;

const kubectlEvents = (ns: string, name: string) => kubectlEventsAbout(live!, ns, name);

function answerEvents(answer: EventsAnswer) {
  assert.equal(answer.state, 'ok', `the app's answer is ${answer.state}`);
  return answer.state === 'ok' ? answer.events : [];
}

describe('the C1 and C7/C10 stories: the app against kubectl', () => {
  const ns = uniqueName('story');
  let release: (() => void) | undefined;
  const sources: Seen[] = [];

  before(async () => {
    if (!live) return;
    release = await lockCluster('event-story.test.ts');
    await apply(live, namespaceObject(ns));
  });

  after(async () => {
    try {
      await Promise.all(sources.map((s) => s.stop()));
      if (live) await removeNamespace(live, ns);
    } finally {
      release?.();
    }
  });

  liveTest("a scheduled pod's story is the scheduler's events kubectl prints; a stuck pod says why; each container's pulls are its own", async (env) => {
    await apply(env, {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'placed', namespace: ns },
      spec: { containers: [{ name: 'app', image: 'docker.io/library/nginx:1.27' }, { name: 'side', image: 'docker.io/library/busybox:1.36' }] },
    });
    await apply(env, {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'stuck', namespace: ns },
      spec: { nodeSelector: { 'kube-anatomy.test/no-such-node': 'x' }, containers: [{ name: 'app', image: 'docker.io/library/busybox:1.36' }] },
    });
    const seen = startEventSource(env.kubeconfig, [ns]);
    sources.push(seen);
    const events = seen.source.events!;
    const pod = (name: string): Json | undefined => (seen.objects?.pods ?? []).find((p) => (p.metadata as Json).name === name) as Json | undefined;
    await waitFor(() => (!!pod('placed')?.spec?.nodeName && !!pod('stuck')) || 'pods not placed yet', { what: 'placed to be bound and stuck to be seen' });
    const placed = pod('placed')!;
    const node = JSON.parse(await kubectl(env, ['get', 'pod', '-n', ns, 'placed', '-o', 'json'])).spec.nodeName as string;
    assert.equal(placed.spec.nodeName, node);

    // The kubelet's pull events, as it posts them: about the pod, the container in fieldPath.
    const uid = placed.metadata.uid as string;
    const now = Date.now();
    const kubeletEvent = (n: number, container: string, reason: string, type: string, message: string) => ({
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: `placed.pull-${n}`, namespace: ns },
      involvedObject: { apiVersion: 'v1', kind: 'Pod', namespace: ns, name: 'placed', uid, fieldPath: `spec.containers{${container}}` },
      reason,
      type,
      message,
      count: 1,
      source: { component: 'kubelet', host: node },
      firstTimestamp: new Date(now + n * 1000).toISOString().replace(/\.\d+Z$/, 'Z'),
      lastTimestamp: new Date(now + n * 1000).toISOString().replace(/\.\d+Z$/, 'Z'),
    });
    await apply(
      env,
      kubeletEvent(1, 'app', 'Pulling', 'Normal', 'Pulling image "docker.io/library/nginx:1.27"'),
      kubeletEvent(2, 'app', 'Pulled', 'Normal', 'Successfully pulled image "docker.io/library/nginx:1.27" in 1.2s (1.2s including waiting). Image size: 72080558 bytes.'),
      kubeletEvent(3, 'side', 'Pulled', 'Normal', 'Container image "docker.io/library/busybox:1.36" already present on machine'),
      kubeletEvent(4, 'side', 'BackOff', 'Warning', 'Back-off restarting failed container side in pod placed_' + ns),
    );

    const target = (name: string, container?: string): EventTarget => {
      const p = pod(name)!;
      return { kind: 'Pod', namespace: ns, name, uid: p.metadata.uid as string, ...(container ? { container } : {}) };
    };

    // C1: the scheduler's events of the pod, as kubectl prints them.
    const schedulerRows = (items: Json[]) =>
      items
        .filter((e) => (e.reason === 'Scheduled' || e.reason === 'FailedScheduling') && !e.involvedObject?.fieldPath)
        .map((e) => JSON.stringify([e.reason, e.type, e.message, countOf(e)]))
        .sort();
    for (const name of ['placed', 'stuck']) {
      let last = '';
      await waitFor(
        async () => {
          const want = schedulerRows(await kubectlEvents(ns, name));
          if (want.length === 0) return `kubectl shows no scheduler events for ${name} yet`;
          const answer = events.answer(target(name));
          if (answer.state !== 'ok') return `answer ${answer.state}`;
          const got = schedulingStory(answer.events, pod(name)?.spec?.nodeName)
            .map((s) => JSON.stringify([s.event.reason, s.event.type, s.event.note, s.event.count]))
            .sort();
          last = JSON.stringify({ want, got });
          return JSON.stringify(want) === JSON.stringify(got) || last;
        },
        { what: `${name}'s C1 story to equal kubectl's scheduler events` },
      );
    }
    const placedStory = schedulingStory(answerEvents(events.answer(target('placed'))), node);
    const bound = placedStory.filter((s) => s.kind === 'scheduled');
    assert.equal(bound.length, 1, 'one binding');
    assert.equal(bound[0]!.kind === 'scheduled' && bound[0]!.node, node, 'bound to the node kubectl names');
    for (let i = 1; i < placedStory.length; i++) assert.ok((placedStory[i - 1]!.event.last ?? '') <= (placedStory[i]!.event.last ?? ''), 'oldest first');
    assert.equal(pendingReason(placedStory, node), undefined);

    const stuckStory = schedulingStory(answerEvents(events.answer(target('stuck'))), undefined);
    const failed = (await kubectlEvents(ns, 'stuck')).filter((e) => e.reason === 'FailedScheduling').sort((a, b) => lastOf(a) - lastOf(b));
    assert.ok(failed.length > 0);
    assert.equal(pendingReason(stuckStory, pod('stuck')?.spec?.nodeName), failed[failed.length - 1]!.message);
    assert.match(pendingReason(stuckStory, undefined) ?? '', /didn't match Pod's node affinity\/selector/);

    // C7/C10: each container's pull events, as kubectl prints them for that fieldPath; the restart back-off is none.
    for (const container of ['app', 'side']) {
      let last = '';
      await waitFor(
        async () => {
          const want = (await kubectlEvents(ns, 'placed'))
            .filter((e) => e.involvedObject?.fieldPath === `spec.containers{${container}}` && (e.reason === 'Pulling' || e.reason === 'Pulled'))
            .map((e) => JSON.stringify([e.reason, e.type, e.message, countOf(e)]))
            .sort();
          const answer = events.answer(target('placed', container));
          if (answer.state !== 'ok') return `answer ${answer.state}`;
          const got = pullStory(answer.events, container)
            .map((s) => JSON.stringify([s.event.reason, s.event.type, s.event.note, s.event.count]))
            .sort();
          last = JSON.stringify({ want, got });
          return (want.length > 0 && JSON.stringify(want) === JSON.stringify(got)) || last;
        },
        { what: `the pulls of ${container} to equal kubectl's` },
      );
    }
    const side = pullStory(answerEvents(events.answer(target('placed', 'side'))), 'side');
    assert.deepEqual(side.map((s) => s.phase), ['present']);
    const app = pullStory(answerEvents(events.answer(target('placed', 'app'))), 'app');
    assert.deepEqual(app.map((s) => s.phase), ['pulling', 'pulled']);
  });
});
