// Details of a container: its image taken apart, its state, what it may use
// (resources), what it listens on (ports) and what it sees (mounts).

import type { ContainerModel, ContainerPort, ContainerState, PodModel, VolumeModel, VolumeMount } from '../../../main/model/types.ts';
import { humanQuantity } from '../units.ts';
import { entries, list, MAX_LIST, row, str, strings, timestamp } from './common.ts';
import { imageRows } from './image.ts';
import { volumeSource } from '../../layout/labels.ts';
import type { DetailContext, DetailRow, DetailSection, DetailView, RowTone } from './types.ts';

export function stateText(state: ContainerState | undefined): string {
  if (!state || typeof state !== 'object') return 'unknown';
  const kind = str(state.kind) || 'unknown';
  const reason = str(state.reason);
  const exit = typeof state.exitCode === 'number' ? ` (exit ${state.exitCode})` : '';
  return `${kind}${reason ? `: ${reason}` : ''}${exit}`;
}

export function stateTone(c: ContainerModel): RowTone {
  const s = c.state;
  if (!s || s.kind === 'unknown') return 'muted';
  if (s.kind === 'running') return c.ready || c.group === 'ephemeral' ? 'ok' : 'warn';
  if (s.kind === 'terminated') return s.exitCode === 0 ? 'muted' : 'bad';
  return /backoff|err|fail|oom|invalid|denied|killed/i.test(str(s.reason)) ? 'bad' : 'warn';
}

function stateRows(ctx: DetailContext, state: ContainerState | undefined, tone: RowTone | undefined): DetailRow[] {
  if (!state || typeof state !== 'object') return [];
  const { t } = ctx;
  return [
    ...row(t('row.state'), str(state.kind) || 'unknown', { tone }),
    ...row(t('row.reason'), state.reason),
    ...row(t('row.message'), state.message),
    ...row(t('row.exitCode'), typeof state.exitCode === 'number' ? state.exitCode : '', {
      tone: state.exitCode === 0 ? 'ok' : 'bad',
      note: typeof state.signal === 'number' ? `signal ${state.signal}` : undefined,
    }),
    ...row(t('row.startedAt'), timestamp(state.startedAt, ctx.now, t)),
    ...row(t('row.finishedAt'), timestamp(state.finishedAt, ctx.now, t)),
  ];
}

export function containerDetails(c: ContainerModel, pod: PodModel | undefined, ctx: DetailContext): DetailView {
  const { t } = ctx;
  const tone = stateTone(c);
  const image = imageRows(c, t);

  const overview: DetailRow[] = [
    ...row(t('row.pod'), pod ? `${str(pod.namespace)}/${str(pod.name)}` : '', {
      mono: true,
      link: pod ? { kind: 'pod', uid: str(pod.uid) } : undefined,
    }),
    ...row(t('row.group'), c.group, { note: groupNote(ctx, c.group) }),
    ...row(t('row.ready'), c.ready ? t('val.yes') : t('val.no'), { tone: c.ready ? 'ok' : 'warn' }),
    ...row(t('row.restarts'), Number(c.restartCount) || 0, { tone: Number(c.restartCount) > 0 ? 'warn' : undefined }),
    ...row(t('row.command'), strings(c.command).join(' '), { mono: true }),
    ...row(t('row.containerID'), c.containerID, { mono: true }),
  ];

  const last = c.lastState && typeof c.lastState === 'object' && c.lastState.kind ? c.lastState : undefined;
  const state: DetailRow[] = [
    ...stateRows(ctx, c.state, tone),
    ...(last ? row(t('row.lastState'), stateText(last), { tone: 'muted', note: str(last.message) || undefined }) : []),
    ...(last ? row(t('row.finishedAt'), timestamp(last.finishedAt, ctx.now, t), { tone: 'muted' }) : []),
  ];

  const ports: DetailRow[] = list<ContainerPort>(c.ports)
    .filter((p) => p && typeof p === 'object')
    .slice(0, MAX_LIST)
    .map((p) => ({
      label: str(p.name) || str(p.protocol) || 'TCP',
      value: `${str(p.containerPort)}/${str(p.protocol) || 'TCP'}`,
      mono: true,
      note: p.hostPort ? `hostPort ${str(p.hostIP) ? `${str(p.hostIP)}:` : ''}${str(p.hostPort)}` : undefined,
    }));

  const requests = entries(c.resources?.requests);
  const limits = new Map(entries(c.resources?.limits));
  const resources: DetailRow[] = [];
  const names = [...new Set([...requests.map(([k]) => k), ...limits.keys()])].sort();
  const requestMap = new Map(requests);
  for (const name of names) {
    const req = requestMap.get(name);
    const lim = limits.get(name);
    resources.push({
      label: name,
      value: `${req !== undefined ? humanQuantity(name, req) : '—'} / ${lim !== undefined ? humanQuantity(name, lim) : '—'}`,
      note: t('row.requestLimit'),
    });
  }
  if (resources.length === 0) resources.push({ label: t('sec.resources'), value: `${t('val.noRequests')}, ${t('val.noLimits')}`, tone: 'muted' });

  const volumes = new Map(list<VolumeModel>(pod?.volumes).filter((v) => v && typeof v === 'object').map((v) => [str(v.name), v]));
  const mounts: DetailRow[] = list<VolumeMount>(c.mounts)
    .filter((m) => m && typeof m === 'object')
    .slice(0, MAX_LIST)
    .map((m) => {
      const v = volumes.get(str(m.volume));
      return {
        label: str(m.mountPath) || '?',
        value: str(m.volume),
        mono: true,
        note: [
          m.readOnly ? t('val.readOnly') : t('val.readWrite'),
          str(m.subPath) ? t('val.subPath', { path: str(m.subPath) }) : '',
          v ? volumeSource(v, t) : '',
        ]
          .filter(Boolean)
          .join(' · '),
        link: v ? { kind: 'volume' as const, uid: str(v.uid) } : undefined,
      };
    });

  const sections: DetailSection[] = [
    { id: 'overview', title: t('sec.overview'), rows: overview },
    { id: 'image', title: t('sec.image'), rows: image.rows, notes: image.notes },
    { id: 'state', title: t('sec.state'), rows: state },
    { id: 'ports', title: t('sec.ports'), rows: ports },
    { id: 'resources', title: t('sec.resources'), rows: resources },
    { id: 'mounts', title: t('sec.mounts'), rows: mounts },
  ];

  return {
    kind: 'container',
    uid: str(c.uid),
    title: str(c.name),
    subtitle: pod ? `${str(c.group)} · ${str(pod.namespace)}/${str(pod.name)}` : str(c.group),
    status: { text: capitalise(stateText(c.state)), tone },
    notes: [],
    sections: sections.filter((s) => s.rows.length > 0 || (s.notes?.length ?? 0) > 0),
  };
}

function groupNote(ctx: DetailContext, group: unknown): string | undefined {
  switch (group) {
    case 'init':
      return ctx.t('teach.group.init');
    case 'sidecar':
      return ctx.t('teach.group.sidecar');
    case 'app':
      return ctx.t('teach.group.app');
    case 'ephemeral':
      return ctx.t('teach.group.ephemeral');
    default:
      return undefined;
  }
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
