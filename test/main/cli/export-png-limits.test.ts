// `export` to PNG, as a user runs it: a picture too large for a PNG is refused
// before it is drawn, with advice that fits (in the export's language), and
// characters the bundled fonts cannot draw are warned of once, for PNG only.

import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli } from '../../fixtures/cli.ts';
import { generateCluster } from '../../bench/generate.ts';

let dir: string;
before(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'ka-export-png-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

const lastLine = (text: string) => text.trimEnd().split('\n').at(-1) ?? '';

describe('export --detail overview of a cluster too large for a PNG at its scale', () => {
  let snapshot: string;
  before(() => {
    // 200 nodes without pods: the overview is 4336 × 2624 units, 729 Mpx at scale 8.
    snapshot = path.join(dir, 'many-nodes.json');
    writeFileSync(snapshot, JSON.stringify(generateCluster({ nodes: 200, pods: 0, seed: 3 })));
  });

  it('is refused before drawing, advising the largest scale that fits and no level it already draws', () => {
    const out = path.join(dir, 'never.png');
    const started = performance.now();
    const r = runCli(['export', '--snapshot', snapshot, '--detail', 'overview', '--scale', '8', '-o', out]);
    const seconds = (performance.now() - started) / 1000;
    assert.equal(r.code, 1, r.stderr);
    assert.match(lastLine(r.stderr), /^kube-anatomy: The picture is \d+ Mpx at scale 8; the limit is 128 Mpx\. Export at --scale 3\.\d+ or smaller\.$/);
    assert.ok(!existsSync(out));
    assert.ok(seconds < 60, `refused in ${seconds.toFixed(1)} s`);
    // The advice is good: at that scale the picture is drawn.
    const scale = /--scale (\d\.\d+)/.exec(r.stderr)![1];
    const ok = runCli(['export', '--snapshot', snapshot, '--detail', 'overview', '--scale', scale, '-o', out]);
    assert.equal(ok.code, 0, ok.stderr);
    assert.ok(existsSync(out));
  });

  it('says it in Korean with --lang ko', () => {
    const r = runCli(['export', '--snapshot', snapshot, '--detail', 'overview', '--scale', '8', '--lang', 'ko', '-o', path.join(dir, 'never.png')]);
    assert.equal(r.code, 1, r.stderr);
    assert.match(lastLine(r.stderr), /^kube-anatomy: 그림이 배율 8에서 \d+메가픽셀로, 한도 128메가픽셀을 넘습니다\. --scale 3\.\d+ 이하로 내보내세요\.$/);
  });
});

describe('export of names the bundled fonts cannot draw', () => {
  let snapshot: string;
  before(() => {
    snapshot = path.join(dir, 'han.json');
    const node = (name: string, uid: string) => ({
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name, uid, labels: { 'kubernetes.io/hostname': name } },
      status: { conditions: [{ type: 'Ready', status: 'True' }], addresses: [{ type: 'InternalIP', address: '10.0.0.1' }] },
    });
    writeFileSync(snapshot, JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [node('worker-中文', 'u-1'), node('worker-日本', 'u-2')] }));
  });

  it('warns once for a PNG: how many characters, a few of them, boxes in the PNG, text in the SVG', () => {
    const r = runCli(['export', '--snapshot', snapshot, '-o', path.join(dir, 'han.png')]);
    assert.equal(r.code, 0, r.stderr);
    const warnings = r.stderr.split('\n').filter((l) => l.includes('bundled font'));
    assert.equal(warnings.length, 1, r.stderr);
    assert.match(warnings[0], /^warning: 4 different characters of the picture's text are not in the bundled font \(Pretendard\), such as (. U\+[0-9A-F]{4}(, )?){4}: the PNG shows them as empty boxes\. An SVG export keeps them as text\.$/);
    for (const c of '中文日本') assert.ok(warnings[0].includes(c), c);
  });

  it('warns in Korean with --lang ko', () => {
    const r = runCli(['export', '--snapshot', snapshot, '--lang', 'ko', '-o', path.join(dir, 'han-ko.png')]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /^warning: 그림의 글자 중 서로 다른 4자가 내장 글꼴\(Pretendard\)에 없습니다\(예: .*\)\. PNG에서는 빈 네모로 보이며, SVG로 내보내면 글자 그대로 남습니다\.$/m);
  });

  it('does not warn for an SVG, which keeps the characters as text', () => {
    const r = runCli(['export', '--snapshot', snapshot, '-o', path.join(dir, 'han.svg')]);
    assert.equal(r.code, 0, r.stderr);
    assert.doesNotMatch(r.stderr, /bundled font|U\+/);
  });
});
