// The image command's own reading of its command line (image-args.ts), which
// dist/cli/image.cjs uses instead of the full parser: what it takes it reads
// exactly as the full parser does, and it takes nothing else.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseCommandLine } from '../../../main/cli/args.ts';
import { quickImageCommand } from '../../../main/cli/image-args.ts';

describe('quickImageCommand', () => {
  it('reads an image command line as the full parser does', () => {
    for (const argv of [
      ['image', 'nginx:1.27'],
      ['image', 'ghcr.io/a/b@sha256:' + 'a'.repeat(64), '--platform', 'linux/arm/v7', '--json', '--timeout', '5'],
      ['--json', 'image', '127.0.0.1:5000/x', '--platform=linux/amd64'],
      ['image', 'x', '--timeout=2.5', '--json'],
      ['image', 'x', '--platform', 'windows/amd64', '--timeout', '600'],
    ]) {
      assert.deepEqual(quickImageCommand(argv), parseCommandLine(argv), argv.join(' '));
    }
  });

  it('leaves help, other commands, other flags and usage errors to the full parser', () => {
    for (const argv of [
      ['image', 'x', '--help'],
      ['image', 'x', '-h'],
      ['image', 'x', '--demo'],
      ['image', 'x', '-v'],
      ['image'],
      ['image', 'a', 'b'],
      ['image', 'a', '--platform', 'linux'],
      ['image', 'a', '--timeout', '0'],
      ['image', 'a', '--timeout'],
      ['image', 'a', '--platform', '--json'],
      ['image', 'a', '--json', '--json'],
      ['image', 'a', '--platform', 'linux/amd64', '--platform=linux/arm64'],
      ['image', '--', 'a'],
      ['image', 'a', '-'],
      ['image', 'a', '--json=yes'],
      ['contexts', '--json'],
      ['x', 'image'],
      [],
    ]) {
      assert.equal(quickImageCommand(argv), undefined, argv.join(' '));
    }
  });
});
