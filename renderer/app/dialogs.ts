// The About and Help dialogs, the dismissible error banner and the short
// notice toast. Native <dialog> gives focus trapping and Esc for free.

import type { AppInfo } from '../../main/contract/api.ts';
import { byId, el, setText, show } from './dom.ts';
import { SHORTCUTS } from './keyboard.ts';
import { LANGS, langFor, type LangSetting, type Translate } from './strings.ts';
import { THEME_PREFERENCES, type ThemePreference } from './theme.ts';
import { RENDERER_CHOICES, type RendererChoice } from './canvas.ts';
import { AUTO_CANVAS_FROM } from '../layout/lod.ts';

const LANG_NAMES: Record<string, string> = { en: 'English', ko: '한국어' };

export interface Dialogs {
  about(info: AppInfo | undefined, t: Translate): void;
  help(t: Translate, lang: LangSetting, theme: ThemePreference, renderer: RendererChoice): void;
  closeOpen(): boolean;
  anyOpen(): boolean;
  error(message: string | undefined): void;
  notice(message: string | undefined): void;
  /** Asks a yes-or-no question in a modal dialog, Cancel focused; true only when the user chose `ok`. */
  confirm(text: ConfirmText): Promise<boolean>;
}

export interface ConfirmText {
  title: string;
  body: string;
  ok: string;
  cancel: string;
}

export interface DialogEvents {
  setLang(lang: LangSetting): void;
  setTheme(pref: ThemePreference): void;
  setRenderer(choice: RendererChoice): void;
  dismissError(): void;
}

export function createDialogs(doc: Document, events: DialogEvents): Dialogs {
  const about = byId<HTMLDialogElement>(doc, 'about-dialog');
  const aboutList = byId(doc, 'about-list');
  const help = byId<HTMLDialogElement>(doc, 'help-dialog');
  const open = byId<HTMLDialogElement>(doc, 'open-dialog');
  const table = byId(doc, 'shortcut-table').querySelector('tbody')!;
  const langSelect = byId<HTMLSelectElement>(doc, 'lang-select');
  const themeSelect = byId<HTMLSelectElement>(doc, 'theme-select');
  const rendererSelect = byId<HTMLSelectElement>(doc, 'renderer-select');
  const banner = byId(doc, 'error-banner');
  const bannerText = byId(doc, 'error-message');
  const toast = byId(doc, 'notice');
  let toastTimer: ReturnType<typeof setTimeout> | undefined;
  // Made when first asked (its words are the question's), kept for the next question.
  let ask: { dialog: HTMLDialogElement; title: HTMLElement; body: HTMLElement; ok: HTMLButtonElement; cancel: HTMLButtonElement } | undefined;
  const confirmDialog = () => {
    if (ask) return ask;
    const title = el(doc, 'h2', { attrs: { id: 'confirm-title' } });
    const body = el(doc, 'p', { class: 'about-tagline', attrs: { id: 'confirm-text' } });
    const cancel = el(doc, 'button', { class: 'btn', attrs: { value: 'cancel', 'data-testid': 'confirm-cancel', autofocus: true } });
    const ok = el(doc, 'button', { class: 'btn btn-primary', attrs: { value: 'ok', 'data-testid': 'confirm-ok' } });
    const dialog = el(doc, 'dialog', { class: 'dialog', attrs: { id: 'confirm-dialog', 'data-testid': 'confirm-dialog', role: 'alertdialog', 'aria-labelledby': 'confirm-title', 'aria-describedby': 'confirm-text' } }, [
      title,
      body,
      el(doc, 'form', { class: 'dialog-actions', attrs: { method: 'dialog' } }, [cancel, ok]),
    ]);
    dialog.addEventListener('click', (e) => {
      if (e.target === dialog) dialog.close('cancel');
    });
    doc.body.appendChild(dialog);
    ask = { dialog, title, body, ok, cancel };
    return ask;
  };

  byId(doc, 'error-dismiss').addEventListener('click', () => events.dismissError());
  langSelect.addEventListener('change', () => events.setLang(langSelect.value as LangSetting));
  themeSelect.addEventListener('change', () => events.setTheme(themeSelect.value as ThemePreference));
  rendererSelect.addEventListener('change', () => events.setRenderer(rendererSelect.value as RendererChoice));
  for (const dialog of [about, help, open]) {
    // A click on the backdrop (outside the dialog box) closes it.
    dialog.addEventListener('click', (e) => {
      if (e.target === dialog) dialog.close();
    });
  }

  return {
    about(info, t) {
      const rows: Array<[string, string]> = [
        [t('about.version'), info ? `${info.name} ${info.version}` : '…'],
        [t('about.shell'), info?.shell ?? '…'],
        [t('about.platform'), info?.platform ?? '…'],
      ];
      aboutList.replaceChildren(...rows.flatMap(([k, v]) => [el(doc, 'dt', { text: k }), el(doc, 'dd', { text: String(v) })]));
      if (!about.open) about.showModal();
    },
    help(t, lang, theme, renderer) {
      table.replaceChildren(
        ...SHORTCUTS.map((s) =>
          el(doc, 'tr', {}, [
            el(doc, 'td', { class: 'keys' }, s.keys.map((k) => el(doc, 'kbd', { text: k }))),
            el(doc, 'td', { text: t(s.help) }),
          ]),
        ),
        el(doc, 'tr', {}, [el(doc, 'td', { class: 'keys' }, [el(doc, 'kbd', { text: t('help.doubleClick') })]), el(doc, 'td', { text: t('help.zoomTo') })]),
      );
      const navLang = langFor(doc.defaultView?.navigator.language);
      langSelect.replaceChildren(
        el(doc, 'option', { text: t('settings.lang.auto', { lang: LANG_NAMES[navLang] }), attrs: { value: 'auto' } }),
        ...LANGS.map((l) => el(doc, 'option', { text: LANG_NAMES[l], attrs: { value: l } })),
      );
      langSelect.value = lang;
      themeSelect.replaceChildren(
        ...THEME_PREFERENCES.map((p) => el(doc, 'option', { text: t(`settings.theme.${p}`), attrs: { value: p } })),
      );
      themeSelect.value = theme;
      rendererSelect.replaceChildren(
        ...RENDERER_CHOICES.map((c) =>
          el(doc, 'option', { text: t(`settings.renderer.${c}`, { pods: AUTO_CANVAS_FROM.toLocaleString(doc.documentElement.lang || undefined) }), attrs: { value: c } }),
        ),
      );
      rendererSelect.value = renderer;
      if (!help.open) help.showModal();
    },
    closeOpen() {
      let closed = false;
      for (const d of [about, help, open, ask?.dialog]) {
        if (d?.open) {
          d.close();
          closed = true;
        }
      }
      return closed;
    },
    anyOpen: () => about.open || help.open || open.open || !!ask?.dialog.open,
    error(message) {
      show(banner, !!message);
      setText(bannerText, message ?? '');
    },
    notice(message) {
      clearTimeout(toastTimer);
      show(toast, !!message);
      setText(toast, message ?? '');
      if (message) toastTimer = setTimeout(() => show(toast, false), 3500);
    },
    confirm(text) {
      const { dialog, title, body, ok, cancel } = confirmDialog();
      // One question at a time: a second one while it is open is answered no (the first still waits).
      if (dialog.open) return Promise.resolve(false);
      setText(title, text.title);
      setText(body, text.body);
      setText(ok, text.ok);
      setText(cancel, text.cancel);
      dialog.returnValue = '';
      return new Promise<boolean>((resolve) => {
        // Esc, the backdrop and Cancel all close it with another value than 'ok'.
        dialog.addEventListener('close', () => resolve(dialog.returnValue === 'ok'), { once: true });
        dialog.showModal();
        cancel.focus();
      });
    },
  };
}
