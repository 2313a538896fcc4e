// The export's paper flags: --title, --caption, --no-legend, --no-footer,
// --alt and --theme print, and the footer's time from SOURCE_DATE_EPOCH.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseCommandLine, UsageError, type ExportCommand } from '../../../main/cli/args.ts';
import { footerTimeOf } from '../../../main/cli/paper-args.ts';

const parse = (...args: string[]) => parseCommandLine(['export', '--demo', '--out', 'x.svg', ...args]) as ExportCommand;

describe('paper flags', () => {
  it('legend and footer are on, no title or caption, no alt, unless asked', () => {
    const c = parse();
    assert.deepEqual(c.paper, { legend: true, footer: true });
    assert.equal(c.alt, false);
    assert.equal(c.theme, 'light');
  });

  it('takes each flag', () => {
    const c = parse('--title', ' Shared volumes ', '--caption', 'Two containers, one volume.', '--no-legend', '--no-footer', '--alt', '--theme', 'print');
    assert.deepEqual(c.paper, { legend: false, footer: false, title: 'Shared volumes', caption: 'Two containers, one volume.' });
    assert.equal(c.alt, true);
    assert.equal(c.theme, 'print');
  });

  it('refuses what it cannot draw, saying what and why', () => {
    assert.throws(() => parse('--theme', 'sepia'), (e: Error) => e instanceof UsageError && /--theme sepia: use light, dark, print/.test(e.message));
    assert.throws(() => parse('--title', '  '), (e: Error) => e instanceof UsageError && /--title needs a text/.test(e.message));
    assert.throws(() => parse('--caption', 'a\nb'), (e: Error) => e instanceof UsageError && /--caption: .*control character/.test(e.message));
    assert.throws(() => parse('--title', 'x'.repeat(201)), (e: Error) => e instanceof UsageError && /--title: the text has 201 characters; at most 200/.test(e.message));
    assert.throws(() => parseCommandLine(['serve', '--demo', '--alt']), (e: Error) => e instanceof UsageError && /serve does not take --alt/.test(e.message));
  });
});

describe('footerTimeOf', () => {
  const clock = () => new Date(Date.UTC(2026, 11, 1));
  it('is SOURCE_DATE_EPOCH when set, else the clock', () => {
    assert.equal(footerTimeOf({ SOURCE_DATE_EPOCH: '1700000000' }, clock).toISOString(), '2023-11-14T22:13:20.000Z');
    assert.equal(footerTimeOf({}, clock).toISOString(), '2026-12-01T00:00:00.000Z');
    assert.equal(footerTimeOf({ SOURCE_DATE_EPOCH: '' }, clock).toISOString(), '2026-12-01T00:00:00.000Z');
  });
  it('refuses a SOURCE_DATE_EPOCH that is not whole seconds', () => {
    assert.throws(() => footerTimeOf({ SOURCE_DATE_EPOCH: '2026-12-01' }, clock), /SOURCE_DATE_EPOCH=2026-12-01: expected whole seconds/);
  });
});
