// `kube-anatomy image REF`: asks the image's registry for its anatomy (the
// reference broken down, the platform chosen, each layer with the step that
// made it, what a container of it runs) and prints it as a table or JSON.
// Credentials come from docker's config.json and helpers, never appear in the
// output, and the cluster's imagePullSecrets are not read.

import type { ImageCommand } from './args.ts';
import { RegistryClient } from '../registry/client.ts';
import { DigestCache, defaultCacheDir } from '../registry/cache.ts';
import { hostPlatform, parsePlatform, formatPlatform } from '../registry/platform.ts';
import { formatSize } from '../registry/transport.ts';
import type { ImageAnatomy } from '../registry/types.ts';
import { withoutEnvValues } from '../registry/mask.ts';
import { printable, printableLines } from '../common/printable.ts';

export interface RunImageOptions {
  /**
   * The process ends with this answer (the image command's own bundle): after
   * an answer its kept-alive connections, idle and unref'd, are left to the
   * exit. Destroying a socket makes Node create process.stderr (node:net's
   * _destroy compares the socket with it), a stream the answer never needs:
   * about 1 ms of a start of some 40. After an error they are closed as always.
   */
  exiting?: boolean;
}

export async function runImage(
  command: ImageCommand,
  out: (text: string) => void = (t) => process.stdout.write(t),
  log: (line: string) => void = (l) => process.stderr.write(printableLines(l) + '\n'),
  options: RunImageOptions = {},
): Promise<number> {
  let platform;
  try {
    platform = command.platform !== undefined ? parsePlatform(command.platform) : hostPlatform(process.platform, process.arch, armVersion());
  } catch (error) {
    log(`kube-anatomy: --platform ${(error as Error).message}`);
    return 2;
  }
  const client = new RegistryClient({ cache: new DigestCache(defaultCacheDir()), timeoutMs: command.timeoutMs, notice: (line) => log(`note: ${line}`) });
  let answered = false;
  try {
    // Env variables are shown by name only, here as in the app: so the steps that set them lose their values.
    const anatomy = withoutEnvValues(await client.anatomy(command.ref, { platform }));
    out(command.json ? JSON.stringify(anatomy, null, 2) + '\n' : formatAnatomy(anatomy));
    answered = true;
    return 0;
  } finally {
    if (!(answered && options.exiting)) client.close();
  }
}

/** The arm variant Node was built for; process.config is parsed when read (about 1 ms), so only on arm. */
function armVersion(): string | undefined {
  return process.arch === 'arm' ? (process.config.variables as { arm_version?: string }).arm_version : undefined;
}

const short = (digest: string): string => digest.replace(/^sha256:/, '').slice(0, 12);
const defaulted = (flag: boolean): string => (flag ? '  (default)' : '');

/** The anatomy as aligned text; every string from the registry goes through printable(). */
export function formatAnatomy(a: ImageAnatomy): string {
  const p = (s: string) => printable(s);
  const lines: string[] = [];
  const field = (name: string, value: string) => lines.push(`${name.padEnd(14)}${value}`);
  const r = a.reference;
  field('reference', p(r.raw));
  field('  registry', `${p(r.registry)}${defaulted(r.defaulted.registry)}${a.endpoint !== r.registry ? `  (served by ${p(a.endpoint)})` : ''}`);
  field('  repository', `${p(r.repository)}${r.owner !== undefined ? `  (owner ${p(r.owner)}${defaulted(r.defaulted.owner)}, name ${p(r.name)})` : ''}`);
  if (r.tag !== undefined) field('  tag', `${p(r.tag)}${defaulted(r.defaulted.tag)}`);
  if (r.digest !== undefined) field('  digest', p(r.digest));
  if (a.index) field('index', `${a.index.digest}  (${a.index.mediaType.includes('oci') ? 'OCI index' : 'Docker manifest list'}: ${a.index.platforms.map(p).join(', ')})`);
  field('platform', formatPlatform(a.platform));
  field('manifest', `${a.manifest.digest}  (${a.manifest.mediaType.includes('oci') ? 'OCI manifest' : 'Docker v2 manifest'}, ${formatSize(a.manifest.size)})`);
  field('config', `${a.config.digest}  (${formatSize(a.config.size)}${a.config.created ? `, created ${p(a.config.created)}` : ''})`);
  if (a.tagCheck) {
    const t = a.tagCheck;
    const state =
      t.state === 'same' ? `still names ${short(t.runningDigest)}` : t.state === 'moved' ? `MOVED: now names ${short(t.tagDigest ?? '')}, not ${short(t.runningDigest)}` : `cannot be told: ${p(t.reason ?? '')}`;
    field('tag check', `${p(t.tag)} ${state}`);
  }
  lines.push('');
  lines.push(`layers: ${a.layers.length}, ${formatSize(a.totalSize)} compressed (what a pull fetches; a node's image list shows sizes unpacked)`);
  const rows = a.history.length > 0 && a.history.some((h) => h.layer !== undefined) ? a.history : a.layers.map((_, i) => ({ empty: false, layer: i }) as ImageAnatomy['history'][number]);
  const table: string[][] = [['#', 'LAYER', 'SIZE', 'CREATED BY']];
  for (const step of rows) {
    const layer = step.layer !== undefined ? a.layers[step.layer] : undefined;
    const by = p((step.createdBy ?? layer?.createdBy ?? '').replace(/\s+/g, ' ').trim()).slice(0, 100);
    table.push(layer ? [String(step.layer! + 1), short(layer.digest), formatSize(layer.size), by] : ['', '(empty)', '', by]);
  }
  // Layers the history did not name.
  const named = new Set(rows.map((s) => s.layer));
  a.layers.forEach((layer, i) => {
    if (!named.has(i)) table.push([String(i + 1), short(layer.digest), formatSize(layer.size), '']);
  });
  const widths = table[0].map((_, i) => Math.max(...table.map((row) => row[i].length)));
  for (const row of table) lines.push('  ' + row.map((c, i) => (i === 3 ? c : i === 2 ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ').trimEnd());
  lines.push('');
  const c = a.config;
  const list = (v: string[] | undefined) => (v === undefined ? '(none)' : JSON.stringify(v.map(p)));
  field('entrypoint', list(c.entrypoint));
  field('cmd', list(c.cmd));
  field('user', c.user ? p(c.user) : '(root: none set)');
  if (c.workingDir) field('workdir', p(c.workingDir));
  field('ports', c.exposedPorts.length > 0 ? c.exposedPorts.map(p).join(', ') : '(none exposed)');
  field('env', c.envNames.length > 0 ? `${c.envNames.map(p).join(', ')}  (names only)` : '(none)');
  for (const w of a.warnings) lines.push(`warning: ${p(w)}`);
  return lines.join('\n') + '\n';
}
