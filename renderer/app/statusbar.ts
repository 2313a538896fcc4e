// The status bar: connection state (always visible), loading progress,
// counts and unreadable resources. Connection changes are also announced
// through the live region for screen readers.

import type { ConnectionState, LoadProgress } from '../../main/contract/api.ts';
import type { AnatomyModel } from '../../main/model/types.ts';
import { byId, setText, setTitle, show } from './dom.ts';
import { connectionText, gapsText, progressText } from './status-text.ts';
import type { Translate } from './strings.ts';
import { groupDigits } from './units.ts';
import { message } from '../../main/i18n/index.ts';

export interface StatusBar {
  /** Redacted: a reason the session or the server gave (it may name the server, the context, a file) is not shown. */
  render(state: ConnectionState | undefined, model: AnatomyModel | undefined, progress: LoadProgress | undefined, t: Translate, redacted?: boolean): void;
}

export function createStatusBar(doc: Document): StatusBar {
  const status = byId(doc, 'status');
  const label = byId(doc, 'status-label');
  const detail = byId(doc, 'status-detail');
  const progressBox = byId(doc, 'progress');
  const progressLabel = byId(doc, 'progress-text');
  const progressBar = byId<HTMLProgressElement>(doc, 'progress-bar');
  const counts = byId(doc, 'counts');
  const gaps = byId(doc, 'gaps');
  const announcer = byId(doc, 'announcer');
  let announced = '';
  // The reconnect countdown ticks locally between session events.
  let received: { state: unknown; at: number } = { state: undefined, at: 0 };
  let ticker: ReturnType<typeof setInterval> | undefined;
  let last: Parameters<StatusBar['render']> | undefined;

  const bar: StatusBar = {
    render(state, model, progress, t, redacted = false) {
      last = [state, model, progress, t, redacted];
      if (state !== received.state) received = { state, at: Date.now() };
      const reconnecting = state?.phase === 'reconnecting';
      if (reconnecting && !ticker) ticker = setInterval(() => last && bar.render(...last), 1000);
      if (!reconnecting && ticker) {
        clearInterval(ticker);
        ticker = undefined;
      }
      const shown = reconnecting ? { ...state, retryInMs: Math.max(0, (Number(state.retryInMs) || 0) - (Date.now() - received.at)) } : state;
      const conn = connectionText(redacted ? withoutReason(shown, t) : shown, t);
      status.dataset.phase = conn.phase;
      setText(label, conn.label);
      setText(detail, conn.detail);
      setTitle(status, conn.detail);
      const announcement = t('conn.announce', { state: [conn.label, conn.detail].filter(Boolean).join(': ') });
      // Announce phase changes, not every tick of a reconnect countdown.
      if (conn.phase !== announced) {
        announced = conn.phase;
        setText(announcer, announcement);
      }

      const p = progressText(progress, t);
      show(progressBox, !!p);
      if (p) {
        setText(progressLabel, p.text);
        if (p.fraction === undefined) progressBar.removeAttribute('value');
        else progressBar.value = p.fraction;
      }

      const s = model?.stats;
      setText(
        counts,
        s
          ? [
              t('counts.nodes', { n: groupDigits(s.nodes) }),
              t('counts.pods', { n: groupDigits(s.pods) }),
              t('counts.containers', { n: groupDigits(s.containers) }),
              t('counts.volumes', { n: groupDigits(s.volumes) }),
            ].join(' · ')
          : '',
      );

      const missing = gapsText(model?.gaps, t);
      show(gaps, missing !== undefined);
      setText(gaps, missing?.text ?? '');
      setTitle(gaps, missing?.title ?? '');
    },
  };
  return bar;
}

/** The connection state with the words it carries (a reason, a detail) replaced by the mark that they are hidden. */
export function withoutReason(state: ConnectionState | undefined, t: Translate): ConnectionState | undefined {
  if (!state || typeof state !== 'object') return state;
  const hidden = t('redact.hidden');
  switch (state.phase) {
    case 'connecting':
      // Reading the kubeconfig names nothing; connecting to a server or reading a file does.
      return state.detail && state.detail.id !== 'conn.detail.kubeconfig' ? { ...state, detail: message('redact.hidden') } : state;
    case 'reconnecting':
    case 'failed':
      return { ...state, reason: hidden, said: undefined };
    default:
      return state;
  }
}
