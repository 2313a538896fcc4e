// export --redact and --redact-key as parsed (main/cli/redact-args.ts through args.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCommandLine, UsageError, type ExportCommand } from '../../../main/cli/args.ts';

const parse = (...args: string[]) => parseCommandLine(['export', '--demo', '--out', 'x.svg', ...args]) as ExportCommand;

test('--redact alone: a random key; with --redact-key: that file; neither: no redaction', () => {
  assert.deepEqual(parse('--redact').redact, {});
  assert.deepEqual(parse('--redact', '--redact-key', 'k.key').redact, { keyFile: 'k.key' });
  assert.equal(parse().redact, undefined);
  assert.equal('redact' in parse(), false);
});

test('--redact-key without --redact, or without a file, is a usage error; serve does not take them', () => {
  assert.throws(() => parse('--redact-key', 'k.key'), (e: unknown) => e instanceof UsageError && /give --redact too/.test(e.message));
  assert.throws(() => parse('--redact', '--redact-key', ''), (e: unknown) => e instanceof UsageError && /needs a file name/.test(e.message));
  assert.throws(() => parseCommandLine(['serve', '--demo', '--redact']), (e: unknown) => e instanceof UsageError && /serve does not take --redact/.test(e.message));
});
