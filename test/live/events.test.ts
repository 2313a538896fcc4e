// The app's events for an object equal what kubectl says about it: the test
// control plane's scheduler and controllers emit real events (Scheduled for
// each pod of a Deployment, FailedScheduling, a Warning, for a pod no node
// can take). The app reads events.k8s.io/v1; kubectl get events reads core
// v1, so this also checks the two APIs come out the same. A user without
// events permission gets a forbidden answer, and the picture keeps working.

import assert from 'node:assert/strict';
import { after, before, describe } from 'node:test';
import type { EventsAnswer } from '../../main/model/events.ts';
import { apply, kubectl, live, liveTest, lockCluster, uniqueName, waitFor } from './harness.ts';
import { deploymentObject, eventCount, kubectlEventsAbout, namespaceObject, removeNamespace, startEventSource as startSource, type SeenSource as Seen } from './objects.ts';

type Json = Record<string, any>;

/** kubectl's events about one object, in the terms compared: reason, type, note, count, the object. */
async function kubectlEvents(ns: string, name: string): Promise<string[]> {
  return (await kubectlEventsAbout(live!, ns, name))
    .map((e) => {
      const o = e.involvedObject ?? {};
      return JSON.stringify([e.reason, e.type, e.message, eventCount(e), o.kind, o.namespace, o.name, o.uid, o.fieldPath ?? null]);
    })
    .sort();
}

function appEvents(answer: EventsAnswer): string[] | string {
  if (answer.state !== 'ok') return `the app's answer is ${answer.state}`;
  return answer.events
    .map((e) => JSON.stringify([e.reason, e.type, e.note, e.count, e.regarding.kind, e.regarding.namespace, e.regarding.name, e.regarding.uid, e.regarding.fieldPath ?? null]))
    .sort();
}

describe('events: the app against kubectl', () => {
  const ns = uniqueName('events');
  let release: (() => void) | undefined;
  const sources: Seen[] = [];

  before(async () => {
    if (!live) return;
    release = await lockCluster('events.test.ts');
    await apply(live, namespaceObject(ns));
  });

  after(async () => {
    await Promise.all(sources.map((s) => s.stop()));
    if (live) await removeNamespace(live, ns);
    release?.();
  });

  liveTest("a Deployment's pods and an unschedulable pod: the same events as kubectl get events, and the Warning marks its pod", async (env) => {
    const seen = startSource(env.kubeconfig);
    sources.push(seen);
    await apply(env, deploymentObject(ns, 'web', 2));
    await apply(env, {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'stuck', namespace: ns },
      spec: { nodeSelector: { 'kube-anatomy.test/no-such-node': 'x' }, containers: [{ name: 'app', image: 'docker.io/library/busybox:1.36' }] },
    });
    const events = seen.source.events!;
    assert.ok(events, 'a live source watches events');

    const podsOf = () => (seen.objects?.pods ?? []).filter((p) => (p.metadata as Json).namespace === ns) as Json[];
    await waitFor(() => podsOf().length === 3 || `${podsOf().length} pods seen`, { what: 'the three pods' });
    for (const pod of podsOf()) {
      const name = pod.metadata.name as string;
      const target = { kind: 'Pod', namespace: ns, name, uid: pod.metadata.uid as string } as const;
      let last = '';
      await waitFor(
        async () => {
          const want = await kubectlEvents(ns, name);
          const got = appEvents(events.answer(target));
          if (want.length === 0) return `kubectl shows no events for ${name} yet`;
          if (typeof got === 'string') return got;
          last = JSON.stringify({ want, got });
          return JSON.stringify(want) === JSON.stringify(got) || last;
        },
        { what: `the app's events of pod ${name} to equal kubectl's` },
      );
      const answer = events.answer(target);
      assert.equal(answer.state, 'ok');
      if (answer.state !== 'ok') continue;
      // Newest first, each with a reporter and times.
      for (let i = 1; i < answer.events.length; i++) assert.ok((answer.events[i - 1]!.last ?? '') >= (answer.events[i]!.last ?? ''), 'newest first');
      for (const e of answer.events) {
        assert.ok(e.reporter.length > 0, `${e.reason} names who reported it`);
        assert.ok(e.last, `${e.reason} has a time`);
      }
      const reasons = answer.events.map((e) => e.reason);
      if (name === 'stuck') {
        assert.ok(reasons.includes('FailedScheduling'), `stuck: ${reasons.join(', ')}`);
        assert.ok(events.warnings().pods.has(pod.metadata.uid as string), 'the unschedulable pod carries a warning mark');
      } else {
        assert.ok(reasons.includes('Scheduled'), `${name}: ${reasons.join(', ')}`);
      }
    }
  });

  liveTest('without events permission: a forbidden answer naming the user, and the pods still come', async (env) => {
    const seen = startSource(env.kubeconfigPodsOnly);
    sources.push(seen);
    const events = seen.source.events!;
    const target = { kind: 'Pod', namespace: ns, name: 'stuck' } as const;
    await waitFor(() => events.answer(target).state === 'forbidden' || `answer ${events.answer(target).state}`, { what: 'a forbidden answer' });
    const answer = events.answer(target);
    assert.equal(answer.state, 'forbidden');
    if (answer.state === 'forbidden') {
      assert.match(answer.message, /events.* is forbidden/);
      assert.match(answer.message, /anatomy-pods-reader/);
    }
    await waitFor(() => (seen.objects?.pods ?? []).some((p) => (p.metadata as Json).namespace === ns) || 'no pods yet', { what: 'pods for the pods-only user' });
  });
});
