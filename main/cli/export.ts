// `kube-anatomy export`: read the objects once, build the model, draw it with
// the same layout and d3 drawing as the app, and write SVG or PNG. No window,
// no browser.

import { access, stat } from 'node:fs/promises';
import { constants } from 'node:fs';
import path from 'node:path';
import type { ExportCommand } from './args.ts';
import { readObjectsOnce } from './objects.ts';
import { buildModel } from '../model/index.ts';
import { filterByNamespace } from '../session/filter.ts';
import { renderSvg } from '../export/svg.ts';
import { renderPng } from '../export/png.ts';
import { printableLines } from '../common/printable.ts';
import { writeFileAtomic } from '../files/atomic-write.ts';

/** Above this many pods "auto" detail draws pods as tiles without their containers. */
export const COMPACT_ABOVE_PODS = 1000;

export async function runExport(command: ExportCommand, log: (line: string) => void = (l) => process.stderr.write(printableLines(l) + '\n')): Promise<number> {
  const out = path.resolve(command.out);
  // Fail before the (possibly slow) cluster read when the file could never be written.
  await checkWritable(out);

  const started = performance.now();
  const { objects, source } = await readObjectsOnce(command.source, { namespaces: command.namespaces, timeoutMs: command.timeoutMs, log });
  const model = buildModel(filterByNamespace(objects, command.namespaces), source);
  for (const gap of model.gaps) log(`warning: ${gap.resource} ${gap.reason}: ${gap.message}${gap.consequence ? ` (${gap.consequence})` : ''}`);

  const detail = command.detail === 'auto' ? (model.stats.pods > COMPACT_ABOVE_PODS ? 'compact' : 'full') : command.detail;
  const svg = renderSvg(model, { theme: command.theme, detail });
  const data = command.format === 'svg' ? Buffer.from(svg, 'utf8') : renderPng(svg, { scale: command.scale });
  // An ordinary image file, readable as any new file is under the user's umask.
  await writeFileAtomic(out, data);
  const ms = performance.now() - started;
  log(
    `wrote ${out} (${formatBytes(data.length)}): ${model.stats.nodes} nodes, ${model.stats.pods} pods, ` +
      `${model.stats.containers} containers from ${source.kind === source.name ? source.kind : `${source.kind} ${source.name}`} in ${(ms / 1000).toFixed(2)} s`,
  );
  return 0;
}

// Only looks: a probe file would be one more name in a possibly shared folder
// for someone to predict and plant a link at.
async function checkWritable(file: string): Promise<void> {
  const dir = path.dirname(file);
  try {
    const info = await stat(dir);
    if (!info.isDirectory()) throw new Error(`cannot write ${file}: ${dir} is not a folder`);
    await access(dir, constants.W_OK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new Error(`cannot write ${file}: the folder ${dir} does not exist`);
    if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') throw new Error(`cannot write ${file}: no permission to write in ${dir}`);
    throw error;
  }
  try {
    if ((await stat(file)).isDirectory()) throw new Error(`cannot write ${file}: it is a folder`);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}
