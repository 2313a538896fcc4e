// `export --alt` writes the picture's alt text beside it, as Markdown with the
// image's link; the footer's time comes from the injected clock.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { parseCommandLine, type ExportCommand } from '../../../main/cli/args.ts';
import { runExport } from '../../../main/cli/export.ts';
import { altMarkdown, altMarkdownPath, escapeMarkdown } from '../../../main/export/paper.ts';

let dir: string;
beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ka-export-alt-'))));
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const NOW = () => new Date(Date.UTC(2026, 11, 1, 21, 40));

async function run(...args: string[]): Promise<string[]> {
  const lines: string[] = [];
  const saved = process.env.SOURCE_DATE_EPOCH;
  delete process.env.SOURCE_DATE_EPOCH;
  try {
    assert.equal(await runExport(parseCommandLine(['export', '--demo', ...args]) as ExportCommand, (l) => lines.push(l), NOW), 0, lines.join('\n'));
  } finally {
    if (saved !== undefined) process.env.SOURCE_DATE_EPOCH = saved;
  }
  return lines;
}

describe('export --alt', () => {
  it('writes picture.md beside picture.svg: the image link with its title, then the description of the SVG\'s <desc>', async () => {
    const out = path.join(dir, 'my picture.svg');
    await run('--out', out, '--alt', '--title', 'The [demo] *cluster*');
    assert.deepEqual(fs.readdirSync(dir).sort(), ['my picture.md', 'my picture.svg']);
    const md = fs.readFileSync(path.join(dir, 'my picture.md'), 'utf8');
    const svg = fs.readFileSync(out, 'utf8');
    assert.ok(md.startsWith('![The \\[demo\\] \\*cluster\\*](my%20picture.svg)\n\n'), md.slice(0, 80));
    const desc = /<desc>([^<]*)<\/desc>/.exec(svg)![1];
    assert.match(desc, /3 nodes \(1 control plane, 2 workers\), 21 pods/);
    assert.equal(md.split('\n\n')[1].trimEnd(), escapeMarkdown(desc.replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>')));
    assert.match(svg, /Source: the demo cluster · 2026-12-01 21:40 UTC/);
  });

  it('writes no .md without --alt, and one beside a PNG too', async () => {
    await run('--out', path.join(dir, 'a.svg'));
    assert.deepEqual(fs.readdirSync(dir), ['a.svg']);
    await run('--out', path.join(dir, 'b.png'), '--alt', '--lang', 'ko', '--scale', '0.25');
    const md = fs.readFileSync(path.join(dir, 'b.md'), 'utf8');
    assert.ok(md.startsWith('![Kube Anatomy: demo](b.png)\n\n'), md.slice(0, 60));
    assert.match(md, /노드 3개\(컨트롤 플레인 1개, 워커 2개\), 파드 21개/);
  });
});

describe('alt Markdown', () => {
  it('escapes what Markdown would read as syntax, so names show as written', () => {
    assert.equal(escapeMarkdown('a_b *c* [d](e) <b>x</b> `f` ~g~ h|i & j'), 'a\\_b \\*c\\* \\[d\\](e) \\<b\\>x\\</b\\> \\`f\\` \\~g\\~ h\\|i \\& j');
    assert.equal(escapeMarkdown('# title'), '\\# title');
    assert.equal(escapeMarkdown('1. first'), '1\\. first');
    assert.equal(escapeMarkdown('- item'), '\\- item');
    assert.equal(escapeMarkdown('kind-kind, 10.0.0.1.'), 'kind-kind, 10.0.0.1.');
  });
  it('links the image by a target that stays one token', () => {
    assert.equal(altMarkdown({ title: 't', desc: 'd' }, 'a (1).svg'), '![t](a%20%281%29.svg)\n\nd\n');
    assert.equal(altMarkdownPath('/x/y/pic.final.png'), '/x/y/pic.final.md');
  });
});
