// Platforms as containerd reads them: a node reports os and architecture only.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatPlatform, hostPlatform, normalizePlatform, parsePlatform, platformMatches } from '../../../main/registry/platform.ts';

describe('platforms', () => {
  it('fills in the variant as containerd does: arm64 is v8, arm is v7', () => {
    assert.deepEqual(normalizePlatform({ os: 'linux', architecture: 'arm64' }), { os: 'linux', architecture: 'arm64', variant: 'v8' });
    assert.deepEqual(normalizePlatform({ os: 'linux', architecture: 'arm' }), { os: 'linux', architecture: 'arm', variant: 'v7' });
    assert.deepEqual(normalizePlatform({ os: 'Linux', architecture: 'x86_64' }), { os: 'linux', architecture: 'amd64' });
    assert.deepEqual(normalizePlatform({ os: 'linux', architecture: 'aarch64', variant: '8' }), { os: 'linux', architecture: 'arm64', variant: 'v8' });
    assert.deepEqual(normalizePlatform({ os: 'linux', architecture: 'arm', variant: '6' }), { os: 'linux', architecture: 'arm', variant: 'v6' });
  });

  it('matches an index entry without a variant to a node that reports none', () => {
    assert.ok(platformMatches({ os: 'linux', architecture: 'arm64' }, { os: 'linux', architecture: 'arm64', variant: 'v8' }));
    assert.ok(platformMatches({ os: 'linux', architecture: 'arm', variant: 'v7' }, { os: 'linux', architecture: 'arm' }));
    assert.ok(!platformMatches({ os: 'linux', architecture: 'arm', variant: 'v6' }, { os: 'linux', architecture: 'arm' }));
    assert.ok(!platformMatches({ os: 'windows', architecture: 'amd64' }, { os: 'linux', architecture: 'amd64' }));
  });

  it('parses --platform and refuses anything else with a sentence', () => {
    assert.equal(formatPlatform(parsePlatform('linux/arm/v7')), 'linux/arm/v7');
    assert.equal(formatPlatform(parsePlatform('linux/arm64')), 'linux/arm64/v8');
    for (const bad of ['linux', 'linux/', 'a/b/c/d', 'linux/amd 64', '']) assert.throws(() => parsePlatform(bad), /expected os\/architecture/);
  });

  it('names this machine as containerd would; containers run Linux on macOS too', () => {
    assert.deepEqual(hostPlatform('linux', 'x64'), { os: 'linux', architecture: 'amd64' });
    assert.deepEqual(hostPlatform('darwin', 'arm64'), { os: 'linux', architecture: 'arm64', variant: 'v8' });
    assert.deepEqual(hostPlatform('linux', 'arm', '6'), { os: 'linux', architecture: 'arm', variant: 'v6' });
    assert.deepEqual(hostPlatform('win32', 'x64'), { os: 'windows', architecture: 'amd64' });
  });
});
