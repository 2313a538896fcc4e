import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { MenuCommand } from '../../../main/contract/api.ts';
import { flattenMenu, menuTemplate, type MenuItemTemplate } from '../../../main/electron/menu.ts';

const EXPECTED: Record<MenuCommand, { label: RegExp; accelerator?: string }> = {
  'open-snapshot': { label: /^Open Snapshot…$/, accelerator: 'CmdOrCtrl+O' },
  'save-snapshot': { label: /^Save Snapshot…$/, accelerator: 'CmdOrCtrl+S' },
  'export-svg': { label: /^Export SVG…$/, accelerator: 'CmdOrCtrl+E' },
  'export-png': { label: /^Export PNG…$/, accelerator: 'CmdOrCtrl+Shift+E' },
  'copy-image': { label: /^Copy Image$/, accelerator: 'CmdOrCtrl+Shift+C' },
  reload: { label: /^Reload$/, accelerator: 'CmdOrCtrl+R' },
  'zoom-in': { label: /^Zoom In$/, accelerator: 'CmdOrCtrl+=' },
  'zoom-out': { label: /^Zoom Out$/, accelerator: 'CmdOrCtrl+-' },
  'zoom-fit': { label: /^Zoom to Fit$/, accelerator: 'CmdOrCtrl+0' },
  'toggle-theme': { label: /^Toggle Theme$/, accelerator: 'CmdOrCtrl+Shift+L' },
  find: { label: /^Find…$/, accelerator: 'CmdOrCtrl+F' },
  about: { label: /^About Kube Anatomy$/ },
  'start-tour': { label: /^Guided Tour$/ },
  'start-quiz': { label: /^Quiz$/ },
};

function build(platform: string, devTools = false) {
  const sent: MenuCommand[] = [];
  const template = menuTemplate(platform, (c) => sent.push(c), { appName: 'Kube Anatomy', devTools });
  return { template, items: flattenMenu(template), sent };
}

const topLabels = (template: MenuItemTemplate[]) => template.map((t) => t.label ?? t.role);

for (const platform of ['darwin', 'linux', 'win32']) {
  describe(`menu on ${platform}`, () => {
    it('has every command once (visible), with its accelerator, sending that command', () => {
      const { items, sent } = build(platform);
      for (const [command, spec] of Object.entries(EXPECTED) as [MenuCommand, (typeof EXPECTED)[MenuCommand]][]) {
        const matches = items.filter((i) => i.id === command);
        assert.equal(matches.length, 1, `${command} appears once`);
        const item = matches[0];
        assert.match(item.label ?? '', spec.label, command);
        assert.equal(item.accelerator, spec.accelerator, command);
        assert.notEqual(item.visible, false, command);
        sent.length = 0;
        item.click!();
        assert.deepEqual(sent, [command]);
      }
    });

    it('has hidden alternative zoom keys that send the same commands', () => {
      const { items, sent } = build(platform);
      const hidden = items.filter((i) => i.visible === false);
      const byKey = new Map(hidden.map((i) => [i.accelerator, i]));
      for (const [key, command] of [['CmdOrCtrl+Plus', 'zoom-in'], ['CmdOrCtrl+numadd', 'zoom-in'], ['CmdOrCtrl+numsub', 'zoom-out']] as const) {
        const item = byKey.get(key);
        assert.ok(item, key);
        sent.length = 0;
        item.click!();
        assert.deepEqual(sent, [command]);
      }
    });

    it('has no accelerator twice', () => {
      const { items } = build(platform, true);
      const accels = items.map((i) => i.accelerator).filter((a): a is string => a !== undefined);
      assert.equal(new Set(accels).size, accels.length, accels.join(', '));
    });

    it('has the standard Edit roles and a window menu', () => {
      const { items } = build(platform);
      const roles = new Set(items.map((i) => i.role).filter(Boolean));
      for (const role of ['undo', 'redo', 'cut', 'copy', 'paste', 'selectAll', 'togglefullscreen']) assert.ok(roles.has(role), role);
      if (platform === 'darwin') assert.ok(roles.has('windowMenu'));
      else assert.ok(roles.has('minimize') && roles.has('close'));
    });

    it('offers developer tools only when asked', () => {
      assert.equal(build(platform).items.some((i) => i.role === 'toggleDevTools'), false);
      assert.equal(build(platform, true).items.some((i) => i.role === 'toggleDevTools'), true);
    });
  });
}

describe('platform conventions', () => {
  it('macOS: an app menu first, holding About and Quit', () => {
    const { template } = build('darwin');
    assert.equal(template[0].label, 'Kube Anatomy');
    const appItems = template[0].submenu!;
    assert.equal(appItems[0].id, 'about');
    assert.ok(appItems.some((i) => i.role === 'quit'));
    assert.ok(appItems.some((i) => i.role === 'hide'));
    assert.deepEqual(topLabels(template), ['Kube Anatomy', 'File', 'Edit', 'View', 'windowMenu', 'help']);
    // File closes the window; Quit lives in the app menu.
    assert.equal(flattenMenu([template[1]]).some((i) => i.role === 'quit'), false);
  });

  it('Linux and Windows: no app menu; Quit in File, About in Help', () => {
    for (const platform of ['linux', 'win32']) {
      const { template } = build(platform);
      assert.deepEqual(topLabels(template), ['File', 'Edit', 'View', 'Window', 'help']);
      assert.ok(template[0].submenu!.some((i) => i.role === 'quit'));
      assert.equal(template[4].submenu![0].id, 'about');
    }
  });
});
