// The words of the status bar, as pure functions of the session.

import type { ConnectionState, LoadProgress } from '../../main/contract/api.ts';
import type { AccessGap } from '../../main/model/types.ts';
import type { Translate } from './strings.ts';
import { MessageError, say } from '../../main/i18n/index.ts';
import { groupDigits } from './units.ts';

export interface ConnectionText {
  phase: ConnectionState['phase'];
  label: string;
  detail: string;
}

function clip(s: unknown, max = 300): string {
  const v = typeof s === 'string' ? s : '';
  return v.length > max ? v.slice(0, max) + '…' : v;
}

export function connectionText(state: ConnectionState | undefined, t: Translate): ConnectionText {
  if (!state || typeof state !== 'object') return { phase: 'connecting', label: t('conn.connecting'), detail: '' };
  switch (state.phase) {
    case 'connecting':
      return { phase: 'connecting', label: t('conn.connecting'), detail: clip(say(t, state.detail)) };
    case 'live': {
      const ms = Date.parse(String(state.since));
      const time = Number.isFinite(ms) ? clockTime(new Date(ms)) : '';
      return { phase: 'live', label: t('conn.live'), detail: time ? t('conn.liveSince', { time }) : '' };
    }
    case 'reconnecting':
      return {
        phase: 'reconnecting',
        label: t('conn.reconnecting'),
        detail: t('conn.reconnectingDetail', {
          reason: clip(reasonText(state, t)) || '?',
          attempt: Number(state.attempt) || 1,
          seconds: Math.max(0, Math.round((Number(state.retryInMs) || 0) / 1000)),
        }),
      };
    case 'failed':
      return { phase: 'failed', label: t('conn.failed'), detail: clip(reasonText(state, t)) };
    case 'static':
      return { phase: 'static', label: t('conn.static'), detail: t('conn.staticDetail') };
    default:
      return { phase: 'connecting', label: t('conn.connecting'), detail: '' };
  }
}

/**
 * A failed call's words: the app's own (every call's error, main/contract/error.ts) in the
 * page's language, with the server's or the OS's text inside as written; anything else as written.
 */
export function errorText(error: unknown, t: Translate): string {
  if (error instanceof MessageError) return say(t, error.said);
  return error instanceof Error ? error.message : String(error);
}

/** The app's words for a reason in the page's language when it gave them, else the reason as written (the server's, the OS's). */
function reasonText(state: { reason: string; said?: unknown }, t: Translate): string {
  return state.said ? say(t, state.said) : state.reason;
}

/**
 * Local time as HH:MM:SS. By hand rather than toLocaleTimeString: its first
 * call builds an ICU formatter, about 15 ms of the page's start, in the task
 * that also shows the first live state.
 */
export function clockTime(d: Date): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
}

/** "Loading pods 1,500 / 5,000…", or undefined when nothing is loading. */
export function progressText(p: LoadProgress | undefined, t: Translate): { text: string; fraction?: number } | undefined {
  if (!p || typeof p !== 'object' || p.done) return undefined;
  const resource = clip(p.resource, 40) || 'objects';
  const loaded = groupDigits(p.loaded);
  // A recording being opened counts megabytes read, not objects (session.ts #recordingOptions).
  if (p.resource === 'recording' && typeof p.total === 'number' && p.total > 0) {
    return { text: t('record.opening', { loaded, total: groupDigits(p.total) }), fraction: Math.max(0, Math.min(1, (Number(p.loaded) || 0) / p.total)) };
  }
  if (typeof p.total === 'number' && p.total > 0) {
    return {
      text: t('progress.loading', { resource, loaded, total: groupDigits(p.total) }),
      fraction: Math.max(0, Math.min(1, (Number(p.loaded) || 0) / p.total)),
    };
  }
  return { text: t('progress.loadingNoTotal', { resource, loaded }) };
}

/**
 * "2 resources not readable · duplicates dropped", with every gap on its own
 * line for the tooltip; undefined when nothing is missing. Dropped duplicates
 * are not unreadable resources, so they are named apart.
 */
export function gapsText(gaps: unknown, t: Translate): { text: string; title: string } | undefined {
  const list = (Array.isArray(gaps) ? gaps : []).filter((g): g is AccessGap => g !== null && typeof g === 'object');
  if (list.length === 0) return undefined;
  const unreadable = list.filter((g) => g.reason !== 'duplicate' && g.reason !== 'incomplete').length;
  const parts: string[] = [];
  if (unreadable > 0) parts.push(unreadable === 1 ? t('gaps.one') : t('gaps.some', { n: unreadable }));
  if (list.some((g) => g.reason === 'incomplete')) parts.push(t('gaps.incomplete'));
  if (list.some((g) => g.reason === 'duplicate')) parts.push(t('gaps.duplicates'));
  const title = list
    .slice(0, 20)
    .map((g) => {
      const consequence = say(t, g.consequence);
      const said = g.said ? say(t, g.said) : '';
      return `${String(g.resource)}: ${said || String(g.message ?? g.reason)}${consequence ? ` — ${consequence}` : ''}`;
    })
    .join('\n');
  return { text: parts.join(' · '), title };
}
