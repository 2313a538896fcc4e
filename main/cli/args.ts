// Command-line parsing for `kube-anatomy`. Pure: takes argv, returns a typed
// command or a UsageError, so every rule here is unit-tested without running
// anything.

import { parseArgs } from 'node:util';
import { isNamespaceName } from '../common/namespace.ts';
import type { SourceChoice } from '../session/source-choice.ts';
import { DEFAULT_ASPECT, DETAIL_ALIASES, DETAIL_CHOICES, type DetailChoice } from '../export/detail.ts';
import { LANGS, type Lang } from '../i18n/index.ts';
import { CONCEPT_IDS, isConceptId, type ConceptId } from '../export/concepts.ts';
import { RECORD_COMMAND_USAGE, RECORD_FLAGS, RECORD_OPTIONS, RECORD_USAGE, RECORDING_EXPORT_FLAGS, recordCommand, recordingAt, type RecordCommand, type RecordingExport } from './record-args.ts';
import { REDACT_FLAGS, REDACT_OPTIONS, REDACT_USAGE, redactChoiceOf, type RedactChoice } from './redact-args.ts';
import { isThemeName, THEME_NAMES, type ThemeName } from '../export/paper.ts';
import { PAPER_OPTIONS, PAPER_FLAGS, PAPER_USAGE, paperChoiceOf, type PaperChoice } from './paper-args.ts';
import { parseSelector, type Selector } from '../model/select.ts';
import { numberOption, UsageError } from './flags.ts';
import { IMAGE_FLAGS, imageCommand, type ImageCommand } from './image-args.ts';

export { UsageError };
export type { ImageCommand };

export interface ExportCommand {
  command: 'export';
  source: SourceChoice;
  namespaces: string[];
  out: string;
  format: 'svg' | 'png';
  theme: ThemeName;
  scale: number;
  /** auto: the finest level that reads at 100 % (lod.ts), within what the model's size allows. */
  detail: DetailChoice;
  /** The shape the picture is laid out for: width and height of a ratio. */
  aspect: { width: number; height: number };
  /** The language of the picture's words. */
  lang: Lang;
  /** A concept lens drawn over the picture (--lens C3); none by default. */
  lens?: ConceptId;
  /** Leave out the volumes Kubernetes injects (kube-api-access-*), which an export otherwise keeps. */
  hideInjected: boolean;
  /** Every name from the cluster drawn as a pseudonym (--redact), after --select and before the layout. */
  redact?: RedactChoice;
  /** Legend, footer, title and caption around the picture (paper-args.ts). */
  paper: PaperChoice;
  /** Also write the alt text to a .md beside the image. */
  alt: boolean;
  /** Draw the numbered notes a saved snapshot carries (x-kube-anatomy.callouts); --no-callouts leaves them out. */
  callouts: boolean;
  /** Only these parts of the cluster, with their context (--select, repeatable: their union); all of it when absent. */
  select?: Selector[];
  /** Draw a moment of a recording instead of a source (--recording FILE --at TIME), or a time range as an animated SVG (--to). */
  recording?: RecordingExport;
  /** A table of the drawn objects' events under the picture (--events). */
  events: boolean;
  timeoutMs: number;
}

export type { RecordCommand };

export interface ContextsCommand {
  command: 'contexts';
  kubeconfig?: string;
  json: boolean;
}

export interface ServeCommand {
  command: 'serve';
  source: SourceChoice;
  namespaces: string[];
  port: number;
  open: boolean;
}

export type Command = ExportCommand | ContextsCommand | ServeCommand | ImageCommand | RecordCommand | { command: 'help'; topic?: string } | { command: 'version' };

export const USAGE = `Usage: kube-anatomy <command> [options]

Commands:
  export    Draw the whole cluster to an SVG or PNG file, headless.
  serve     Serve the interactive view to a browser on 127.0.0.1.
  contexts  List the contexts of your kubeconfig.
  image REF Ask the image's registry for its anatomy: platform, layers, config.
${RECORD_COMMAND_USAGE}
Source (export, serve; one of):
  --kubeconfig FILE   kubeconfig to read (default: $KUBECONFIG, else ~/.kube/config)
  --context NAME      context to use (default: the current context)
  --snapshot FILE     a snapshot: kubectl get nodes,pods,pvc,pv -A -o json (or -o yaml);
                      - reads it from standard input
  --demo              the built-in demo cluster

Options:
  -n, --namespace NS  only these namespaces (repeat the option; default: all)
  -o, --out FILE      export: output file, .svg or .png
  --theme light|dark|print
                      export: colour theme (default: light); print is white and
                      grey, each status a pattern as well as a shade
  --scale N           export: PNG pixels per SVG unit, 0.25 to 8 (default: 2)
  --detail LEVEL      export: auto, containers, pods or overview (default: auto,
                      the finest level that reads at 100 %)
  --aspect W:H        export: shape of the picture, e.g. 16:9, 4:3, 9:16 (default: 16:9)
  --lang en|ko        export: language of the picture's words (default: en);
                      names and values from the cluster stay as they are
  --lens C1..C11      export: draw a concept lens over the picture: its objects
                      outlined and marked data-concept, the rest dimmed
  --hide-injected     export: leave out the kube-api-access volumes Kubernetes
                      adds to every pod (kept by default)
${REDACT_USAGE}${PAPER_USAGE}  --no-callouts       export: leave out the numbered notes a snapshot saved by
                      the app carries (drawn by default, listed beside the picture)
  --select SELECTOR   export: draw only this part, in its nodes' frames:
                      node:NAME, pod:NAMESPACE/NAME, ns:NAMESPACE or
                      label:KEY=VALUE (repeat the option for their union)
  --events            export: add a table of the events of what is drawn under
                      the picture, newest first (at most 50); from a live
                      context, a snapshot saved with events or a recording
                      at --at
  --timeout SECONDS   export: how long to wait for a live cluster (default: 30);
                      image: for each request to the registry (default: 15)
${RECORD_USAGE}  --port N            serve: port on 127.0.0.1 (default: a free port)
  --open              serve: open the URL in your browser
  --platform OS/ARCH  image: the platform to read from a multi-platform image,
                      e.g. linux/arm64 or linux/arm/v7 (default: this machine's)
  --json              contexts, image: print JSON
  -h, --help          this help
  -v, --version       print the version
`;

const options = {
  kubeconfig: { type: 'string' },
  context: { type: 'string' },
  snapshot: { type: 'string' },
  demo: { type: 'boolean' },
  namespace: { type: 'string', short: 'n', multiple: true },
  out: { type: 'string', short: 'o' },
  theme: { type: 'string' },
  scale: { type: 'string' },
  detail: { type: 'string' },
  aspect: { type: 'string' },
  lang: { type: 'string' },
  lens: { type: 'string' },
  'hide-injected': { type: 'boolean' },
  ...REDACT_OPTIONS,
  'no-callouts': { type: 'boolean' },
  select: { type: 'string', multiple: true },
  events: { type: 'boolean' },
  timeout: { type: 'string' },
  port: { type: 'string' },
  open: { type: 'boolean' },
  json: { type: 'boolean' },
  platform: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
  ...RECORD_OPTIONS,
  ...PAPER_OPTIONS,
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof options; allowPositionals: true }>>['values'];

/** Flags each command accepts; anything else given to it is a usage error, not silently ignored. */
const allowed: Record<string, readonly (keyof Values)[]> = {
  export: ['kubeconfig', 'context', 'snapshot', 'demo', 'namespace', 'out', 'theme', 'scale', 'detail', 'aspect', 'lang', 'lens', 'hide-injected', ...REDACT_FLAGS, 'no-callouts', 'select', 'events', ...PAPER_FLAGS, ...RECORDING_EXPORT_FLAGS, 'timeout', 'help'],
  serve: ['kubeconfig', 'context', 'snapshot', 'demo', 'namespace', 'port', 'open', 'help'],
  contexts: ['kubeconfig', 'json', 'help'],
  record: RECORD_FLAGS,
  image: IMAGE_FLAGS,
};

export function parseCommandLine(argv: readonly string[]): Command {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message.replace(/^TypeError \[[A-Z_]+\]: /, ''));
  }
  const { values, positionals } = parsed;
  const [command, ...extra] = positionals;
  if (values.version && command === undefined) return { command: 'version' };
  if (command === undefined || command === 'help') return { command: 'help', topic: extra[0] };
  if (!(command in allowed)) throw new UsageError(`unknown command "${command}"; try export, serve, record, contexts or image`);
  if (values.help) return { command: 'help', topic: command };
  if (command === 'image') return imageCommand(values, extra);
  if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"`);
  for (const key of Object.keys(values) as (keyof Values)[]) {
    if (!allowed[command].includes(key)) throw new UsageError(`${command} does not take --${key}`);
  }

  if (command === 'contexts') return { command: 'contexts', kubeconfig: values.kubeconfig, json: values.json ?? false };

  const source = sourceOf(values);
  const namespaces = namespacesOf(values.namespace ?? []);
  if (command === 'record') return recordCommand(values.out, values.duration, values.timeout, source, namespaces);
  if (command === 'serve') {
    return { command: 'serve', source, namespaces, port: intOption('port', values.port, 0, 0, 65535), open: values.open ?? false };
  }

  if (!values.out) throw new UsageError('export needs --out FILE.svg or --out FILE.png');
  const ext = values.out.toLowerCase().match(/\.(svg|png)$/)?.[1] as 'svg' | 'png' | undefined;
  if (!ext) throw new UsageError(`--out ${values.out}: the file name must end in .svg or .png`);
  const theme = values.theme ?? 'light';
  if (!isThemeName(theme)) throw new UsageError(`--theme ${theme}: use ${THEME_NAMES.join(', ')}`);
  const detail = detailOf(values.detail);
  const aspect = aspectOf(values.aspect);
  const lang = langOf(values.lang);
  const scale = numberOption('scale', values.scale, 2, 0.25, 8);
  if (ext === 'svg' && values.scale !== undefined) throw new UsageError('--scale applies to PNG output only');
  const timeoutMs = numberOption('timeout', values.timeout, 30, 1, 3600) * 1000;
  const lens = values.lens === undefined ? undefined : values.lens.toUpperCase();
  if (lens !== undefined && !isConceptId(lens)) throw new UsageError(`--lens ${values.lens}: use one of ${CONCEPT_IDS.join(', ')}`);
  const hideInjected = values['hide-injected'] ?? false;
  const redact = redactChoiceOf(values);
  if (typeof redact === 'string') throw new UsageError(redact);
  const paper = paperChoiceOf(values);
  if (typeof paper === 'string') throw new UsageError(paper);
  const callouts = !(values['no-callouts'] ?? false);
  const select = selectorsOf(values.select);
  return { command: 'export', source, namespaces, out: values.out, format: ext, theme, scale, detail, aspect, lang, ...(lens ? { lens } : {}), hideInjected, ...redact, paper, alt: values.alt ?? false, callouts, ...(select ? { select } : {}), ...recordingOf(values, ext), events: eventsOf(values), timeoutMs };
}

function selectorsOf(list: readonly string[] | undefined): Selector[] | undefined {
  if (list === undefined) return undefined;
  return list.map((text) => {
    try {
      return parseSelector(text);
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
  });
}

function langOf(raw: string | undefined): Lang {
  if (raw === undefined) return 'en';
  if ((LANGS as readonly string[]).includes(raw)) return raw as Lang;
  throw new UsageError(`--lang ${raw}: use ${LANGS.join(' or ')}`);
}

function detailOf(raw: string | undefined): DetailChoice {
  if (raw === undefined) return 'auto';
  if ((DETAIL_CHOICES as readonly string[]).includes(raw)) return raw as DetailChoice;
  if (Object.hasOwn(DETAIL_ALIASES, raw)) return DETAIL_ALIASES[raw];
  throw new UsageError(`--detail ${raw}: use ${DETAIL_CHOICES.join(', ')}`);
}

/** Longest side of a ratio over its shortest: beyond, a picture is a strip the layout will not make. */
const MAX_ASPECT = 8;

function aspectOf(raw: string | undefined): { width: number; height: number } {
  if (raw === undefined) return { ...DEFAULT_ASPECT };
  const m = /^(\d{1,5}(?:\.\d{1,3})?):(\d{1,5}(?:\.\d{1,3})?)$/.exec(raw);
  const width = m ? Number(m[1]) : NaN;
  const height = m ? Number(m[2]) : NaN;
  if (!(width > 0) || !(height > 0)) throw new UsageError(`--aspect ${raw}: expected WIDTH:HEIGHT with two positive numbers, such as 16:9, 4:3 or 9:16`);
  if (width / height > MAX_ASPECT || height / width > MAX_ASPECT) throw new UsageError(`--aspect ${raw}: one side is more than ${MAX_ASPECT} times the other; use a ratio from 1:${MAX_ASPECT} to ${MAX_ASPECT}:1`);
  return { width, height };
}

function sourceOf(values: Values): SourceChoice {
  const chosen = [values.snapshot !== undefined && '--snapshot', values.demo && '--demo', values.context !== undefined && '--context', values.recording !== undefined && '--recording'].filter(Boolean);
  if (chosen.length > 1) throw new UsageError(`${chosen.join(' and ')} cannot be combined: pick one source`);
  if (values.snapshot !== undefined) {
    if (values.kubeconfig !== undefined) throw new UsageError('--kubeconfig has no effect with --snapshot');
    if (values.snapshot === '') throw new UsageError('--snapshot needs a file name');
    return { kind: 'snapshot', file: values.snapshot };
  }
  if (values.demo) {
    if (values.kubeconfig !== undefined) throw new UsageError('--kubeconfig has no effect with --demo');
    return { kind: 'demo' };
  }
  return { kind: 'cluster', kubeconfig: values.kubeconfig, context: values.context };
}

function recordingOf(values: Values, format: 'svg' | 'png'): { recording?: RecordingExport } {
  const recording = recordingAt(values.recording, values.at, values.to, values.every);
  if (recording?.to && format !== 'svg') throw new UsageError('--to makes an animated SVG: use --out FILE.svg');
  // Each frame is drawn plainly: a part or pseudonyms would have to hold across frames, which is not built.
  if (recording?.to && (values.select !== undefined || values.redact || values['redact-key'] !== undefined)) throw new UsageError('--to cannot be combined with --select or --redact');
  if (recording && values.kubeconfig !== undefined) throw new UsageError('--kubeconfig has no effect with --recording');
  return recording ? { recording } : {};
}

function eventsOf(values: Values): boolean {
  if (!values.events) return false;
  // An animation's frames have no table under them.
  if (values.to !== undefined) throw new UsageError('--events cannot be combined with --to: an animated SVG has no events table');
  return true;
}

function namespacesOf(list: readonly string[]): string[] {
  const out = new Set<string>();
  for (const entry of list) {
    for (const ns of entry.split(',').map((s) => s.trim()).filter(Boolean)) {
      if (!isNamespaceName(ns)) throw new UsageError(`--namespace ${ns}: not a valid namespace name`);
      out.add(ns);
    }
  }
  return [...out].sort();
}

function intOption(name: string, raw: string | undefined, fallback: number, min: number, max: number): number {
  const value = numberOption(name, raw, fallback, min, max);
  if (!Number.isInteger(value)) throw new UsageError(`--${name} ${raw}: expected a whole number`);
  return value;
}
