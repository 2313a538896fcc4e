// The Electron entry point (bundled to dist/main/electron.mjs): app lifecycle,
// single-instance lock, and the wiring of the session, IPC, menu and window.
// The only main-process file that imports Electron (preload.ts is the renderer
// side's); every module it calls takes Electron's objects as parameters and is
// tested in Node with stand-ins, and this file itself is run bundled against a
// stand-in electron module by test/main/electron/main.test.ts.

import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, screen, session as electronSession, shell } from 'electron';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loginShellPath, mergePath } from '../cluster/shell-path.ts';
import { createHandlers, openSession, type Session, type SessionOptions } from '../session/index.ts';
import { entryUrl, parseAppArgs, type AppArgs } from './args.ts';
import { createFileSaver } from './dialogs.ts';
import { createEventSender, createSenderCheck, deferHandlers, registerIpc } from './ipc.ts';
import { createLinkOpener } from './links.ts';
import { menuTemplate } from './menu.ts';
import { translator, type Lang } from '../i18n/index.ts';
import { APP_SCHEME } from './origin.ts';
import { APP_SCHEME_PRIVILEGES, createAppProtocolHandler } from './protocol.ts';
import { hardenSession, hardenWebContents, type HardenableContents, type HardenableSession } from './security.ts';
import { createMainWindow, type WindowDeps } from './windows.ts';
import { nodeStateFs } from './window-state.ts';
import { writeFileAtomic } from '../files/atomic-write.ts';

const APP_NAME = 'Kube Anatomy';
// dist/main/electron.mjs → dist/main (preload) and dist/renderer (the page).
const here = path.dirname(fileURLToPath(import.meta.url));
const log = (message: string) => console.warn(`kube-anatomy: ${message}`);

const args = parseAppArgs(process.argv.slice(1));
for (const problem of args.problems) log(problem);
if (args.userDataDir !== undefined) app.setPath('userData', path.resolve(args.userDataDir));

// Both must happen before "ready".
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME_PRIVILEGES.scheme, privileges: { ...APP_SCHEME_PRIVILEGES.privileges } }]);
app.enableSandbox();

if (!app.requestSingleInstanceLock()) {
  // Another window is already open; it gets focused through "second-instance".
  app.quit();
} else {
  start(args);
}

function start(appArgs: AppArgs): void {
  let mainWindow: BrowserWindow | undefined;
  let session: Session | undefined;
  const contents = () => (mainWindow && !mainWindow.isDestroyed() ? mainWindow.webContents : undefined);
  const send = createEventSender(contents);

  app.on('web-contents-created', (_event, created) => {
    hardenWebContents(created as unknown as HardenableContents, { openExternal: (url) => shell.openExternal(url), log });
  });

  app.on('second-instance', (_event, argv) => {
    if (!mainWindow || mainWindow.isDestroyed()) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
    // A second launch with --view shows that link in the open window (a hash change, applied by the page).
    const again = parseAppArgs(argv.slice(1));
    for (const problem of again.problems) log(problem);
    if (again.view) mainWindow.loadURL(entryUrl(again.view)).catch((error: unknown) => log(`could not open ${again.view}: ${String(error)}`));
  });

  const openWindow = () => {
    const deps: WindowDeps = {
      BrowserWindow: BrowserWindow as unknown as WindowDeps['BrowserWindow'],
      screen,
      fs: nodeStateFs,
      log,
    };
    mainWindow = createMainWindow(deps, {
      preload: path.join(here, 'preload.cjs'),
      stateFile: path.join(app.getPath('userData'), 'window-state.json'),
      title: APP_NAME,
      icon: path.join(app.getAppPath(), 'assets', 'icon.png'),
      devTools: !app.isPackaged,
      url: entryUrl(appArgs.view),
    }) as unknown as BrowserWindow;
    mainWindow.on('closed', () => {
      mainWindow = undefined;
    });
  };

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (app.isReady() && (!mainWindow || mainWindow.isDestroyed())) openWindow();
  });

  let closing = false;
  app.on('before-quit', (event) => {
    if (closing || !session) return;
    // Stop watches and close cluster connections before the process goes.
    event.preventDefault();
    closing = true;
    session
      .close()
      .catch((error: unknown) => log(`closing the session: ${String(error)}`))
      .finally(() => app.quit());
  });

  app
    .whenReady()
    .then(async () => {
      hardenSession(electronSession.defaultSession as unknown as HardenableSession, log);
      protocol.handle(APP_SCHEME, createAppProtocolHandler(path.join(here, '..', 'renderer'), fsp));

      // The native menu and save dialog, in the page's language once the page says it (menu:lang); English until then.
      let menuLang: Lang = 'en';
      const setMenu = () => {
        const template = menuTemplate(process.platform, (command) => send('menu', command), { appName: APP_NAME, devTools: !app.isPackaged, lang: menuLang });
        Menu.setApplicationMenu(Menu.buildFromTemplate(template as Parameters<typeof Menu.buildFromTemplate>[0]));
      };

      // The window opens at once; calls the page makes meanwhile wait for this.
      const ready = (async () => {
        // Launched from a desktop launcher, PATH is the login manager's, which
        // misses where exec credential plugins (aws, gke-gcloud-auth-plugin…)
        // live. Only a cluster needs them, so the demo and snapshots don't wait.
        const pathReady = loginShellPath({ timeoutMs: 4000 })
          .then((loginPath) => {
            if (loginPath) process.env.PATH = mergePath(process.env.PATH, loginPath);
          })
          .catch((error: unknown) => log(`could not read the login shell's PATH: ${String(error)}`));
        if (appArgs.source.kind === 'cluster') await pathReady;
        const opened = await openAppSession(appArgs);
        session = opened;
        // A model goes whole or as a patch to the one before, as the session says.
        opened.on('view', (view) => send(view.channel, view.payload as never));
        for (const event of ['session', 'progress', 'image-stage', 'events'] as const) {
          opened.on(event, (payload) => send(event, payload as never));
        }
        return createHandlers(opened, 'electron', {
          'file:save': createFileSaver({
            dialog,
            getWindow: () => mainWindow,
            defaultDir: () => app.getPath('documents'),
            writeFile: writeFileAtomic,
            t: () => translator(menuLang),
          }),
          'link:open': createLinkOpener(shell, log),
          'menu:lang': ({ lang }) => {
            if (lang === menuLang) return;
            menuLang = lang;
            setMenu();
          },
        });
      })();
      registerIpc(ipcMain, deferHandlers(ready), createSenderCheck(contents), log);

      setMenu();

      openWindow();
      await ready;
    })
    .catch((error: unknown) => {
      dialog.showErrorBox(`${APP_NAME} could not start`, error instanceof Error ? error.message : String(error));
      app.exit(1);
    });
}

/**
 * Opens the source the flags ask for. A snapshot that cannot be read is
 * reported and the demo shown instead, so the window always has something.
 */
async function openAppSession(appArgs: AppArgs): Promise<Session> {
  const base: SessionOptions = { env: process.env, home: os.homedir() };
  const source = appArgs.source;
  const options: SessionOptions =
    source.kind === 'snapshot'
      ? { ...base, snapshot: path.resolve(source.file) }
      : source.kind === 'demo'
        ? { ...base, demo: true }
        : { ...base, ...(source.kubeconfig !== undefined ? { kubeconfig: source.kubeconfig } : {}), ...(source.context !== undefined ? { context: source.context } : {}) };
  try {
    return await openSession(options);
  } catch (error) {
    dialog.showErrorBox('Could not open the snapshot', error instanceof Error ? error.message : String(error));
    return await openSession({ ...base, demo: true });
  }
}
