// `kube-anatomy export`: read the objects once, build the model, draw it with
// the same layout and d3 drawing as the app, and write SVG or PNG. No window,
// no browser.

import { access, stat } from 'node:fs/promises';
import { constants } from 'node:fs';
import path from 'node:path';
import type { ExportCommand } from './args.ts';
import { readObjectsOnce, readSnapshotModelAndEvents } from './objects.ts';
import { buildModel, selectModel } from '../model/index.ts';
import { calloutsInPart } from '../model/callouts.ts';
import type { AnatomyModel, ModelSource, ModelStats } from '../model/types.ts';
import { filterByNamespace } from '../session/filter.ts';
import { renderSvgChunks, svgChunksOfLayout } from '../export/svg.ts';
import { exportDetail } from '../export/detail.ts';
import { pngLayout, renderPng } from '../export/png.ts';
import { printableLines } from '../common/printable.ts';
import { say, translator } from '../i18n/index.ts';
import { writeFileAtomic, writeFileAtomicChunks } from '../files/atomic-write.ts';
import { collectGarbage, collectGarbageIfGrown } from '../snapshot/collect-garbage.ts';
import { createRedactor } from '../model/redact.ts';
import { loadRedactKey, randomRedactKey } from './redact-key.ts';
import { altMarkdown, altMarkdownPath, exportAltText, type PaperOptions } from '../export/paper.ts';
import { footerTimeOf } from './paper-args.ts';
import { eventsNote, eventsTableOf, type EventsRead } from './events.ts';
import type { EventsTable } from '../model/events-table.ts';
import { redactEventsTable } from '../model/redact-events.ts';


export async function runExport(
  command: ExportCommand,
  log: (line: string) => void = (l) => process.stderr.write(printableLines(l) + '\n'),
  /** The footer's clock, unless SOURCE_DATE_EPOCH names the time. */
  now: () => Date = () => new Date(),
): Promise<number> {
  const out = path.resolve(command.out);
  // Fail before the (possibly slow) cluster read when the file could never be written.
  await checkWritable(out);

  const started = performance.now();
  const paper: PaperOptions = { ...command.paper, time: command.paper.footer ? footerTimeOf(process.env, now) : undefined };
  const { picture, stats, source, alt } = await drawPicture(command, paper, log);
  // The objects and the model are garbage now, and the drawing needs little: let V8 see it, and give the memory back.
  collectGarbage('return');
  // An ordinary image file, readable as any new file is under the user's umask.
  const bytes = picture instanceof Uint8Array ? (await writeFileAtomic(out, picture), picture.length) : await writeFileAtomicChunks(out, collectingBetween(picture));
  if (alt) {
    const md = altMarkdownPath(out);
    await writeFileAtomic(md, altMarkdown(alt, path.basename(out)));
    log(`wrote ${md}: the alt text`);
  }
  const ms = performance.now() - started;
  log(
    `wrote ${out} (${formatBytes(bytes)}): ${stats.nodes} nodes, ${stats.pods} pods, ` +
      `${stats.containers} containers from ${source.kind === source.name ? source.kind : `${source.kind} ${source.name}`} in ${(ms / 1000).toFixed(2)} s`,
  );
  return 0;
}

/** The pieces of a drawing, with a look at the heap between them: each node's DOM is garbage once it is written. */
function* collectingBetween(pieces: Iterable<string>): Generator<string> {
  for (const piece of pieces) {
    yield piece;
    collectGarbageIfGrown();
  }
}

/**
 * Reads, models and lays out; for SVG the drawing itself happens as the file
 * is written, a node at a time, so the SVG of 100,000 pods is never one string
 * nor one DOM. What is returned holds only the layout: the objects and the
 * model behind it (each most of a gigabyte for 100,000 pods) are garbage once
 * this returns.
 */
async function drawPicture(
  command: ExportCommand,
  paper: PaperOptions,
  log: (line: string) => void,
): Promise<{ picture: Iterable<string> | Uint8Array; stats: ModelStats; source: ModelSource; alt?: { title: string; desc: string } }> {
  // A time range of a recording: an animated SVG of its moments (record.ts).
  if (command.recording?.to) return (await import('./record.ts')).drawAnimation(command, paper, log);
  const read = await readModel(command, log);
  // --events: the events of the part drawn (after --namespace and --select), found by its real names.
  const table = read.events ? eventsTableOf(read.model, read.events) : undefined;
  // Redacted after the namespace filter and --select and before the layout, so the picture, its title,
  // footer, alt text and events table are all made of pseudonyms.
  const { model, events } = await redactPart(read.model, command, log, table);
  if (events) {
    const note = eventsNote(events);
    if (note) log(note);
  }
  // A saved snapshot's numbered notes are drawn, and listed beside the picture, unless --no-callouts.
  if (!command.callouts) delete model.callouts;
  // The layout adds to the model: start it from what is alive, not from that and the reading's leftovers.
  collectGarbage();
  for (const gap of model.gaps) {
    const consequence = say(translator('en'), gap.consequence);
    log(`warning: ${gap.resource} ${gap.reason}: ${gap.message}${consequence ? ` (${consequence})` : ''}`);
  }
  const injected = command.hideInjected ? 'hidden' : 'full';
  paper = { ...paper, injected, ...(events ? { events } : {}) };
  // The same level-of-detail policy as the app's zoom, at 100 %.
  const aspect = command.aspect.width / command.aspect.height;
  // A PNG is pixels: where the policy's level would pass the pixel limit at this scale, a coarser one is drawn.
  const picture =
    command.format === 'svg'
      ? renderSvgChunks(model, { theme: command.theme, detail: exportDetail(command.detail, model.stats.pods), aspect, lang: command.lang, lens: command.lens, injected, paper })
      : renderPng(Array.from(svgChunksOfLayout(model, pngLayout(model, command.detail, aspect, command.scale, command.lang, injected, paper), command.theme, command.lens, paper)).join(''), {
          scale: command.scale,
          lang: command.lang,
          // The export's other warnings go through the same log.
          warn: (text) => log(`warning: ${text}`),
        });
  // From the model drawn (selected, redacted), as the picture's own <title> and <desc> are.
  const alt = command.alt ? exportAltText(model, command.lang, paper) : undefined;
  return { picture, stats: model.stats, source: model.source, alt };
}

/** --redact: the model (and the events table) with pseudonyms, keyed by the key file's key or a fresh random one. */
async function redactPart(model: AnatomyModel, command: ExportCommand, log: (line: string) => void, events?: EventsTable): Promise<{ model: AnatomyModel; events?: EventsTable }> {
  if (!command.redact) return { model, events };
  const key = command.redact.keyFile !== undefined ? await loadRedactKey(command.redact.keyFile, log) : randomRedactKey();
  const redactor = createRedactor(key);
  const redacted = redactor.model(model);
  return { model: redacted, events: events && redactEventsTable(events, redactor, model, redacted) };
}

/** The model alone (and with --events, the source's events): the objects it is built from are garbage once this returns. */
async function readModel(command: ExportCommand, log: (line: string) => void): Promise<{ model: AnatomyModel; events?: EventsRead }> {
  // A moment of a recording: its nearest state and the changes after it (main/record).
  if (command.recording) {
    const { file, at } = command.recording;
    const record = await import('./record.ts');
    // With --events, the events the watch held at that moment, from the same reading of the file; a recording made without them (format 1) has none.
    const moment = await record.recordingMoment(file, at, command.namespaces, log, command.events);
    const model = selectPart(moment.model, command);
    if (!command.events) return { model };
    return { model, events: moment.events ? { state: 'ok', events: moment.events } : { state: 'none' } };
  }
  // A snapshot file is modelled as it is read, so its objects never all exist at once.
  if (command.source.kind === 'snapshot') {
    const { model, events } = await readSnapshotModelAndEvents(command.source.file, command.namespaces);
    return { model: selectPart(model, command), ...(command.events ? { events: events ? { state: 'ok', events } : { state: 'none' } } : {}) };
  }
  const { objects, source, events } = await readObjectsOnce(command.source, { namespaces: command.namespaces, timeoutMs: command.timeoutMs, log, events: command.events });
  return { model: selectPart(buildModel(filterByNamespace(objects, command.namespaces), source), command), ...(events ? { events } : {}) };
}

/** --select, right after the namespace filter: the part asked for, or an error naming what matched nothing. */
function selectPart(model: AnatomyModel, command: ExportCommand): AnatomyModel {
  // The notes kept are those on what the part holds (and free or detached ones), not those on what it leaves out.
  return command.select ? calloutsInPart(model, selectModel(model, command.select)) : model;
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
