// The Image section's registry part on linkedom: asked once per container
// (repaints reuse the element and the answer), a reply for a container no
// longer shown is kept for when it shows, the language fills it again, a call
// that fails is an error with a retry, and the sizes say which are compressed.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ImageAnswer, ImageRequest, ImageStageEvent } from '../../../../main/contract/image.ts';
import { parseImageRef } from '../../../../main/model/image.ts';
import type { ContainerModel } from '../../../../main/model/types.ts';
import { createImageAnatomy } from '../../../../renderer/app/details/image-anatomy.ts';
import { translator } from '../../../../renderer/app/strings.ts';
import { message, MessageError } from '../../../../main/i18n/index.ts';
import { panelDom } from '../../../fixtures/details/panel-dom.ts';

const D = (c: string) => `sha256:${c.repeat(64)}`;
const en = translator('en');
const ko = translator('ko');

function container(name: string, raw: string): ContainerModel {
  return { uid: `pod/app/${name}`, name, group: 'app', image: parseImageRef(raw), state: { kind: 'running' }, ready: true, restartCount: 0, ports: [], resources: { requests: {}, limits: {} }, mounts: [] };
}

function anatomyAnswer(raw: string): ImageAnswer {
  const ref = parseImageRef(raw);
  return {
    state: 'anatomy',
    ref: raw,
    platformFrom: 'node',
    anatomy: {
      reference: { raw, registry: ref.registry, repository: ref.repository, owner: ref.owner, name: ref.name, tag: ref.tag, defaulted: ref.defaulted },
      endpoint: 'registry-1.docker.io',
      manifest: { digest: D('e'), mediaType: 'x', size: 1 },
      platform: { os: 'linux', architecture: 'amd64' },
      config: { digest: D('c'), mediaType: 'y', size: 1, exposedPorts: [], envNames: [] },
      layers: [{ digest: D('1'), size: 1536, mediaType: 'z', createdBy: 'ADD x /' }],
      history: [{ createdBy: 'ADD x /', empty: false, layer: 0 }],
      totalSize: 1536,
      warnings: [],
      fetched: { cached: 0, network: 3 },
    },
    sharedWith: [[]],
    nodeCache: { node: 'w1', held: 'no', pullBytes: 1536, sharedBytes: 0 },
  };
}

function harness() {
  const { document } = panelDom();
  const asked: ImageRequest[] = [];
  const replies: Array<{ resolve(a: ImageAnswer): void; reject(e: Error): void }> = [];
  const section = createImageAnatomy(document, {
    ask: (req) => {
      asked.push(req);
      return new Promise((resolve, reject) => replies.push({ resolve, reject }));
    },
  });
  return { section, asked, replies };
}

const settle = () => new Promise((r) => setImmediate(r));

test('asked once per container; repaints get the same element, filled when the answer comes, with the defaults marked and sizes labelled', async () => {
  const { section, asked, replies } = harness();
  const c = container('web', 'nginx:1.27');
  const first = section.element({ podUid: 'p1', container: c }, en, 'en');
  assert.equal(first.dataset.imageState, 'loading');
  assert.match(first.textContent ?? '', /Asking docker\.io about library\/nginx:1\.27/);
  assert.equal(section.element({ podUid: 'p1', container: c }, en, 'en'), first, 'a repaint reuses the element');
  assert.deepEqual(asked, [{ podUid: 'p1', container: 'web' }]);
  replies[0].resolve(anatomyAnswer('nginx:1.27'));
  await settle();
  assert.equal(first.dataset.imageState, 'anatomy');
  const text = first.textContent ?? '';
  assert.match(text, /1\.5 KiB compressed/);
  assert.match(text, /usually unpacked, so larger/);
  const defaulted = [...first.querySelectorAll('[data-defaulted=true]')].map((e) => e.getAttribute('data-part'));
  assert.deepEqual(defaulted, ['registry', 'owner'], 'docker.io and library were filled in by the defaults');
  assert.equal(first.querySelector('[data-part=owner]')?.getAttribute('title'), 'owner: not written, the default fills it in');
  assert.equal(section.calls(), 1);
});

test('the language fills the element again without asking; another container asks for its own', async () => {
  const { section, asked, replies } = harness();
  const c = container('web', 'nginx:1.27');
  const node = section.element({ podUid: 'p1', container: c }, en, 'en');
  replies[0].resolve(anatomyAnswer('nginx:1.27'));
  await settle();
  section.element({ podUid: 'p1', container: c }, ko, 'ko');
  assert.match(node.textContent ?? '', /레지스트리에서 읽은 내용/);
  assert.doesNotMatch(node.textContent ?? '', /From the registry/);
  section.element({ podUid: 'p1', container: container('sidecar', 'busybox') }, en, 'en');
  assert.deepEqual(asked.map((r) => r.container), ['web', 'sidecar']);
});

test('a call that fails is an error with a retry, and the retry asks again (as the user asking)', async () => {
  const { section, asked, replies } = harness();
  const node = section.element({ podUid: 'p1', container: container('web', 'nginx:1.27') }, en, 'en');
  replies[0].reject(new Error('the server is gone'));
  await settle();
  assert.equal(node.dataset.imageState, 'error');
  assert.match(node.textContent ?? '', /The app could not ask: the server is gone/);
  (node.querySelector('[data-testid=image-retry]') as HTMLElement).click();
  assert.equal(node.dataset.imageState, 'loading');
  assert.deepEqual(asked[1], { podUid: 'p1', container: 'web', ask: true });
  replies[1].resolve({ state: 'error', ref: 'nginx:1.27', kind: 'rate-limited', message: 'registry-1.docker.io is limiting requests (429)', retryAfterSeconds: 30 });
  await settle();
  assert.equal(node.querySelector('.image-error')?.getAttribute('data-error-kind'), 'rate-limited');
  assert.match(node.textContent ?? '', /It asks to wait 30 s before asking again/);
});

test('a failed call of the app\'s own (a message) is said in the page\'s language, and again in the next one', async () => {
  const { section, replies } = harness();
  const c = container('web', 'nginx:1.27');
  const node = section.element({ podUid: 'p1', container: c }, ko, 'ko');
  replies[0].reject(new MessageError(message('errors.link.closed'), 'The connection to the kube-anatomy server is closed.'));
  await settle();
  assert.equal(node.dataset.imageState, 'error');
  assert.match(node.textContent ?? '', /Kube Anatomy 서버와의 연결이 닫혔습니다/);
  assert.doesNotMatch(node.textContent ?? '', /connection/);
  section.element({ podUid: 'p1', container: c }, en, 'en');
  assert.match(node.textContent ?? '', /The connection to the kube-anatomy server is closed/);
});

test('unavailable and not asked say why; a reply for a container no longer shown waits in its element', async () => {
  const { section, replies } = harness();
  const a = section.element({ podUid: 'p1', container: container('web', 'nginx:1.27') }, en, 'en');
  const b = section.element({ podUid: 'p2', container: container('db', 'postgres:16') }, en, 'en');
  replies[0].resolve({ state: 'not-asked', ref: 'nginx:1.27', source: 'demo' });
  replies[1].resolve({ state: 'unavailable', reason: 'no-container' });
  await settle();
  assert.equal(a.dataset.imageState, 'not-asked');
  assert.match(a.textContent ?? '', /Docker Hub counts each manifest read as a pull/);
  assert.ok(a.querySelector('[data-testid=image-ask]'));
  assert.equal(b.dataset.imageState, 'unavailable');
  assert.match(b.textContent ?? '', /no longer in its pod/);
});

test('while asked, the loading text follows the registry client\'s steps for that container only, in the page\'s language', async () => {
  const { document } = panelDom();
  const listeners: Array<(event: ImageStageEvent) => void> = [];
  const replies: Array<(a: ImageAnswer) => void> = [];
  const section = createImageAnatomy(document, {
    ask: () => new Promise((resolve) => replies.push(resolve)),
    stages: (listener) => {
      listeners.push(listener);
      return () => {};
    },
  });
  assert.equal(listeners.length, 1, 'subscribed once, not per container');
  const send = (event: ImageStageEvent) => listeners[0](event);
  const web = section.element({ podUid: 'p1', container: container('web', 'reg.example/team/app:1.0') }, en, 'en');
  const db = section.element({ podUid: 'p2', container: container('db', 'postgres:16') }, en, 'en');
  const stageOf = (node: HTMLElement) => node.querySelector('.image-stage');
  assert.equal(stageOf(web), null, 'no step before the first one is told');

  send({ podUid: 'p1', container: 'web', stage: 'tag' });
  assert.equal(stageOf(web)?.getAttribute('data-stage'), 'tag');
  assert.equal(stageOf(web)?.textContent, 'Asking which digest 1.0 names now…');
  assert.match(web.textContent ?? '', /Asking reg\.example about team\/app:1\.0/, 'the general sentence stays');
  assert.equal(stageOf(db), null, 'another container\'s element is untouched');

  send({ podUid: 'p1', container: 'web', stage: 'index' });
  assert.equal(stageOf(web)?.textContent, 'Reading the index: which platforms the image is built for…');
  send({ podUid: 'p1', container: 'web', stage: 'manifest', platform: 'linux/arm64/v8' });
  assert.equal(stageOf(web)?.textContent, 'Reading the linux/arm64/v8 manifest: its layers and config…');
  send({ podUid: 'p2', container: 'db', stage: 'manifest' });
  assert.equal(stageOf(db)?.textContent, 'Reading the image manifest: its layers and config…');

  // The page's language: the step said in Korean, the platform as written.
  section.element({ podUid: 'p1', container: container('web', 'reg.example/team/app:1.0') }, ko, 'ko');
  assert.equal(stageOf(web)?.textContent, 'linux/arm64/v8 매니페스트를 읽는 중: 레이어와 설정…');
  send({ podUid: 'p1', container: 'web', stage: 'config' });
  assert.equal(stageOf(web)?.textContent, '설정을 읽는 중: 레이어를 만든 단계, 엔트리포인트, 환경 변수 이름…');

  // Not a stage, or after the answer: nothing changes.
  send({ podUid: 'p1', container: 'web', stage: 'layers' } as unknown as ImageStageEvent);
  assert.equal(stageOf(web)?.getAttribute('data-stage'), 'config');
  replies[0](anatomyAnswer('reg.example/team/app:1.0'));
  await settle();
  send({ podUid: 'p1', container: 'web', stage: 'tag' });
  assert.equal(web.dataset.imageState, 'anatomy');
  assert.equal(stageOf(web), null);
});
