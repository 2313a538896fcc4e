// Callouts in an export: a numbered marker pinned to each noted object (by its
// data attributes), the list of notes beside the picture, a detached note in
// the list only, dashed, and the notes' text as text. Then the CLI: a saved
// snapshot's notes are drawn by default and --no-callouts leaves them out.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { renderSvg } from '../../../main/export/svg.ts';
import type { Callout } from '../../../main/model/callouts.ts';
import type { AnatomyModel } from '../../../main/model/types.ts';
import { writeSnapshot } from '../../../main/snapshot/write.ts';
import { buildDemoCluster } from '../../../main/snapshot/demo.ts';
import { parseCommandLine, type ExportCommand } from '../../../main/cli/args.ts';
import { runExport } from '../../../main/cli/export.ts';
import { HOSTILE_SCRIPT, kindCluster } from '../../fixtures/anatomy-models.ts';
import { allElements, parseStrictXml, textOf, type XmlElement } from './strict-xml.ts';

const COREDNS = 'uid-pod-kube-system-coredns-674b8bbfcf-4xbqs';

function withNotes(model: AnatomyModel, callouts: Callout[]): AnatomyModel {
  return { ...model, callouts };
}

const NOTES: Callout[] = [
  { n: 1, text: 'the control plane node', target: { kind: 'node', uid: 'uid-node-kind-control-plane', key: 'kind-control-plane' } },
  { n: 2, text: HOSTILE_SCRIPT, target: { kind: 'pod', uid: COREDNS, key: 'kube-system/coredns-674b8bbfcf-4xbqs' } },
  { n: 3, text: 'its server', target: { kind: 'container', uid: `${COREDNS}/app/coredns`, key: 'kube-system/coredns-674b8bbfcf-4xbqs/coredns' } },
  { n: 5, text: 'the pod a rollout replaced', target: { kind: 'pod', uid: 'uid-gone', key: 'shop/web-7d9-abc' } },
];

const byRole = (root: XmlElement, role: string) => allElements(root).filter((e) => e.attrs.get('data-role') === role);
const attr = (e: XmlElement, name: string) => e.attrs.get(name);

describe('callouts in an exported SVG', () => {
  it('pins a numbered marker to each noted object, lists every note beside the picture, and keeps a detached one in the list, marked', () => {
    const plain = parseStrictXml(renderSvg(kindCluster(), { detail: 'full' }));
    const svg = parseStrictXml(renderSvg(withNotes(kindCluster(), NOTES), { detail: 'full' }));
    const drawnUids = new Set(allElements(svg).filter((e) => e.name === 'g' && e.attrs.has('data-uid')).map((e) => e.attrs.get('data-uid')));

    const markers = byRole(svg, 'callout');
    assert.deepEqual(
      markers.map((m) => [attr(m, 'data-callout-n'), attr(m, 'data-callout-state'), attr(m, 'data-target-kind'), attr(m, 'data-target-uid')]),
      [
        ['1', 'pinned', 'node', 'uid-node-kind-control-plane'],
        ['2', 'pinned', 'pod', COREDNS],
        ['3', 'pinned', 'container', `${COREDNS}/app/coredns`],
      ],
    );
    // Each marker stands for an object the picture draws, under the same uid.
    for (const m of markers) assert.ok(drawnUids.has(attr(m, 'data-target-uid')!), attr(m, 'data-target-uid'));
    // The number is the marker's text, the note its <title>.
    assert.equal(textOf(markers[1]!.children.find((c) => typeof c !== 'string' && c.name === 'title') as XmlElement), `2. ${HOSTILE_SCRIPT}`);

    const notes = byRole(svg, 'callout-note');
    assert.deepEqual(notes.map((n) => [attr(n, 'data-callout-n'), attr(n, 'data-callout-state')]), [['1', 'pinned'], ['2', 'pinned'], ['3', 'pinned'], ['5', 'detached']]);
    const detached = notes[3]!;
    assert.match(textOf(detached), /the pod a rollout replaced/);
    assert.match(textOf(detached), /detached · was on pod shop\/web-7d9-abc/);
    assert.ok(allElements(detached).some((e) => e.name === 'circle' && e.attrs.has('stroke-dasharray')), 'a detached note is dashed');
    // Markup in a note stays text: no element came of it.
    assert.equal(allElements(svg).some((e) => e.name === 'script'), false);

    // The picture grows to hold the list, and its background with it.
    assert.ok(Number(svg.attrs.get('width')) > Number(plain.attrs.get('width')) + 200, `${svg.attrs.get('width')} vs ${plain.attrs.get('width')}`);
    const background = allElements(svg).find((e) => e.attrs.get('class') === 'ka-background')!;
    assert.equal(background.attrs.get('width'), svg.attrs.get('width'));
  });

  it('a container the level does not draw is marked at its pod', () => {
    const svg = parseStrictXml(renderSvg(withNotes(kindCluster(), [NOTES[2]!]), { detail: 'compact' }));
    const [marker] = byRole(svg, 'callout');
    assert.equal(attr(marker!, 'data-target-kind'), 'container');
    assert.equal(attr(marker!, 'data-target-uid'), COREDNS);
  });

  it('draws nothing of callouts for a model without notes', () => {
    const text = renderSvg(kindCluster(), { detail: 'full' });
    assert.doesNotMatch(text, /data-role="callout/);
  });

  it('writes the Korean words of the list in a Korean picture', () => {
    const svg = parseStrictXml(renderSvg(withNotes(kindCluster(), NOTES), { detail: 'full', lang: 'ko' }));
    assert.match(textOf(byRole(svg, 'callout-notes')[0]!), /메모/);
    assert.match(textOf(byRole(svg, 'callout-note')[3]!), /떨어짐 · 파드 shop\/web-7d9-abc에 붙어 있었음/);
  });
});

describe('export --snapshot with callouts', () => {
  let dir: string;
  let snapshot: string;
  let noted: { name: string; namespace: string; uid: string };
  let other: { name: string; namespace: string };
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ka-export-callouts-'));
    const objects = buildDemoCluster();
    const node = objects.nodes![0] as { metadata: { name: string; uid: string } };
    snapshot = path.join(dir, 'noted.json');
    const pods = objects.pods as { metadata: { name: string; namespace: string; uid: string } }[];
    [noted, other] = [pods[0]!.metadata, pods[pods.length - 1]!.metadata];
    const callouts: Callout[] = [
      { n: 1, text: 'look here', target: { kind: 'node', uid: node.metadata.uid, key: node.metadata.name } },
      { n: 2, text: 'this pod', target: { kind: 'pod', uid: noted.uid, key: `${noted.namespace}/${noted.name}` } },
    ];
    fs.writeFileSync(snapshot, writeSnapshot(objects, 'json', { callouts }));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  async function exported(...extra: string[]): Promise<string> {
    const out = path.join(dir, `out-${extra.length}.svg`);
    const lines: string[] = [];
    assert.equal(await runExport(parseCommandLine(['export', '--snapshot', snapshot, '-o', out, ...extra]) as ExportCommand, (l) => lines.push(l)), 0, lines.join('\n'));
    return fs.readFileSync(out, 'utf8');
  }

  it('draws the notes a saved snapshot carries, by default', async () => {
    const svg = parseStrictXml(await exported());
    assert.deepEqual(byRole(svg, 'callout').map((m) => attr(m, 'data-callout-n')), ['1', '2']);
    assert.match(textOf(byRole(svg, 'callout-note')[0]!), /look here/);
  });

  it('--select keeps the notes on what the part holds, and drops, not detaches, a note on a pod left out', async () => {
    const part = parseStrictXml(await exported('--select', `pod:${other.namespace}/${other.name}`));
    assert.equal(byRole(part, 'callout-note').some((n) => attr(n, 'data-callout-n') === '2'), false);
    assert.equal(byRole(part, 'callout-note').some((n) => attr(n, 'data-callout-state') === 'detached'), false);
    const same = parseStrictXml(await exported('--select', `pod:${noted.namespace}/${noted.name}`, '--lang', 'en'));
    assert.ok(byRole(same, 'callout').some((m) => attr(m, 'data-callout-n') === '2'));
  });

  it('--no-callouts leaves them out', async () => {
    assert.doesNotMatch(await exported('--no-callouts'), /data-role="callout/);
  });
});
