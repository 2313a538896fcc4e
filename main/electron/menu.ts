// The application menu as a pure function of the platform, so every item and
// accelerator is checked in tests. Our items only send a MenuCommand to the
// renderer, which does the work; the rest are Electron's standard roles.

import type { MenuCommand } from '../contract/api.ts';

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
  /** Adds View › Toggle Developer Tools (unpackaged builds only). */
  devTools?: boolean;
}

/** Each command's label and accelerator; the same on every platform (CmdOrCtrl does the mapping). */
export const MENU_COMMANDS: Readonly<Record<MenuCommand, { label: string; accelerator?: string }>> = {
  'open-snapshot': { label: 'Open Snapshot…', accelerator: 'CmdOrCtrl+O' },
  'save-snapshot': { label: 'Save Snapshot…', accelerator: 'CmdOrCtrl+S' },
  'export-svg': { label: 'Export SVG…', accelerator: 'CmdOrCtrl+E' },
  'export-png': { label: 'Export PNG…', accelerator: 'CmdOrCtrl+Shift+E' },
  'copy-image': { label: 'Copy Image', accelerator: 'CmdOrCtrl+Shift+C' },
  reload: { label: 'Reload', accelerator: 'CmdOrCtrl+R' },
  'zoom-in': { label: 'Zoom In', accelerator: 'CmdOrCtrl+=' },
  'zoom-out': { label: 'Zoom Out', accelerator: 'CmdOrCtrl+-' },
  'zoom-fit': { label: 'Zoom to Fit', accelerator: 'CmdOrCtrl+0' },
  // Shift+L ("light"): Shift+T reopens tabs elsewhere and Shift+D is bookmarks in browsers.
  'toggle-theme': { label: 'Toggle Theme', accelerator: 'CmdOrCtrl+Shift+L' },
  find: { label: 'Find…', accelerator: 'CmdOrCtrl+F' },
  about: { label: 'About' },
  // No accelerators: T and Q are the page's own keys, and a bare letter in a menu would take typing too.
  'start-tour': { label: 'Guided Tour' },
  'start-quiz': { label: 'Quiz' },
};

export function menuTemplate(platform: NodeJS.Platform | string, send: (command: MenuCommand) => void, options: MenuOptions): MenuItemTemplate[] {
  const mac = platform === 'darwin';
  const item = (command: MenuCommand, extra: Partial<MenuItemTemplate> = {}): MenuItemTemplate => ({
    id: command,
    label: MENU_COMMANDS[command].label,
    accelerator: MENU_COMMANDS[command].accelerator,
    click: () => send(command),
    ...extra,
  });
  // Second bindings for the same command, hidden: "+" on keyboards where it
  // needs Shift, and the numeric keypad.
  const alias = (command: MenuCommand, accelerator: string): MenuItemTemplate => ({
    label: `${MENU_COMMANDS[command].label} (${accelerator})`,
    accelerator,
    visible: false,
    acceleratorWorksWhenHidden: true,
    click: () => send(command),
  });
  const about = item('about', { label: `About ${options.appName}` });
  const separator: MenuItemTemplate = { type: 'separator' };

  const appMenu: MenuItemTemplate[] = mac
    ? [
        {
          label: options.appName,
          submenu: [about, separator, { role: 'services' }, separator, { role: 'hide' }, { role: 'hideOthers' }, { role: 'unhide' }, separator, { role: 'quit' }],
        },
      ]
    : [];

  const file: MenuItemTemplate = {
    label: 'File',
    submenu: [
      item('open-snapshot'),
      item('save-snapshot'),
      separator,
      item('export-svg'),
      item('export-png'),
      separator,
      // Closing the only window quits on Linux and Windows anyway; say so.
      mac ? { role: 'close' } : { role: 'quit' },
    ],
  };

  const edit: MenuItemTemplate = {
    label: 'Edit',
    submenu: [
      { role: 'undo' },
      { role: 'redo' },
      separator,
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      { role: 'selectAll' },
      separator,
      item('copy-image'),
      separator,
      item('find'),
    ],
  };

  const view: MenuItemTemplate = {
    label: 'View',
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
      { role: 'togglefullscreen' },
      ...(options.devTools ? [separator, { role: 'toggleDevTools' }] : []),
    ],
  };

  const windowMenu: MenuItemTemplate = mac
    ? { role: 'windowMenu' }
    : { label: 'Window', submenu: [{ role: 'minimize' }, { role: 'close' }] };

  const help: MenuItemTemplate = { role: 'help', submenu: mac ? [] : [about] };

  return [...appMenu, file, edit, view, windowMenu, help];
}

/** Every item in a template, depth first (for finding items by id in tests and the app). */
export function flattenMenu(template: readonly MenuItemTemplate[]): MenuItemTemplate[] {
  return template.flatMap((entry) => [entry, ...flattenMenu(entry.submenu ?? [])]);
}
