// `kube-anatomy image REF`: its options, and its table and JSON against the
// real registry with the test's own images.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseCommandLine, UsageError } from '../../../main/cli/args.ts';
import { runImage } from '../../../main/cli/image.ts';
import { registrySuite, pushSingle, useFixtureRegistry } from '../../fixtures/registry.ts';

describe('kube-anatomy image: options', () => {
  it('takes one reference, --platform, --json and --timeout', () => {
    assert.deepEqual(parseCommandLine(['image', 'nginx:1.27']), { command: 'image', ref: 'nginx:1.27', json: false, timeoutMs: 15_000 });
    assert.deepEqual(parseCommandLine(['image', 'ghcr.io/a/b@sha256:' + 'a'.repeat(64), '--platform', 'linux/arm/v7', '--json', '--timeout', '5']), {
      command: 'image', ref: 'ghcr.io/a/b@sha256:' + 'a'.repeat(64), json: true, timeoutMs: 5000, platform: 'linux/arm/v7',
    });
  });

  it('refuses a missing reference, a second one, a bad platform and options of other commands', () => {
    assert.throws(() => parseCommandLine(['image']), /image needs a reference/);
    assert.throws(() => parseCommandLine(['image', 'a', 'b']), /unexpected argument "b"/);
    assert.throws(() => parseCommandLine(['image', 'a', '--platform', 'linux']), /--platform linux: expected os\/arch/);
    assert.throws(() => parseCommandLine(['image', 'a', '--demo']), (e: Error) => e instanceof UsageError && /image does not take --demo/.test(e.message));
    assert.throws(() => parseCommandLine(['export', '--demo', '-o', 'x.svg', '--platform', 'linux/amd64']), /export does not take --platform/);
  });
});

registrySuite('kube-anatomy image, against a real registry', () => {
  const fixture = useFixtureRegistry('ka-image-cli-');

  async function run(argv: string[]): Promise<{ code: number; out: string; log: string[] }> {
    const command = parseCommandLine(argv);
    assert.equal(command.command, 'image');
    let out = '';
    const log: string[] = [];
    const code = await runImage(command as Extract<typeof command, { command: 'image' }>, (t) => (out += t), (l) => log.push(l));
    return { code, out, log };
  }

  it('prints the reference, platform, each layer with the step that made it, the total, and env names only', async () => {
    const { code, out } = await run(['image', `${fixture.registry.host}/team/multi:1.0`, '--platform', 'linux/amd64']);
    assert.equal(code, 0);
    const want = fixture.pushed.multi.platforms['linux/amd64'];
    assert.match(out, new RegExp(`^reference     ${fixture.registry.host}/team/multi:1\\.0$`, 'm'));
    assert.match(out, /^ {2}repository  team\/multi {2}\(owner team, name multi\)$/m);
    assert.match(out, new RegExp(`^index         ${fixture.pushed.multi.digest} {2}\\(OCI index: linux/amd64, linux/arm64/v8, linux/arm/v7\\)$`, 'm'));
    assert.match(out, /^platform      linux\/amd64$/m);
    for (const [i, layer] of want.layers.entries()) {
      assert.match(out, new RegExp(`^ {2}${i + 1} {2}${layer.digest.slice(7, 19)} +${layer.size} B {2}${layer.createdBy.trim().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'm'));
    }
    // The step that set an env variable keeps its name, not its value, as the env line does.
    assert.match(out, /^ {5}\(empty\) +\/bin\/sh -c #\(nop\) ENV APP_HOME=…$/m);
    assert.doesNotMatch(out, /APP_HOME=\/app/);
    assert.match(out, new RegExp(`^layers: 3, ${want.layers.reduce((s, l) => s + l.size, 0)} B compressed`, 'm'));
    assert.match(out, /^entrypoint {4}\["\/app\/serve"\]$/m);
    assert.match(out, /^cmd {11}\["--port","8080"\]$/m);
    assert.match(out, /^user {10}1000:1000$/m);
    assert.match(out, /^ports {9}8080\/tcp, 9090\/tcp$/m);
    assert.match(out, /^env {11}PATH, API_TOKEN {2}\(names only\)$/m);
    assert.doesNotMatch(out, /hunter2/);
  });

  it('prints JSON with --json, saying which parts the defaults added', async () => {
    const { out } = await run(['image', `${fixture.registry.host}/team/multi:1.0`, '--json', '--platform', 'linux/arm64']);
    const a = JSON.parse(out);
    assert.deepEqual(a.reference.defaulted, { registry: false, owner: false, tag: false });
    assert.equal(a.manifest.digest, fixture.pushed.multi.platforms['linux/arm64'].manifest);
    assert.deepEqual(a.platform, { os: 'linux', architecture: 'arm64', variant: 'v8' });
    assert.doesNotMatch(out, /APP_HOME=\/app/, 'the JSON shows env values no more than the table');
  });

  it('says clearly what went wrong, as an error the command turns into one line', async () => {
    // No tag written: latest, which was never pushed.
    await assert.rejects(run(['image', `${fixture.registry.host}/single`]), /the tag single:latest: not found on 127\.0\.0\.1:\d+/);
    await assert.rejects(run(['image', 'UPPER/Case']), /is not an image reference: repository name must be lowercase/);
  });

  it('marks a tag that moved from the digest pinned beside it', async () => {
    const old = await pushSingle(fixture.registry, 'team/multi', 'old', { platform: { os: 'linux', architecture: 'amd64' }, steps: [{ createdBy: 'ADD old', files: 'old' }] });
    const { out } = await run(['image', `${fixture.registry.host}/team/multi:1.0@${old.digest}`]);
    assert.match(out, /^tag check     1\.0 MOVED: now names [0-9a-f]{12}, not [0-9a-f]{12}$/m);
  });
});
