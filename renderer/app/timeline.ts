// The timeline of a recording shown (SessionState.replay): play, pause, speed,
// a step of one change either way and a slider to seek, all asked of the
// session (replay:control), which plays the recording through the same patch
// path a live cluster's changes take. And the Record button of a live
// cluster: record:start, then record:stop hands back the recording's text,
// saved as a snapshot is, and record:saved lets the session drop it (a
// recording full at its size limit stops by itself and offers the save). Both build their own elements, words through the
// one table, values only ever as text.

import type { AnatomyApi, ReplayControl, ReplayState, SessionState } from '../../main/contract/api.ts';
import { errorText } from './status-text.ts';
import type { AppState } from './state.ts';
import type { Store } from './store.ts';
import type { Translate } from './strings.ts';
import { saveFile } from './files.ts';
import type { ConfirmText } from './dialogs.ts';

export const TIMELINE_SPEEDS = [0.25, 0.5, 1, 2, 4, 8, 16, 32] as const;

export interface TimelineHost {
  doc: Document;
  api: AnatomyApi;
  store: Store<AppState>;
  t(): Translate;
  notice(text: string): void;
  error(text: string): void;
  /** Asks yes or no (dialogs.ts): a recording made while Redact is on holds the real objects all the same. */
  confirm?(text: ConfirmText): Promise<boolean>;
}

/** m:ss, or h:mm:ss from an hour. */
export function clockText(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

export function installTimeline(host: TimelineHost): { element: HTMLElement; recordButton: HTMLButtonElement } {
  const { doc, api, store } = host;
  const el = (tag: string, className: string) => {
    const e = doc.createElement(tag);
    e.className = className;
    return e;
  };
  const bar = el('div', 'timeline');
  bar.id = 'timeline';
  bar.setAttribute('role', 'toolbar');
  bar.setAttribute('data-testid', 'timeline');
  bar.hidden = true;
  const back = el('button', 'btn btn-icon') as HTMLButtonElement;
  const play = el('button', 'btn btn-icon timeline-play') as HTMLButtonElement;
  const forward = el('button', 'btn btn-icon') as HTMLButtonElement;
  for (const [b, act, symbol] of [[back, 'back', '⏮'], [play, 'play', '▶'], [forward, 'forward', '⏭']] as const) {
    b.type = 'button';
    b.dataset.act = act;
    b.textContent = symbol;
  }
  const slider = el('input', 'timeline-slider') as HTMLInputElement;
  slider.type = 'range';
  slider.min = '0';
  slider.step = '1';
  slider.dataset.testid = 'timeline-slider';
  const time = el('span', 'timeline-time');
  time.dataset.testid = 'timeline-time';
  const speed = el('select', 'timeline-speed') as HTMLSelectElement;
  for (const s of TIMELINE_SPEEDS) {
    const option = doc.createElement('option');
    option.value = String(s);
    option.textContent = `${s}×`;
    speed.append(option);
  }
  const note = el('span', 'timeline-note');
  bar.append(back, play, forward, slider, time, speed, note);
  const statusbar = doc.getElementById('statusbar');
  if (statusbar?.parentNode) statusbar.parentNode.insertBefore(bar, statusbar);
  else doc.body.append(bar);

  const recordButton = el('button', 'btn record-button') as HTMLButtonElement;
  recordButton.type = 'button';
  recordButton.dataset.testid = 'record-button';
  recordButton.hidden = true;
  const exportButton = doc.getElementById('export-button');
  if (exportButton?.parentNode) exportButton.parentNode.insertBefore(recordButton, exportButton);

  const replay = (): ReplayState | undefined => store.get().session?.replay;
  let seeking = false;

  const control = (req: ReplayControl) => {
    api.invoke('replay:control', req).then(
      (session) => store.set({ session }),
      (error: unknown) => host.error(errorText(error, host.t())),
    );
  };

  function paint(): void {
    const t = host.t();
    const session: SessionState | undefined = store.get().session;
    const r = session?.replay;
    bar.hidden = !r;
    bar.setAttribute('aria-label', t('record.timeline'));
    bar.title = t('record.keys');
    back.title = t('record.stepBack');
    back.setAttribute('aria-label', t('record.stepBack'));
    forward.title = t('record.stepForward');
    forward.setAttribute('aria-label', t('record.stepForward'));
    slider.setAttribute('aria-label', t('record.position'));
    speed.setAttribute('aria-label', t('record.speed'));
    speed.title = t('record.speed');
    if (r) {
      const label = r.playing ? t('record.pause') : t('record.play');
      play.textContent = r.playing ? '⏸' : '▶';
      play.title = label;
      play.setAttribute('aria-label', label);
      play.setAttribute('aria-pressed', String(r.playing));
      slider.max = String(Math.max(0, Math.round(r.duration)));
      if (!seeking) slider.value = String(Math.round(r.t));
      time.textContent = `${t('record.time', { t: clockText(r.t), duration: clockText(r.duration) })} · ${t('record.changes', { n: r.n, total: r.changes })}`;
      speed.value = String(r.speed);
      note.textContent = r.cutShort !== undefined ? t('record.cutShort', { line: r.cutShort }) : '';
      note.hidden = r.cutShort === undefined;
      bar.dataset.playing = String(r.playing);
    }
    const live = session?.source.kind === 'cluster' && session.connection.phase !== 'static';
    recordButton.hidden = !live && !session?.recording;
    const recording = session?.recording;
    // Full or stopped, it is kept in the session until saved: the button offers the save.
    recordButton.textContent = !recording
      ? `● ${t('record.button')}`
      : recording.full
        ? t('record.full', { mb: Math.ceil(recording.bytes / (1024 * 1024)), changes: recording.changes })
        : recording.stopped
          ? t('record.save', { changes: recording.changes })
          : t('record.stop', { changes: recording.changes });
    recordButton.title = recording?.full || recording?.stopped ? recordButton.textContent : t('record.button.title');
    recordButton.dataset.state = !recording ? 'idle' : recording.full ? 'full' : recording.stopped ? 'stopped' : 'recording';
    recordButton.setAttribute('aria-pressed', String(!!recording && !recording.stopped));
  }

  back.addEventListener('click', () => control({ action: 'step', by: -1 }));
  forward.addEventListener('click', () => control({ action: 'step', by: 1 }));
  play.addEventListener('click', () => control({ action: replay()?.playing ? 'pause' : 'play' }));
  speed.addEventListener('change', () => control({ action: 'speed', speed: Number(speed.value) }));
  slider.addEventListener('input', () => {
    seeking = true;
  });
  slider.addEventListener('change', () => {
    seeking = false;
    control({ action: 'seek', t: Number(slider.value) });
  });
  bar.addEventListener('keydown', (e) => {
    if (e.target === slider && (e.key === 'ArrowLeft' || e.key === 'ArrowRight')) return;
    if (e.key === 'ArrowLeft' || e.key === 'ArrowRight') {
      e.preventDefault();
      e.stopPropagation();
      control({ action: 'step', by: e.key === 'ArrowLeft' ? -1 : 1 });
    }
  });
  // Space and , . anywhere but where typing goes, while a recording is shown.
  doc.addEventListener('keydown', (e) => {
    if (!replay() || e.ctrlKey || e.metaKey || e.altKey) return;
    const target = e.target as HTMLElement | null;
    if (target && (target.closest('input, textarea, select, dialog[open], [contenteditable="true"]') || (e.key === ' ' && target.closest('button')))) return;
    if (e.key === ' ') control({ action: replay()?.playing ? 'pause' : 'play' });
    else if (e.key === ',') control({ action: 'step', by: -1 });
    else if (e.key === '.') control({ action: 'step', by: 1 });
    else return;
    e.preventDefault();
  });

  recordButton.addEventListener('click', async () => {
    const t = host.t();
    try {
      if (!store.get().session?.recording) {
        store.set({ session: await api.invoke('record:start') });
        return;
      }
      // Redacted: the recording is the cluster's objects, not redacted; asked first, and on a no it goes on recording.
      const redacted = store.get().redacted === true;
      if (redacted && !((await host.confirm?.({ title: t('redact.record.title'), body: t('redact.record.body'), ok: t('redact.record.ok'), cancel: t('dialog.cancel') })) ?? false)) {
        host.notice(t('redact.record.kept'));
        return;
      }
      // The session keeps the recording until told it is saved: a save that
      // fails leaves it there, and the button asks for its text again.
      const { fileName, text } = await api.invoke('record:stop');
      const result = await saveFile(api, doc, { name: fileName, kind: 'snapshot', data: text, mime: 'application/jsonl' });
      // A cancelled save dialog is not a no to the recording: asked, and kept
      // (the button offers the save again) unless the user says to discard it.
      if (!result.saved) {
        const changes = store.get().session?.recording?.changes ?? 0;
        const discard = (await host.confirm?.({ title: t('record.discard.title'), body: t('record.discard.body', { changes }), ok: t('record.discard.ok'), cancel: t('record.discard.keep') })) ?? false;
        if (!discard) {
          host.notice(t('record.discard.kept'));
          return;
        }
      }
      // Saved, or discarded on purpose: the session lets it go.
      store.set({ session: await api.invoke('record:saved') });
      if (result.saved && redacted) host.notice(t('redact.record.saved'));
      else if (result.saved && result.path) host.notice(t('notice.saved', { path: result.path }));
    } catch (error) {
      host.error(t('record.error.save', { message: errorText(error, t) }));
    }
  });

  store.subscribe((_s, changed) => {
    if (changed.has('session') || changed.has('lang')) paint();
  });
  paint();
  return { element: bar, recordButton };
}
