// Paged lists with the next page asked for while the current one is read:
// the continue token is taken from the head of a page as it comes, before the
// rest of the page and before it is parsed; the pages always follow the
// parsed metadata, and leaving early cancels the request in flight.

import assert from 'node:assert/strict';
import path from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import { loadKubeconfig } from '../../../main/cluster/kubeconfig.ts';
import { continueInHead, KubeTransport } from '../../../main/cluster/transport.ts';
import { continueInProtoHead, decodePodList } from '../../../main/cluster/proto/decode.ts';
import { FakeApiServer, fixture, TLS_DIR } from '../../fixtures/fake-apiserver.ts';
import { encodePodList, envelope, Writer } from '../../fixtures/proto-encode.ts';
import { eventually, tempDir, writeKubeconfig } from './helpers/harness.ts';

const PODS = '/api/v1/pods';
const PAGES = ['pods-page-1.json', 'pods-page-2.json', 'pods-page-3.json'];

let server: FakeApiServer;
let tmp: ReturnType<typeof tempDir>;
let transports: KubeTransport[] = [];

function transport(): KubeTransport {
  const file = writeKubeconfig(tmp.dir, { server: server.url, cluster: { 'certificate-authority': path.join(TLS_DIR, 'ca.crt') } });
  const t = new KubeTransport(loadKubeconfig({ kubeconfigFlag: file }).access(), { requestTimeoutMs: 30_000 });
  transports.push(t);
  return t;
}

const names = (page: unknown) => ((page as { items: { metadata: { name: string } }[] }).items ?? []).map((i) => i.metadata.name);
const continued = () => server.requests.filter((r) => r.path === PODS && r.query.has('continue'));

/** The same page with its keys in another order: a server that writes the items first. */
function itemsFirst(page: Record<string, unknown>): Record<string, unknown> {
  const { items, ...rest } = page;
  return { items, ...rest };
}

/** The page with each item carrying a 2 kB annotation. */
function padded(page: Record<string, unknown>): Record<string, unknown> {
  const items = (page['items'] as { metadata: Record<string, unknown> }[]).map((i) => ({ ...i, metadata: { ...i.metadata, annotations: { pad: 'x'.repeat(2000) } } }));
  return { ...page, items };
}

describe('continueInHead', () => {
  it('reads the token from the metadata before the items, as the API server writes it', () => {
    assert.equal(continueInHead('{"kind":"PodList","apiVersion":"v1","metadata":{"resourceVersion":"7","continue":"eyJ2Ijo","remainingItemCount":3},"items":[]}'), 'eyJ2Ijo');
    assert.equal(continueInHead(JSON.stringify(fixture('pods-page-1.json'), null, 1)), (fixture('pods-page-1.json')['metadata'] as { continue: string }).continue);
  });

  it('says nothing when the head does not show a token plainly', () => {
    assert.equal(continueInHead('{"kind":"PodList","metadata":{"resourceVersion":"7"},"items":[{"metadata":{"continue":"x"}}]}'), undefined, 'last page');
    assert.equal(continueInHead('{"items":[],"metadata":{"continue":"later"}}'), undefined, 'metadata after the items');
    assert.equal(continueInHead('{"metadata":{"continue":"a\\u0041b"},"items":[]}'), undefined, 'an escape');
    assert.equal(continueInHead('{"metadata":{"continue":""},"items":[]}'), undefined, 'empty');
  });
});

describe('KubeTransport.listPages', () => {
  before(() => {
    tmp = tempDir();
  });
  after(() => tmp.cleanup());
  afterEach(async () => {
    for (const t of transports) t.close();
    transports = [];
    await server.close();
  });

  it('asks for the next page before the caller takes the current one, and gives every page in order', async () => {
    server = await FakeApiServer.start();
    server.setList(PODS, ...PAGES.map((p) => fixture(p)));
    const pages = transport().listPages(PODS, { limit: '3' }, new AbortController().signal);
    const first = await pages.next();
    assert.deepEqual(names(first.value), names(fixture(PAGES[0]!)));
    // The caller has not asked for page 2, yet the server is already asked for it.
    await eventually('page 2 asked for', () => continued().length === 1);
    const rest: unknown[] = [];
    for await (const page of pages) rest.push(page);
    assert.deepEqual(rest.map(names), PAGES.slice(1).map((p) => names(fixture(p))));
    assert.equal(server.requests.filter((r) => r.path === PODS).length, 3, 'one request per page, none wasted');
    assert.ok(server.requests.every((r) => r.query.get('limit') === '3'));
  });

  it("asks for the next page as soon as the current page's head has come, before the rest of it", async () => {
    server = await FakeApiServer.start();
    // Pages larger than the head the transport reads (4 KiB), as a real page of 500 pods is (several MB).
    server.setList(PODS, ...PAGES.map((p) => padded(fixture(p))));
    // The first page's last bytes are kept back: it is still on its way.
    server.holdTail = (r) => r.path === PODS && !r.query.has('continue');
    const pages = transport().listPages(PODS, { limit: '3' }, new AbortController().signal);
    const first = pages.next();
    await eventually('page 2 asked for while page 1 is still coming', () => continued().length === 1);
    server.finishLists();
    assert.deepEqual(names((await first).value), names(fixture(PAGES[0]!)));
    const rest: unknown[] = [];
    for await (const page of pages) rest.push(page);
    assert.deepEqual(rest.map(names), PAGES.slice(1).map((p) => names(fixture(p))));
    assert.equal(server.requests.filter((r) => r.path === PODS).length, 3, 'one request per page, none wasted');
  });

  it('pages the plain way when the metadata comes after the items', async () => {
    server = await FakeApiServer.start();
    server.setList(PODS, ...PAGES.map((p) => itemsFirst(fixture(p))));
    const got: unknown[] = [];
    for await (const page of transport().listPages(PODS, { limit: '3' }, new AbortController().signal)) got.push(page);
    assert.deepEqual(got.map(names), PAGES.map((p) => names(fixture(p))));
    assert.equal(server.requests.filter((r) => r.path === PODS).length, 3);
  });

  it('follows the parsed metadata when the head misleads: the wrong early request is dropped', async () => {
    server = await FakeApiServer.start();
    // A field before the metadata that looks like a token: the early guess is wrong.
    server.setList(PODS, ...PAGES.map((p) => ({ decoy: { continue: 'not-a-token' }, ...fixture(p) })));
    const got: unknown[] = [];
    for await (const page of transport().listPages(PODS, { limit: '3' }, new AbortController().signal)) got.push(page);
    assert.deepEqual(got.map(names), PAGES.map((p) => names(fixture(p))));
  });

  it('leaving the loop early cancels the page asked for ahead', async () => {
    server = await FakeApiServer.start();
    server.setList(PODS, ...PAGES.map((p) => fixture(p)));
    server.hold = (r) => r.query.has('continue');
    for await (const page of transport().listPages(PODS, { limit: '3' }, new AbortController().signal)) {
      assert.deepEqual(names(page), names(fixture(PAGES[0]!)));
      await eventually('page 2 asked for and held', () => server.heldOpen() === 1);
      break;
    }
    await eventually('the held request cancelled', () => server.heldOpen() === 0);
  });

  describe('in protobuf', () => {
    const binary = { decode: decodePodList, continueInHead: continueInProtoHead };
    const asked = () => server.requests.filter((r) => r.path === PODS).map((r) => (r.accept?.startsWith('application/vnd.kubernetes.protobuf') ? 'protobuf' : 'json'));
    /** Each page as the pods JSON writes: what the JSON pages parse to, less what protobuf cannot say (the items' kind). */
    const plain = (page: Record<string, unknown>) => (page['items'] as { metadata: { name: string } }[]).map((i) => i.metadata.name);

    it('asks for protobuf, reads each page into the JSON objects, and pages ahead from its head', async () => {
      server = await FakeApiServer.start();
      server.setList(PODS, ...PAGES.map((p) => padded(fixture(p))));
      server.binaryLists = (page) => encodePodList(page as { items: unknown[] });
      server.holdTail = (r) => r.path === PODS && !r.query.has('continue');
      const pages = transport().listPages(PODS, { limit: '3' }, new AbortController().signal, binary);
      const first = pages.next();
      await eventually('page 2 asked for while page 1 is still coming', () => continued().length === 1);
      server.finishLists();
      const rest: unknown[] = [];
      for await (const page of pages) rest.push(page);
      assert.deepEqual(names((await first).value), plain(fixture(PAGES[0]!)));
      assert.deepEqual(rest.map(names), PAGES.slice(1).map((p) => plain(fixture(p))));
      assert.deepEqual(asked(), ['protobuf', 'protobuf', 'protobuf']);
    });

    it('takes JSON when the server answers JSON', async () => {
      server = await FakeApiServer.start();
      server.setList(PODS, ...PAGES.map((p) => fixture(p)));
      const got: unknown[] = [];
      for await (const page of transport().listPages(PODS, { limit: '3' }, new AbortController().signal, binary)) got.push(page);
      assert.deepEqual(got.map(names), PAGES.map((p) => plain(fixture(p))));
      assert.deepEqual(asked(), ['protobuf', 'protobuf', 'protobuf'], 'asked, and JSON accepted');
    });

    it('asks again as JSON for a page it cannot read exactly, and for every list after it', async () => {
      server = await FakeApiServer.start();
      server.setList(PODS, ...PAGES.map((p) => fixture(p)));
      // Page 2 carries a field a newer server might send: a pod list the table does not know.
      const second = (fixture(PAGES[0]!)['metadata'] as { continue: string }).continue;
      server.binaryLists = (page, r) => {
        if (r.query.get('continue') !== second) return encodePodList(page as { items: unknown[] });
        const meta = page['metadata'] as { continue: string };
        return envelope('PodList', new Writer().message(1, (m) => m.string(2, '1').string(3, meta.continue)).message(2, (pod) => pod.string(99, 'new')).done());
      };
      const t = transport();
      const got: unknown[] = [];
      for await (const page of t.listPages(PODS, { limit: '3' }, new AbortController().signal, binary)) got.push(page);
      assert.deepEqual(got.map(names), PAGES.map((p) => plain(fixture(p))));
      const firstList = asked();
      assert.equal(firstList[0], 'protobuf');
      assert.ok(firstList.includes('json'), `the unreadable page asked for again as JSON: ${firstList.join(', ')}`);
      assert.equal(firstList.at(-1), 'json', 'the pages after it as JSON');
      // The same transport lists as JSON from then on.
      for await (const page of t.listPages(PODS, { limit: '3' }, new AbortController().signal, binary)) got.push(page);
      assert.deepEqual(asked().slice(firstList.length), ['json', 'json', 'json']);
    });
  });
});
