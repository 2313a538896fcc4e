// A recording opened in browser mode: the file picker takes a .karec as it
// takes a snapshot, the timeline appears, and stepping, playing and stepping
// back change the picture as the recording says (the changes reach the page
// as patches, through the same path as a live cluster's).

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KubeObject } from '../../main/model/kube.ts';
import { openRecordingFile, RecordingWriter } from '../../main/record/writer.ts';
import { objectsOf, pod, smallCluster } from '../fixtures/session/objects.ts';
import { FakeClock } from '../fixtures/fake-clock.ts';
import { pageOnApp } from './helpers.ts';

const env = pageOnApp('anatomy-e2e-replay-', () => ({ demo: true }));

/** The small cluster, then web-9 added at 0.5 s and web-0 deleted at 1 s. */
function writeRecording(): string {
  const file = `${env.files.dir}/lesson.karec`;
  const items = smallCluster();
  const clock = new FakeClock(Date.parse('2026-12-01T10:00:00Z'));
  const writer = new RecordingWriter(openRecordingFile(file), objectsOf(items), { source: { kind: 'cluster', name: 'kind', namespaces: [] }, clock });
  clock.elapse(500);
  writer.write([{ type: 'added', resource: 'pods', object: pod({ name: 'web-9', namespace: 'shop', node: 'worker-1', ip: '10.244.1.19' }) }]);
  clock.elapse(500);
  const web0 = items.find((o) => (o.metadata as { name: string }).name === 'web-0') as KubeObject;
  writer.write([{ type: 'deleted', resource: 'pods', object: web0 }]);
  writer.close();
  return file;
}

const drawn = (name: string) => `g[data-kind=pod][data-name=${name}]`;

test('a recording opens with its timeline; step, play and step back change the picture as recorded', async () => {
  const { page } = env.opened;
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.click('[data-command=open-snapshot]')]);
  await chooser.setFiles(writeRecording());
  await page.waitForSelector('#timeline:not([hidden])', { timeout: 10_000 });
  await page.waitForSelector(drawn('web-0'), { state: 'attached', timeout: 10_000 });
  assert.equal(await page.locator(drawn('web-9')).count(), 0);
  assert.match((await page.textContent('[data-testid=timeline-time]')) ?? '', /0:00 of 0:01 · change 0 of 2/);

  // "." steps one change forward: web-9 comes.
  await page.keyboard.press('.');
  await page.waitForSelector(drawn('web-9'), { state: 'attached', timeout: 10_000 });
  assert.equal(env.app.session.state().replay?.n, 1);

  // Space plays to the end: web-0 goes. (On a focused button Space is the button's own: the picker's was clicked.)
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.keyboard.press('Space');
  await page.waitForSelector(drawn('web-0'), { state: 'detached', timeout: 10_000 });
  await page.waitForFunction(() => document.querySelector('#timeline')?.getAttribute('data-playing') === 'false', undefined, { timeout: 10_000 });
  assert.equal(env.app.session.state().replay?.n, 2);

  // The back button: web-0 is there again.
  await page.click('#timeline [data-act=back]');
  await page.waitForSelector(drawn('web-0'), { state: 'attached', timeout: 10_000 });
  assert.equal(env.app.session.state().replay?.n, 1);
});
