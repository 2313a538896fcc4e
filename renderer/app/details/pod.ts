// Details of a pod: its addresses (the pod is the unit that gets an IP), who
// made it, how it is doing, and the containers and volumes inside it.

import type { ContainerModel, NodeModel, PodModel, VolumeModel, VolumeUse } from '../../../main/model/types.ts';
import { conditionRows, groupWord, labelRows, list, MAX_LIST, row, str, strings, timestamp } from './common.ts';
import { volumeSource } from '../../layout/labels.ts';
import type { DetailContext, DetailNote, DetailRow, DetailSection, DetailView, RowTone } from './types.ts';

export function podStatusTone(pod: PodModel): RowTone {
  const s = str(pod.status);
  if (/backoff|err|fail|oom|evicted|invalid|denied|unschedulable|deadline|killed/i.test(s)) return 'bad';
  if (/^(completed|succeeded)$/i.test(s)) return 'muted';
  if (/^running$/i.test(s) && pod.ready) return 'ok';
  return 'warn';
}

export function podDetails(pod: PodModel, node: NodeModel | undefined, ctx: DetailContext): DetailView {
  const { t } = ctx;
  const podIPs = strings(pod.podIPs);
  const hostIPs = strings(pod.hostIPs);
  const nodeIP = str(node?.internalIP);

  const overview: DetailRow[] = [
    ...row(t('row.namespace'), pod.namespace, { mono: true }),
    ...row(t('row.node'), pod.nodeName, { mono: true, link: node ? { kind: 'node', uid: str(node.uid) } : undefined }),
    ...row(t('row.owner'), pod.owner ? `${str(pod.owner.kind)} ${str(pod.owner.name)}` : t('val.none'), {
      tone: pod.owner ? undefined : 'muted',
    }),
    ...row(t('row.status'), pod.status, { tone: podStatusTone(pod) }),
    ...row(t('row.phase'), pod.phase),
    ...row(t('row.containersReady'), `${Number(pod.readyContainers) || 0} / ${Number(pod.totalContainers) || 0}`),
    ...row(t('row.restarts'), Number(pod.restarts) || 0, { tone: Number(pod.restarts) > 0 ? 'warn' : undefined }),
    ...row(t('row.qos'), pod.qosClass, {
      note: pod.qosClass && ['Guaranteed', 'Burstable', 'BestEffort'].includes(pod.qosClass) ? t(`teach.qos.${pod.qosClass}`) : undefined,
    }),
    ...row(t('row.static'), pod.static ? t('val.yes') : ''),
    ...row(t('row.serviceAccount'), pod.serviceAccountName, { mono: true }),
    ...row(t('row.priorityClass'), pod.priorityClassName, { mono: true }),
    ...row(t('row.restartPolicy'), pod.restartPolicy),
    ...row(t('row.created'), timestamp(pod.creationTimestamp, ctx.now, t)),
    ...row(t('row.deleting'), timestamp(pod.deletionTimestamp, ctx.now, t), { tone: 'warn' }),
    ...row(
      t('row.scheduling'),
      pod.scheduling ? [str(pod.scheduling.reason), str(pod.scheduling.message)].filter(Boolean).join(': ') : '',
      { tone: 'bad' },
    ),
  ];

  const network: DetailRow[] = [
    ...row(podIPs.length > 1 ? t('row.podIPs') : t('row.podIP'), podIPs.length ? podIPs.join(', ') : str(pod.podIP) || t('val.none'), {
      mono: true,
      tone: podIPs.length || str(pod.podIP) ? undefined : 'muted',
    }),
    ...row(t('row.hostIP'), hostIPs.length ? hostIPs.join(', ') : pod.hostIP, { mono: true }),
    ...row(t('row.hostNetwork'), pod.hostNetwork ? t('val.yes') : t('val.no'), {
      note: pod.hostNetwork ? t('teach.hostNetwork') + (nodeIP ? ` (${nodeIP})` : '') : undefined,
      tone: pod.hostNetwork ? 'warn' : undefined,
    }),
  ];
  const networkNotes: DetailNote[] = pod.hostNetwork ? [] : [{ kind: 'teach', text: t('teach.podNetwork') }];

  const containers: DetailRow[] = list<ContainerModel>(pod.containers)
    .filter((c) => c && typeof c === 'object')
    .slice(0, MAX_LIST)
    .map((c) => ({
      label: groupWord(c.group, t),
      value: str(c.name),
      mono: true,
      note: str(c.image?.raw) || undefined,
      link: { kind: 'container', uid: str(c.uid) },
    }));

  const volumes: DetailRow[] = list<VolumeModel>(pod.volumes)
    .filter((v) => v && typeof v === 'object')
    .slice(0, MAX_LIST)
    .map((v) => ({
      label: str(v.type === 'other' ? v.typeName : v.type),
      value: str(v.name),
      mono: true,
      note: [volumeSource(v, t), ...list<VolumeUse>(v.mountedBy).map((m) => mountLine(ctx, m))].filter(Boolean).join('\n') || undefined,
      link: { kind: 'volume', uid: str(v.uid) },
    }));

  const sections: DetailSection[] = [
    { id: 'overview', title: t('sec.overview'), rows: overview },
    { id: 'network', title: t('sec.network'), rows: network, notes: networkNotes },
    { id: 'containers', title: t('sec.containers'), rows: containers },
    { id: 'volumes', title: t('sec.volumes'), rows: volumes },
    { id: 'conditions', title: t('sec.conditions'), rows: conditionRows(pod.conditions, 'pod') },
    { id: 'labels', title: t('sec.labels'), rows: labelRows(ctx, pod.labels) },
  ];

  return {
    kind: 'pod',
    uid: str(pod.uid),
    title: str(pod.name),
    subtitle: str(pod.namespace),
    status: { text: str(pod.status) || t('val.unknown'), tone: podStatusTone(pod) },
    notes: [],
    sections: sections.filter((s) => s.rows.length > 0),
  };
}

/** "app → /data (read-only)". */
export function mountLine(ctx: DetailContext, m: VolumeUse): string {
  if (!m || typeof m !== 'object') return '';
  const path = str(m.mountPath) + (str(m.subPath) ? ` [subPath ${str(m.subPath)}]` : '');
  return `${str(m.container)} → ${path}${m.readOnly ? ` (${ctx.t('val.readOnly')})` : ''}`;
}
