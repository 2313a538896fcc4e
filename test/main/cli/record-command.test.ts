// `kube-anatomy record` and `export --recording` as a user runs them: a
// separate process, its exit code, what it prints and the files it writes.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openRecordingFile, RecordingWriter } from '../../../main/record/writer.ts';
import { objectsOf, pod, smallCluster } from '../../fixtures/session/objects.ts';
import { FakeClock } from '../../fixtures/fake-clock.ts';
import { allElements, parseStrictXml, textOf } from '../export/strict-xml.ts';
import { runCli } from '../../fixtures/cli.ts';


const cli = runCli;

const count = (svg: string, kind: string) => svg.split(`data-kind="${kind}"`).length - 1;

describe('kube-anatomy record and export --recording', () => {
  let dir: string;
  before(() => (dir = mkdtempSync(path.join(os.tmpdir(), 'record-cmd-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('records the demo for --duration, and export --recording --at end draws what export --demo draws', () => {
    const file = path.join(dir, 'demo.karec');
    const rec = cli(['record', '--demo', '--out', file, '--duration', '300ms']);
    assert.equal(rec.code, 0, rec.stderr);
    assert.match(rec.stderr, /recording demo demo; Ctrl\+C ends it/);
    assert.match(rec.stderr, /wrote .*demo\.karec \(.*\): 0 changes in/);
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    assert.equal(JSON.parse(lines[0]).kubeAnatomyRecording, 2);
    assert.ok(JSON.parse(lines.at(-1)!).end);

    const fromRecording = path.join(dir, 'at.svg');
    const a = cli(['export', '--recording', file, '--at', 'end', '--out', fromRecording]);
    assert.equal(a.code, 0, a.stderr);
    const demo = path.join(dir, 'demo.svg');
    assert.equal(cli(['export', '--demo', '--out', demo]).code, 0);
    const [x, y] = [readFileSync(fromRecording, 'utf8'), readFileSync(demo, 'utf8')];
    for (const kind of ['node', 'pod', 'container', 'volume']) assert.equal(count(x, kind), count(y, kind), kind);
    assert.ok(count(x, 'pod') > 10);
  });

  it('export --recording --at --to draws an animated SVG, a frame a moment, each with its own pods', () => {
    const file = path.join(dir, 'lesson.karec');
    const items = smallCluster();
    const clock = new FakeClock(Date.parse('2026-12-01T10:00:00Z'));
    const writer = new RecordingWriter(openRecordingFile(file), objectsOf(items), { source: { kind: 'cluster', name: 'kind', namespaces: [] }, clock });
    clock.elapse(1000);
    writer.write([{ type: 'added', resource: 'pods', object: pod({ name: 'web-9', namespace: 'shop', node: 'worker-1', ip: '10.244.1.19' }) }]);
    clock.elapse(1000);
    writer.write([{ type: 'deleted', resource: 'pods', object: items.find((o) => (o.metadata as { name: string }).name === 'web-0')! }]);
    writer.close();
    const out = path.join(dir, 'lesson.svg');
    const r = cli(['export', '--recording', file, '--at', '0s', '--to', 'end', '--every', '1s', '--out', out]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /animation: 3 frames from 0\.0 s to 2\.0 s/);
    const svg = readFileSync(out, 'utf8');
    assert.match(svg, /data-animation="recording" data-frames="3"/);
    assert.match(svg, /@keyframes ka-frame/);
    const frames = svg.split('<g class="ka-frame ').slice(1);
    assert.deepEqual(frames.map((f) => /data-t="(\d+)"/.exec(f)?.[1]), ['0', '1000', '2000']);
    const has = (f: string, name: string) => f.includes(`data-name="${name}"`);
    assert.deepEqual(frames.map((f) => [has(f, 'web-0'), has(f, 'web-9')]), [[true, false], [true, true], [false, true]]);
    assert.equal(cli(['export', '--recording', file, '--at', '0s', '--to', 'end', '--out', path.join(dir, 'x.png')]).code, 2);
    assert.equal(cli(['export', '--recording', file, '--at', '0s', '--to', 'end', '--redact', '--out', path.join(dir, 'x.svg')]).code, 2);
  });

  it('an animated SVG stays well-formed XML under a hostile source name (NUL, ESC, markup)', () => {
    const file = path.join(dir, 'hostile.karec');
    const clock = new FakeClock(Date.parse('2026-12-01T10:00:00Z'));
    const name = 'evil\u0000\u001b[31m<script>&x';
    const writer = new RecordingWriter(openRecordingFile(file), objectsOf(smallCluster()), { source: { kind: 'cluster', name, namespaces: [] }, clock });
    clock.elapse(1000);
    writer.write([{ type: 'added', resource: 'pods', object: pod({ name: 'web-9', namespace: 'shop', node: 'worker-1', ip: '10.244.1.19' }) }]);
    writer.close();
    const out = path.join(dir, 'hostile.svg');
    const r = cli(['export', '--recording', file, '--at', '0s', '--to', 'end', '--every', '1s', '--out', out]);
    assert.equal(r.code, 0, r.stderr);
    const svg = readFileSync(out, 'utf8');
    // XML 1.0 forbids these characters anywhere, even escaped as text.
    // eslint-disable-next-line no-control-regex
    assert.doesNotMatch(svg, /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/);
    const root = parseStrictXml(svg);
    assert.ok(!allElements(root).some((e) => e.name === 'script'));
    const title = root.children.find((c) => typeof c !== 'string' && c.name === 'title');
    assert.ok(title && typeof title !== 'string');
    assert.match(textOf(title), /^Kube Anatomy: evil\[31m<script>&x, 0\.0–1\.0 s of a recording$/);
  });

  it('says what is wrong, with the line, and exits 1; a bad --at is a usage error (2)', () => {
    const bad = path.join(dir, 'bad.karec');
    writeFileSync(bad, '{"kubeAnatomyRecording":1,"source":{"kind":"demo","name":"demo","namespaces":[]},"started":"2026-12-01T00:00:00Z"}\n{"t":0,"n":0,"state":{nodes:[]}}\n');
    const r = cli(['export', '--recording', bad, '--at', '0s', '--out', path.join(dir, 'x.svg')]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /bad\.karec \(line 2, column \d+\): is not JSON/);
    const u = cli(['export', '--recording', bad, '--at', 'soon', '--out', path.join(dir, 'x.svg')]);
    assert.equal(u.code, 2);
    assert.match(u.stderr, /--at soon: expected an offset/);
    assert.equal(cli(['export', '--recording', bad, '--demo', '--at', '1s', '--out', path.join(dir, 'x.svg')]).code, 2);
  });
});
