import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { MenuCommand } from '../../../main/contract/api.ts';
import { flattenMenu, menuTemplate, type MenuItemTemplate } from '../../../main/electron/menu.ts';

const EXPECTED: Record<MenuCommand, { label: RegExp; accelerator?: string }> = {
  'open-snapshot': { label: /^Open Snapshot…$/, accelerator: 'CmdOrCtrl+O' },
  'save-snapshot': { label: /^Save Snapshot…$/, accelerator: 'CmdOrCtrl+S' },
  'export-svg': { label: /^Export SVG…$/, accelerator: 'CmdOrCtrl+E' },
  'export-png': { label: /^Export PNG…$/, accelerator: 'CmdOrCtrl+Shift+E' },
  'export-selection-svg': { label: /^Export selection as SVG…$/ },
  'export-selection-png': { label: /^Export selection as PNG…$/ },
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

describe('the menu in the page\'s language', () => {
  const korean = (platform: string) => {
    const sent: MenuCommand[] = [];
    const template = menuTemplate(platform, (c) => sent.push(c), { appName: 'Kube Anatomy', devTools: true, lang: 'ko' });
    return { template, items: flattenMenu(template), sent };
  };

  for (const platform of ['darwin', 'linux', 'win32']) {
    it(`${platform}: every label is Korean (the app's name aside), Electron's roles named too, commands and keys as in English`, () => {
      const { items, sent } = korean(platform);
      const english = build(platform, true).items;
      assert.equal(items.length, english.length);
      for (const [i, item] of items.entries()) {
        // Same item, same role, same key, same command: only the words differ.
        assert.equal(item.role, english[i].role);
        assert.equal(item.id, english[i].id);
        assert.equal(item.accelerator, english[i].accelerator);
        if (item.type === 'separator') continue;
        assert.ok(item.label, `item ${i} (${item.role ?? item.id}) has a label`);
        // Latin only in the app's name and a file format (SVG, PNG) or a key in a hidden alias's label.
        const latin = item.label.replace(/Kube Anatomy|SVG|PNG|\(CmdOrCtrl\+\w+\)/g, '').match(/[A-Za-z]+/g);
        assert.equal(latin, null, `${item.label} is Korean`);
      }
      const tour = items.find((i) => i.id === 'start-tour')!;
      assert.equal(tour.label, '둘러보기');
      tour.click!();
      assert.deepEqual(sent, ['start-tour']);
    });
  }

  it('macOS: the app menu keeps the app\'s name; About and Quit say it', () => {
    const { template, items } = korean('darwin');
    assert.deepEqual(topLabels(template), ['Kube Anatomy', '파일', '편집', '보기', '창', '도움말']);
    assert.equal(items.find((i) => i.id === 'about')!.label, 'Kube Anatomy 정보');
    assert.equal(items.find((i) => i.role === 'quit')!.label, 'Kube Anatomy 종료');
  });

  it('takes its words from the translator it is given', () => {
    const template = menuTemplate('linux', () => undefined, { appName: 'X', lang: 'ko', t: (id) => `<${id}>` });
    assert.equal(template[0].label, '<menu.file>');
    assert.equal(flattenMenu(template).find((i) => i.role === 'undo')!.label, '<menu.role.undo>');
  });
});
