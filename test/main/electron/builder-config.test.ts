// electron.config.ts, loaded and validated the way `electron-builder --config
// electron.config.ts` does it (app-builder-lib's getConfig reads .ts through
// jiti; validateConfiguration checks it against electron-builder's schema).

import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Configuration } from 'electron-builder';
import { MAIN_V8_FLAGS } from '../../../main/cli/main-flags.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const require = createRequire(import.meta.url);
const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as {
  getConfig(projectDir: string, configPath: string | null, fromOptions: null): Promise<Configuration>;
  validateConfiguration(config: Configuration, logger: unknown): Promise<void>;
};
const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };

async function load(): Promise<Configuration> {
  return await getConfig(root, path.join(root, 'electron.config.ts'), null);
}

describe('electron.config.ts', () => {
  it('loads as electron-builder loads it, and passes its schema', async () => {
    const config = await load();
    await validateConfiguration(config, new DebugLogger(false));
    // The schema check really checks: an unknown key is refused.
    await assert.rejects(validateConfiguration({ ...config, noSuchOption: true } as Configuration, new DebugLogger(false)));
  });

  it('names the app and packages the built output, assets and package.json', async () => {
    const config = await load();
    assert.equal(config.appId, 'io.kubeanatomy.app');
    assert.equal(config.productName, 'Kube Anatomy');
    // getConfig normalizes the list into [{ filter: [...] }].
    const files = (config.files as { filter: string[] }[]).flatMap((f) => f.filter);
    for (const pattern of ['dist/**/*', 'assets/**/*', 'package.json']) assert.ok(files.includes(pattern), pattern);
  });

  it('builds AppImage + deb, dmg and nsis, with icons that exist', async () => {
    const config = await load();
    assert.deepEqual(config.linux?.target, ['AppImage', 'deb']);
    assert.deepEqual(config.mac?.target, ['dmg']);
    assert.deepEqual(config.win?.target, ['nsis']);
    const pngSize = (file: string) => {
      const b = fs.readFileSync(file);
      assert.equal(b.subarray(1, 4).toString('latin1'), 'PNG', file);
      return [b.readUInt32BE(16), b.readUInt32BE(20)];
    };
    // macOS and Windows derive .icns/.ico from one PNG of at least 512 (ico: 256) px.
    for (const icon of [config.mac?.icon, config.win?.icon]) assert.deepEqual(pngSize(path.join(root, icon as string)), [1024, 1024]);
    const linuxIcons = path.join(root, config.linux?.icon as string);
    for (const size of [16, 32, 48, 64, 128, 256, 512]) assert.deepEqual(pngSize(path.join(linuxIcons, `${size}x${size}.png`)), [size, size]);
  });

  it('flips the security fuses', async () => {
    const config = await load();
    assert.deepEqual(config.electronFuses, {
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      loadBrowserProcessSpecificV8Snapshot: false,
      grantFileProtocolExtraPrivileges: false,
    });
    assert.equal(config.asar, true, 'onlyLoadAppFromAsar needs an asar');
  });

  it('starts the Linux build\'s main process with the heap flags of main/cli/main-flags.mjs (Electron reads them for it only from its command line)', async () => {
    const config = await load();
    assert.deepEqual(config.linux?.executableArgs, [`--js-flags=${MAIN_V8_FLAGS.join(' ')}`]);
  });

  it('package.json runs electron-builder with this file, and main is the built entry', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { main: string; scripts: Record<string, string> };
    assert.match(pkg.scripts.dist, /electron-builder --config electron\.config\.ts/);
    assert.equal(pkg.main, 'dist/main/electron.mjs');
  });
});
