// The application menu as a pure function of the platform, so every item and
// accelerator is checked in tests. Our items only send a MenuCommand to the
// renderer, which does the work; the rest are Electron's standard roles.

import type { MenuCommand } from '../contract/api.ts';
import { translator, type Lang, type MessageId, type Translate } from '../i18n/index.ts';

/** The subset of Electron's MenuItemConstructorOptions we use (structurally compatible). */
export interface MenuItemTemplate {
  label?: string;
  role?: string;
  type?: 'separator' | 'submenu' | 'normal';
  accelerator?: string;
  visible?: boolean;
  acceleratorWorksWhenHidden?: boolean;
  id?: string;
  click?: () => void;
  submenu?: MenuItemTemplate[];
}

export interface MenuOptions {
  appName: string;
  /** The page's language (it tells the main process through menu:lang); English when not said. */
  lang?: Lang;
  /** The words, from the one table; translator(lang) when not given. */
  t?: Translate;
  /** Adds View › Toggle Developer Tools (unpackaged builds only). */
  devTools?: boolean;
}

/** Each command's words (ui catalog, menu.*) and accelerator; the same on every platform (CmdOrCtrl does the mapping). */
export const MENU_COMMANDS: Readonly<Record<MenuCommand, { label: MessageId; accelerator?: string }>> = {
  'open-snapshot': { label: 'menu.openSnapshot', accelerator: 'CmdOrCtrl+O' },
  'save-snapshot': { label: 'menu.saveSnapshot', accelerator: 'CmdOrCtrl+S' },
  'export-svg': { label: 'menu.exportSvg', accelerator: 'CmdOrCtrl+E' },
  'export-png': { label: 'menu.exportPng', accelerator: 'CmdOrCtrl+Shift+E' },
  // No accelerators: what is selected lives in the page, and the page's Export menu says why when nothing is.
  'export-selection-svg': { label: 'select.exportSvg' },
  'export-selection-png': { label: 'select.exportPng' },
  'copy-image': { label: 'menu.copyImage', accelerator: 'CmdOrCtrl+Shift+C' },
  reload: { label: 'menu.reload', accelerator: 'CmdOrCtrl+R' },
  'zoom-in': { label: 'menu.zoomIn', accelerator: 'CmdOrCtrl+=' },
  'zoom-out': { label: 'menu.zoomOut', accelerator: 'CmdOrCtrl+-' },
  'zoom-fit': { label: 'menu.zoomFit', accelerator: 'CmdOrCtrl+0' },
  // Shift+L ("light"): Shift+T reopens tabs elsewhere and Shift+D is bookmarks in browsers.
  'toggle-theme': { label: 'menu.toggleTheme', accelerator: 'CmdOrCtrl+Shift+L' },
  find: { label: 'menu.find', accelerator: 'CmdOrCtrl+F' },
  about: { label: 'menu.about' },
  // No accelerators: T and Q are the page's own keys, and a bare letter in a menu would take typing too.
  'start-tour': { label: 'menu.startTour' },
  'start-quiz': { label: 'menu.startQuiz' },
};

/** Electron's standard roles we list, each with the words it gets in a language other than English. */
type Role =
  | 'services' | 'hide' | 'hideOthers' | 'unhide' | 'quit' | 'close' | 'undo' | 'redo' | 'cut' | 'copy' | 'paste'
  | 'selectAll' | 'togglefullscreen' | 'toggleDevTools' | 'minimize' | 'windowMenu' | 'help';

export function menuTemplate(platform: NodeJS.Platform | string, send: (command: MenuCommand) => void, options: MenuOptions): MenuItemTemplate[] {
  const mac = platform === 'darwin';
  const lang = options.lang ?? 'en';
  const t = options.t ?? translator(lang);
  const label = (command: MenuCommand) => t(MENU_COMMANDS[command].label, { app: options.appName });
  // Electron labels its roles in English whatever the page says, so another language names them itself.
  const role = (name: Role, extra: Partial<MenuItemTemplate> = {}): MenuItemTemplate =>
    lang === 'en' ? { role: name, ...extra } : { role: name, label: t(`menu.role.${name}`, { app: options.appName }), ...extra };
  const item = (command: MenuCommand, extra: Partial<MenuItemTemplate> = {}): MenuItemTemplate => ({
    id: command,
    label: label(command),
    accelerator: MENU_COMMANDS[command].accelerator,
    click: () => send(command),
    ...extra,
  });
  // Second bindings for the same command, hidden: "+" on keyboards where it
  // needs Shift, and the numeric keypad.
  const alias = (command: MenuCommand, accelerator: string): MenuItemTemplate => ({
    label: `${label(command)} (${accelerator})`,
    accelerator,
    visible: false,
    acceleratorWorksWhenHidden: true,
    click: () => send(command),
  });
  const about = item('about');
  const separator: MenuItemTemplate = { type: 'separator' };

  const appMenu: MenuItemTemplate[] = mac
    ? [
        {
          label: options.appName,
          submenu: [about, separator, role('services'), separator, role('hide'), role('hideOthers'), role('unhide'), separator, role('quit')],
        },
      ]
    : [];

  const file: MenuItemTemplate = {
    label: t('menu.file'),
    submenu: [
      item('open-snapshot'),
      item('save-snapshot'),
      separator,
      item('export-svg'),
      item('export-png'),
      item('export-selection-svg'),
      item('export-selection-png'),
      separator,
      // Closing the only window quits on Linux and Windows anyway; say so.
      mac ? role('close') : role('quit'),
    ],
  };

  const edit: MenuItemTemplate = {
    label: t('menu.edit'),
    submenu: [
      role('undo'),
      role('redo'),
      separator,
      role('cut'),
      role('copy'),
      role('paste'),
      role('selectAll'),
      separator,
      item('copy-image'),
      separator,
      item('find'),
    ],
  };

  const view: MenuItemTemplate = {
    label: t('menu.view'),
    submenu: [
      item('reload'),
      separator,
      item('zoom-in'),
      alias('zoom-in', 'CmdOrCtrl+Plus'),
      alias('zoom-in', 'CmdOrCtrl+numadd'),
      item('zoom-out'),
      alias('zoom-out', 'CmdOrCtrl+numsub'),
      item('zoom-fit'),
      separator,
      item('toggle-theme'),
      separator,
      item('start-tour'),
      item('start-quiz'),
      separator,
      role('togglefullscreen'),
      ...(options.devTools ? [separator, role('toggleDevTools')] : []),
    ],
  };

  const windowMenu: MenuItemTemplate = mac
    ? role('windowMenu')
    : { label: t('menu.window'), submenu: [role('minimize'), role('close')] };

  const help: MenuItemTemplate = role('help', { submenu: mac ? [] : [about] });

  return [...appMenu, file, edit, view, windowMenu, help];
}

/** Every item in a template, depth first (for finding items by id in tests and the app). */
export function flattenMenu(template: readonly MenuItemTemplate[]): MenuItemTemplate[] {
  return template.flatMap((entry) => [entry, ...flattenMenu(entry.submenu ?? [])]);
}
