// electron-builder configuration (`npm run dist`). electron-builder 26 reads a
// TypeScript config itself (through jiti), so no compile step is needed.
//
// Fuses are flipped in the packaged binary only. The Playwright window tests
// (`npm run test:electron`) launch the unpackaged app with the stock binary
// from node_modules/electron (`electron .`), which keeps Electron's default
// fuses; that matters because Playwright's _electron starts the app with
// `--inspect=0 --remote-debugging-port=0 -r <its loader>`, which needs
// enableNodeCliInspectArguments (and node's -r handling) on. To drive a
// packaged build with Playwright you would have to relax those fuses: don't.

import type { Configuration } from 'electron-builder';
import { ELECTRON_JS_FLAGS } from './main/cli/main-flags.mjs';

// The main process's heap flags (main/cli/main-flags.mjs), which Electron reads for it only from the
// command line that starts it: a Linux build's desktop entry passes them (the deb's menu entry, an
// AppImage's once put in the menu). Started by its path, or as a macOS or Windows build (the system
// starts those with no arguments), it runs without them.

const config: Configuration = {
  appId: 'io.kubeanatomy.app',
  productName: 'Kube Anatomy',
  copyright: 'Copyright © Kube Anatomy contributors',
  directories: { output: 'release', buildResources: 'assets' },
  // electron-builder adds package.json and the production node_modules itself;
  // the app is the esbuild output plus the demo snapshot, fonts and icons.
  files: ['dist/**/*', 'assets/**/*', 'package.json', '!**/*.map'],
  asar: true,
  electronFuses: {
    runAsNode: false,
    enableCookieEncryption: true,
    enableNodeOptionsEnvironmentVariable: false,
    enableNodeCliInspectArguments: false,
    enableEmbeddedAsarIntegrityValidation: true,
    onlyLoadAppFromAsar: true,
    loadBrowserProcessSpecificV8Snapshot: false,
    grantFileProtocolExtraPrivileges: false,
  },
  linux: {
    target: ['AppImage', 'deb'],
    icon: 'assets/icons',
    category: 'Development',
    executableName: 'kube-anatomy',
    executableArgs: [ELECTRON_JS_FLAGS.includes(' ') ? `"${ELECTRON_JS_FLAGS}"` : ELECTRON_JS_FLAGS],
    synopsis: 'See a Kubernetes cluster as control plane, nodes, pods and containers',
    maintainer: 'Kube Anatomy maintainers <maintainers@kubeanatomy.io>',
  },
  mac: {
    target: ['dmg'],
    icon: 'assets/icon.png',
    category: 'public.app-category.developer-tools',
    hardenedRuntime: true,
  },
  win: {
    target: ['nsis'],
    icon: 'assets/icon.png',
  },
  nsis: {
    oneClick: false,
    perMachine: false,
    allowToChangeInstallationDirectory: true,
  },
};

export default config;
