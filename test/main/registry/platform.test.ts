// Platforms as containerd reads them: a node reports os and architecture only.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { choosePlatform, formatPlatform, hostPlatform, normalizePlatform, parsePlatform, platformMatches, platformPreference } from '../../../main/registry/platform.ts';

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

  it('falls back as containerd\'s default matcher does, best first', () => {
    const order = (p: string) => platformPreference(parsePlatform(p)).map(formatPlatform);
    assert.deepEqual(order('linux/arm64'), ['linux/arm64/v8', 'linux/arm/v8', 'linux/arm/v7', 'linux/arm/v6', 'linux/arm/v5']);
    assert.deepEqual(order('linux/arm/v7'), ['linux/arm/v7', 'linux/arm/v6', 'linux/arm/v5']);
    assert.deepEqual(order('linux/arm/v5'), ['linux/arm/v5']);
    assert.deepEqual(order('linux/amd64'), ['linux/amd64', 'linux/386']);
    assert.deepEqual(order('linux/amd64/v3'), ['linux/amd64/v3', 'linux/amd64/v2', 'linux/amd64', 'linux/386']);
    assert.deepEqual(order('linux/386'), ['linux/386']);
  });

  it('chooses the best-ranked index entry, whatever its place in the index, and says when it is a fallback', () => {
    const p = (os: string, architecture: string, variant?: string) => ({ os, architecture, variant });
    const entries = [p('linux', 'arm', 'v5'), undefined, p('linux', 'arm', 'v7'), p('linux', '386'), p('linux', 'arm64')];
    assert.deepEqual(choosePlatform(entries, p('linux', 'arm64')), { at: 4, fallback: false });
    assert.deepEqual(choosePlatform(entries.slice(0, 4), p('linux', 'arm64')), { at: 2, fallback: true });
    assert.deepEqual(choosePlatform(entries, p('linux', 'arm', 'v6')), { at: 0, fallback: true });
    assert.deepEqual(choosePlatform(entries, p('linux', 'amd64')), { at: 3, fallback: true });
    assert.deepEqual(choosePlatform(entries, p('windows', 'amd64')), { at: -1, fallback: false });
    assert.deepEqual(choosePlatform(entries, p('linux', 's390x')).at, -1);
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
