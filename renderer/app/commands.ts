// What each command does: the same code runs for the app menu (Electron's
// `menu` event), the toolbar buttons (data-command) and the keyboard.

import type { AnatomyApi, MenuCommand } from '../../main/contract/api.ts';
import { embeddedFontCss, exportFileName, svgToPng } from './export.ts';
import { paperedPicture, type PaperSource } from './paper-export.ts';
import { copyPicture, type CopyFormat } from './clipboard.ts';
import { pickSnapshot, saveFile } from './files.ts';
import type { Translate } from './strings.ts';
import { MessageError } from '../../main/i18n/index.ts';
import { errorText } from './status-text.ts';
import type { ConfirmText } from './dialogs.ts';
import type { Callout } from '../../main/model/callouts.ts';
import type { AnatomyModel } from '../../main/model/types.ts';

/** Menu commands plus the ones only the page has. */
export type Command = MenuCommand | 'help' | 'toggle-details' | 'escape' | 'pan-left' | 'pan-right' | 'pan-up' | 'pan-down' | 'focus-search' | 'start-tour' | 'start-quiz' | 'add-callout' | 'copy-svg';

const COMMANDS = new Set<string>([
  'open-snapshot',
  'save-snapshot',
  'export-svg',
  'export-png',
  'export-selection-svg',
  'export-selection-png',
  'copy-image',
  'copy-svg',
  'reload',
  'zoom-in',
  'zoom-out',
  'zoom-fit',
  'toggle-theme',
  'find',
  'about',
  'help',
  'toggle-details',
  'escape',
  'pan-left',
  'pan-right',
  'pan-up',
  'pan-down',
  'focus-search',
  'start-tour',
  'start-quiz',
  'add-callout',
]);

export function isCommand(value: unknown): value is Command {
  return typeof value === 'string' && COMMANDS.has(value);
}

export interface CommandHost {
  api: AnatomyApi;
  doc: Document;
  t(): Translate;
  sourceName(): string;
  /** The drawn <svg> (animations finished) and its size, or undefined when nothing is drawn. */
  drawing(): { svg: SVGSVGElement; width: number; height: number; /** The copy is taken: what was drawn only for it may go. */ done?(): void } | undefined;
  /** The selected node or pod, or the search's matches, drawn on their own (export-selection.ts); throws a MessageError when nothing is selected. */
  selectionDrawing(): { svg: SVGSVGElement; width: number; height: number; part: AnatomyModel };
  error(message: string): void;
  notice(message: string): void;
  zoomBy(factor: number): void;
  fit(): void;
  panBy(dx: number, dy: number): void;
  toggleTheme(): void;
  toggleDetails(): void;
  focusSearch(): void;
  escape(): void;
  about(): void;
  help(): void;
  startTour(): void;
  startQuiz(): void;
  /** What the picture is drawn from (the whole model, or the part Export selection drew), for the paper around an export; none: exported bare. */
  paperSource?(part?: AnatomyModel): PaperSource | undefined;
  /** The footer's clock. */
  now?(): Date;
  /** Adds a numbered note to the selected object (callouts-panel.ts). */
  addCallout?(): void;
  /** The notes on the picture, saved with the snapshot. */
  callouts?(): Callout[];
  /** The Redact toggle is on: the page shows pseudonyms, which a snapshot (the real objects) does not hold. */
  redacted?(): boolean;
  /** Asks the user yes or no (dialogs.ts confirm); without it, a question is answered no. */
  confirm?(text: ConfirmText): Promise<boolean>;
}


async function svgExport(host: CommandHost): Promise<{ text: string; width: number; height: number } | undefined> {
  const fonts = await embeddedFontCss();
  // Taken after the await, so a model arriving meanwhile is exported as drawn.
  const drawn = host.drawing();
  if (!drawn) {
    host.error(host.t()('error.nothingDrawn'));
    return undefined;
  }
  const papered = paperedPicture(host.doc, drawn, fonts, host.paperSource?.(), host.now?.() ?? new Date());
  drawn.done?.();
  return papered;
}

async function saved(host: CommandHost, result: { saved: boolean; path?: string }): Promise<void> {
  // While redacted, a path on the page (the file is named by the cluster) is not shown; an export's is its pseudonym's.
  if (result.saved && result.path) host.notice(host.redacted?.() ? host.t()('redact.saved') : host.t()('notice.saved', { path: result.path }));
}

const PAN_STEP = 80;

export async function runCommand(host: CommandHost, command: Command): Promise<void> {
  const t = host.t();
  switch (command) {
    case 'open-snapshot': {
      const input = host.doc.getElementById('snapshot-input') as HTMLInputElement | null;
      if (!input) return;
      // A file picker needs a user gesture; a menu event or shortcut from the
      // main process is not one, so ask for a click first.
      const activation = host.doc.defaultView?.navigator.userActivation;
      const openDialog = host.doc.getElementById('open-dialog') as HTMLDialogElement | null;
      if (activation && !activation.isActive && openDialog) {
        if (!openDialog.open) openDialog.showModal();
        return;
      }
      try {
        const file = await pickSnapshot(input);
        if (openDialog?.open) openDialog.close();
        if (file) await host.api.invoke('snapshot:load', file);
      } catch (error) {
        host.error(t('error.snapshotLoad', { message: errorText(error, t) }));
      }
      return;
    }
    case 'save-snapshot': {
      // A snapshot is the cluster's objects, not the model, so it cannot be redacted: while Redact is on,
      // the user is told so and asked first; no answer (or no way to ask) saves nothing.
      if (host.redacted?.()) {
        const yes = (await host.confirm?.({ title: t('redact.save.title'), body: t('redact.save.body'), ok: t('redact.save.ok'), cancel: t('dialog.cancel') })) ?? false;
        if (!yes) {
          host.notice(t('redact.save.cancelled'));
          return;
        }
      }
      try {
        // The notes go into the file's x-kube-anatomy field; the session checks them like any request.
        const snap = await host.api.invoke('snapshot:get', { format: 'json', callouts: host.callouts?.() ?? [] });
        const yaml = /\.ya?ml$/i.test(snap.fileName);
        // Named as the real file it is: a pseudonym's name would pass it off as redacted.
        const result = await saveFile(host.api, host.doc, {
          name: snap.fileName || exportFileName(host.sourceName(), 'json'),
          kind: 'snapshot',
          data: snap.text,
          mime: yaml ? 'application/yaml' : 'application/json',
        });
        if (host.redacted?.()) {
          if (result.saved) host.notice(t('redact.save.saved'));
        } else await saved(host, result);
      } catch (error) {
        host.error(t('error.snapshotSave', { message: errorText(error, t) }));
      }
      return;
    }
    case 'export-svg':
    case 'export-png':
    case 'copy-image':
    case 'copy-svg': {
      try {
        const svg = await svgExport(host);
        if (!svg) return;
        if (command === 'export-svg') {
          await saved(host, await saveFile(host.api, host.doc, { name: exportFileName(host.sourceName(), 'svg'), kind: 'svg', data: svg.text, mime: 'image/svg+xml' }));
          return;
        }
        if (command === 'export-png') {
          const png = await svgToPng(svg.text, svg, host.doc);
          await saved(host, await saveFile(host.api, host.doc, { name: exportFileName(host.sourceName(), 'png'), kind: 'png', data: png, mime: 'image/png' }));
          return;
        }
        await copyImage(host, svg, command === 'copy-svg' ? 'svg' : 'png');
      } catch (error) {
        host.error(t(command === 'copy-image' || command === 'copy-svg' ? 'error.copy' : 'error.export', { message: errorText(error, t) }));
      }
      return;
    }
    case 'export-selection-svg':
    case 'export-selection-png': {
      try {
        const fonts = await embeddedFontCss();
        // Drawn after the await, from the model and selection as they are now.
        const part = host.selectionDrawing();
        const { text, ...size } = paperedPicture(host.doc, part, fonts, host.paperSource?.(part.part), host.now?.() ?? new Date());
        const name = `${host.sourceName()}-part`;
        if (command === 'export-selection-svg') {
          await saved(host, await saveFile(host.api, host.doc, { name: exportFileName(name, 'svg'), kind: 'svg', data: text, mime: 'image/svg+xml' }));
          return;
        }
        const png = await svgToPng(text, size, host.doc);
        await saved(host, await saveFile(host.api, host.doc, { name: exportFileName(name, 'png'), kind: 'png', data: png, mime: 'image/png' }));
      } catch (error) {
        host.error(t('error.export', { message: errorText(error, t) }));
      }
      return;
    }
    case 'reload':
      try {
        await host.api.invoke('source:retry');
      } catch (error) {
        host.error(t('error.call', { message: errorText(error, t) }));
      }
      return;
    case 'zoom-in':
      return host.zoomBy(1.4);
    case 'zoom-out':
      return host.zoomBy(1 / 1.4);
    case 'zoom-fit':
      return host.fit();
    case 'pan-left':
      return host.panBy(PAN_STEP, 0);
    case 'pan-right':
      return host.panBy(-PAN_STEP, 0);
    case 'pan-up':
      return host.panBy(0, PAN_STEP);
    case 'pan-down':
      return host.panBy(0, -PAN_STEP);
    case 'toggle-theme':
      return host.toggleTheme();
    case 'toggle-details':
      return host.toggleDetails();
    case 'find':
    case 'focus-search':
      return host.focusSearch();
    case 'escape':
      return host.escape();
    case 'about':
      return host.about();
    case 'help':
      return host.help();
    case 'start-tour':
      return host.startTour();
    case 'start-quiz':
      return host.startQuiz();
    case 'add-callout':
      return host.addCallout?.();
  }
}

async function copyImage(host: CommandHost, svg: { text: string; width: number; height: number }, format: CopyFormat): Promise<void> {
  const t = host.t();
  try {
    host.notice(t(await copyPicture(host.doc.defaultView, format, () => svgToPng(svg.text, svg, host.doc), svg.text)));
  } catch (error) {
    host.error(error instanceof MessageError ? errorText(error, t) : t('error.copy', { message: errorText(error, t) }));
  }
}
