import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseCommandLine, USAGE, UsageError, type ExportCommand } from '../../../main/cli/args.ts';

function usage(argv: string[]): string {
  try {
    parseCommandLine(argv);
  } catch (error) {
    assert.ok(error instanceof UsageError, `expected a UsageError, got ${String(error)}`);
    return error.message;
  }
  assert.fail(`expected ${argv.join(' ')} to be refused`);
}

describe('kube-anatomy command line', () => {
  it('defaults export to the current context, all namespaces, light theme, 2x PNG', () => {
    const cmd = parseCommandLine(['export', '--out', 'cluster.png']) as ExportCommand;
    assert.deepEqual(cmd, {
      command: 'export',
      source: { kind: 'cluster', kubeconfig: undefined, context: undefined },
      namespaces: [],
      out: 'cluster.png',
      format: 'png',
      theme: 'light',
      scale: 2,
      detail: 'auto',
      aspect: { width: 16, height: 9 },
      lang: 'en',
      hideInjected: false,
      paper: { legend: true, footer: true },
      alt: false,
      callouts: true,
      events: false,
      timeoutMs: 30_000,
    });
  });

  it('takes --events for export only, and not for an animation', () => {
    assert.equal((parseCommandLine(['export', '--snapshot', 's.json', '--events', '-o', 'x.svg']) as ExportCommand).events, true);
    assert.equal((parseCommandLine(['export', '--recording', 'r.karec', '--at', '10s', '--events', '-o', 'x.svg']) as ExportCommand).events, true);
    assert.match(usage(['serve', '--demo', '--events']), /serve does not take --events/);
    assert.match(usage(['export', '--recording', 'r.jsonl', '--at', '0s', '--to', '10s', '--events', '-o', 'x.svg']), /--events cannot be combined with --to/);
  });

  it('takes a concept lens (C1–C11, any case) and --hide-injected for export only', () => {
    const cmd = (...extra: string[]) => parseCommandLine(['export', '--demo', '-o', 'x.svg', ...extra]) as ExportCommand;
    assert.equal(cmd().lens, undefined);
    assert.equal(cmd('--lens', 'C3').lens, 'C3');
    assert.equal(cmd('--lens', 'c11').lens, 'C11');
    assert.throws(() => cmd('--lens', 'C12'), /--lens C12: use one of C1, C2, .*C11/);
    assert.throws(() => cmd('--lens', '<b>'), UsageError);
    assert.equal(cmd().hideInjected, false);
    assert.equal(cmd('--hide-injected').hideInjected, true);
    assert.equal(cmd().callouts, true);
    assert.equal(cmd('--no-callouts').callouts, false);
    assert.throws(() => parseCommandLine(['serve', '--demo', '--no-callouts']), UsageError);
    assert.throws(() => parseCommandLine(['serve', '--demo', '--lens', 'C3']), UsageError);
  });

  it('takes the picture\'s language, English unless asked, and says which exist', () => {
    const lang = (...extra: string[]) => (parseCommandLine(['export', '--demo', '-o', 'x.svg', ...extra]) as ExportCommand).lang;
    assert.equal(lang(), 'en');
    assert.equal(lang('--lang', 'ko'), 'ko');
    assert.equal(lang('--lang', 'en'), 'en');
    assert.match(usage(['export', '--demo', '-o', 'x.svg', '--lang', 'fr']), /--lang fr: use en or ko/);
    assert.match(usage(['serve', '--demo', '--lang', 'ko']), /serve does not take --lang/);
    assert.match(USAGE, /--lang en\|ko +export: language of the picture's words \(default: en\)/);
  });

  it('takes the level of detail by name, and the older full and compact as the levels they were', () => {
    const detail = (value: string) => (parseCommandLine(['export', '--demo', '-o', 'x.svg', '--detail', value]) as ExportCommand).detail;
    for (const level of ['auto', 'containers', 'pods', 'overview'] as const) assert.equal(detail(level), level);
    assert.equal(detail('full'), 'containers');
    assert.equal(detail('compact'), 'overview');
    assert.match(usage(['export', '--demo', '-o', 'x.svg', '--detail', 'everything']), /--detail everything: use auto, containers, pods, overview/);
    // Not a key of any object either.
    assert.match(usage(['export', '--demo', '-o', 'x.svg', '--detail', 'constructor']), /--detail constructor: use/);
  });

  it('takes the shape of the picture as WIDTH:HEIGHT, and refuses anything else', () => {
    const aspect = (value: string) => (parseCommandLine(['export', '--demo', '-o', 'x.svg', '--aspect', value]) as ExportCommand).aspect;
    assert.deepEqual(aspect('4:3'), { width: 4, height: 3 });
    assert.deepEqual(aspect('9:16'), { width: 9, height: 16 });
    assert.deepEqual(aspect('1440:900'), { width: 1440, height: 900 });
    assert.deepEqual(aspect('2.35:1'), { width: 2.35, height: 1 });
    for (const bad of ['16x9', '16:', ':9', '16:0', '0:9', '-16:9', '16:9:1', ' 16:9', '1e3:1', 'Infinity:1', 'NaN:1', '0x10:9', 'landscape', '']) {
      assert.match(usage(['export', '--demo', '-o', 'x.svg', `--aspect=${bad}`]), /--aspect .*expected WIDTH:HEIGHT/, bad);
    }
    assert.match(usage(['export', '--demo', '-o', 'x.svg', '--aspect', '9:1']), /more than 8 times the other/);
    assert.match(usage(['export', '--demo', '-o', 'x.svg', '--aspect', '1:20']), /more than 8 times the other/);
    assert.match(usage(['serve', '--demo', '--aspect', '16:9']), /serve does not take --aspect/);
  });

  it('takes the format from the output file name, case-insensitively', () => {
    assert.equal((parseCommandLine(['export', '--demo', '-o', 'A.SVG']) as ExportCommand).format, 'svg');
    assert.match(usage(['export', '--demo', '--out', 'a.jpg']), /must end in \.svg or \.png/);
    assert.match(usage(['export', '--demo']), /needs --out/);
  });

  it('collects repeated and comma-separated namespaces, sorted and unique', () => {
    const cmd = parseCommandLine(['export', '--demo', '-n', 'kube-system', '--namespace', 'demo,default', '-n', 'demo', '-o', 'x.svg']) as ExportCommand;
    assert.deepEqual(cmd.namespaces, ['default', 'demo', 'kube-system']);
    assert.match(usage(['export', '--demo', '-n', 'Bad_NS', '-o', 'x.svg']), /Bad_NS: not a valid namespace/);
  });

  it('refuses sources that contradict each other', () => {
    assert.match(usage(['export', '--demo', '--snapshot', 'a.json', '-o', 'x.svg']), /cannot be combined/);
    assert.match(usage(['export', '--context', 'kind-kind', '--demo', '-o', 'x.svg']), /cannot be combined/);
    assert.match(usage(['export', '--snapshot', 'a.json', '--kubeconfig', 'k', '-o', 'x.svg']), /no effect with --snapshot/);
  });

  it('keeps kubeconfig and context together for a cluster source', () => {
    const cmd = parseCommandLine(['export', '--kubeconfig', '/tmp/k', '--context', 'kind-kind', '-o', 'x.svg']) as ExportCommand;
    assert.deepEqual(cmd.source, { kind: 'cluster', kubeconfig: '/tmp/k', context: 'kind-kind' });
  });

  it('checks numbers and enumerations', () => {
    assert.match(usage(['export', '--demo', '-o', 'x.png', '--scale', '0']), /--scale 0: expected a number from 0.25 to 8/);
    assert.match(usage(['export', '--demo', '-o', 'x.svg', '--scale', '2']), /PNG output only/);
    assert.match(usage(['export', '--demo', '-o', 'x.svg', '--theme', 'blue']), /use light, dark, print/);
    assert.match(usage(['serve', '--demo', '--port', '70000']), /expected a number from 0 to 65535/);
    assert.match(usage(['serve', '--demo', '--port', '80.5']), /whole number/);
    assert.equal((parseCommandLine(['export', '--demo', '-o', 'x.svg', '--timeout', '5']) as ExportCommand).timeoutMs, 5000);
  });

  it('refuses options a command does not take, unknown options and stray arguments', () => {
    assert.match(usage(['contexts', '--demo']), /contexts does not take --demo/);
    assert.match(usage(['serve', '--demo', '-o', 'x.svg']), /serve does not take --out/);
    assert.match(usage(['export', '--bogus']), /bogus/);
    assert.match(usage(['export', 'extra', '--demo', '-o', 'x.svg']), /unexpected argument "extra"/);
    assert.match(usage(['draw']), /unknown command "draw"/);
  });

  it('parses serve and contexts', () => {
    assert.deepEqual(parseCommandLine(['serve', '--snapshot', 's.yaml', '--port', '8123', '--open']), {
      command: 'serve',
      source: { kind: 'snapshot', file: 's.yaml' },
      namespaces: [],
      port: 8123,
      open: true,
    });
    assert.deepEqual(parseCommandLine(['contexts', '--json']), { command: 'contexts', kubeconfig: undefined, json: true });
  });

  it('answers help and version', () => {
    assert.deepEqual(parseCommandLine([]), { command: 'help', topic: undefined });
    assert.deepEqual(parseCommandLine(['export', '--help']), { command: 'help', topic: 'export' });
    assert.deepEqual(parseCommandLine(['--version']), { command: 'version' });
  });
});
