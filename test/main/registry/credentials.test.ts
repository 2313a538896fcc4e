// Reading docker's config.json for a registry's credentials, without a registry.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { credentialsFor } from '../../../main/registry/credentials.ts';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ka-docker-config-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const write = (config: unknown) => fs.writeFileSync(path.join(dir, 'config.json'), typeof config === 'string' ? config : JSON.stringify(config));
const b64 = (s: string) => Buffer.from(s).toString('base64');

describe('docker config credentials', () => {
  it('finds Docker Hub under its legacy key and other hosts by host:port, whatever the scheme', async () => {
    write({ auths: { 'https://index.docker.io/v1/': { auth: b64('hub-user:hub:pw') }, 'https://127.0.0.1:5000': { username: 'u', password: 'p' } } });
    assert.deepEqual(await credentialsFor('docker.io', { dockerConfigDir: dir }), { username: 'hub-user', password: 'hub:pw', source: `${path.join(dir, 'config.json')} auths` });
    assert.equal((await credentialsFor('127.0.0.1:5000', { dockerConfigDir: dir }))?.username, 'u');
    assert.equal(await credentialsFor('127.0.0.1:5001', { dockerConfigDir: dir }), undefined);
    assert.equal(await credentialsFor('ghcr.io', { dockerConfigDir: dir }), undefined);
  });

  it('is anonymous without a config file; says so when the file is broken, never what it holds', async () => {
    assert.equal(await credentialsFor('ghcr.io', { dockerConfigDir: path.join(dir, 'none') }), undefined);
    write('{"auths": {"ghcr.io": {"auth": "c2VjcmV0LXZhbHVl"');
    await assert.rejects(credentialsFor('ghcr.io', { dockerConfigDir: dir }), (e: Error) => /config\.json is not valid JSON/.test(e.message) && !/c2VjcmV0/.test(e.message));
    write({ auths: { 'ghcr.io': { auth: b64('no-colon-secret') } } });
    await assert.rejects(credentialsFor('ghcr.io', { dockerConfigDir: dir }), (e: Error) => /is not base64 of user:password/.test(e.message) && !/no-colon-secret/.test(e.message));
  });

  it('gives up on a helper that ignores SIGTERM, or leaves a child holding its output, at the timeout', { timeout: 5000 }, async () => {
    const bin = path.join(dir, 'bin');
    fs.mkdirSync(bin);
    fs.writeFileSync(path.join(bin, 'docker-credential-stubborn'), "#!/bin/sh\ntrap '' TERM\nsleep 8\n", { mode: 0o755 });
    write({ credsStore: 'stubborn' });
    const env = { ...process.env, PATH: `${bin}:${process.env.PATH}` };
    await assert.rejects(credentialsFor('ghcr.io', { dockerConfigDir: dir, env, helperTimeoutMs: 300 }), /docker-credential-stubborn did not answer within 0 s/);
  });

  it('runs only helpers with a plain name', async () => {
    write({ credsStore: '../../bin/sh' });
    await assert.rejects(credentialsFor('ghcr.io', { dockerConfigDir: dir }), /is not a plain name/);
  });
});
