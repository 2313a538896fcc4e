// Details of a node: what it is, how it is wired into the network, what it
// runs on, and what it has room for.

import type { NodeImage, NodeModel, Taint } from '../../../main/model/types.ts';
import { humanBytes, humanQuantity } from '../units.ts';
import { conditionRows, entries, labelRows, list, MAX_LIST, row, str, strings, timestamp } from './common.ts';
import type { DetailContext, DetailRow, DetailSection, DetailView } from './types.ts';

export function nodeDetails(node: NodeModel, ctx: DetailContext): DetailView {
  const { t } = ctx;
  const ready = node.inferred ? t('val.unknown') : str(node.ready?.status) === 'True' ? 'Ready' : str(node.ready?.status) === 'False' ? 'NotReady' : 'Unknown';
  const roles = strings(node.roles);
  const isControlPlane = node.role === 'control-plane';

  const overview: DetailRow[] = [
    ...row(t('row.role'), isControlPlane ? t('legend.controlPlane') : t('legend.worker')),
    ...row(t('row.roles'), roles.join(', ') || t('val.none')),
    ...row(
      t('row.controlPlaneBy'),
      node.controlPlaneBy === 'label' ? t('val.byLabel') : node.controlPlaneBy === 'static-pods' ? t('val.byStaticPods') : '',
    ),
    ...row(t('row.ready'), ready, {
      tone: ready === 'Ready' ? 'ok' : ready === 'NotReady' ? 'bad' : 'muted',
      note: [str(node.ready?.reason), str(node.ready?.message)].filter(Boolean).join(': ') || undefined,
    }),
    ...row(t('row.schedulable'), node.unschedulable ? t('val.cordoned') : t('val.schedulable'), {
      tone: node.unschedulable ? 'warn' : undefined,
    }),
    ...row(t('row.pods'), list(node.pods).length),
    ...row(t('row.created'), timestamp(node.creationTimestamp, ctx.now, t)),
  ];

  const cidrs = strings(node.podCIDRs);
  const network: DetailRow[] = [
    ...row(t('row.internalIP'), node.internalIP, { mono: true }),
    ...list<{ type: unknown; address: unknown }>(node.addresses)
      .filter((a) => a && !(a.type === 'InternalIP' && a.address === node.internalIP))
      .slice(0, MAX_LIST)
      .flatMap((a) => row(str(a.type) || t('row.address'), a.address, { mono: true })),
    ...row(cidrs.length > 1 ? t('row.podCIDRs') : t('row.podCIDR'), cidrs.join(', '), { mono: true }),
  ];

  const info = node.info && typeof node.info === 'object' ? node.info : {};
  const runtime = node.runtime ? `${str(node.runtime.name)} ${str(node.runtime.version)}`.trim() : str(info.containerRuntimeVersion);
  const system: DetailRow[] = [
    ...row(t('row.runtime'), runtime, {
      note: node.runtime && str(node.runtime.raw) && str(node.runtime.raw) !== runtime ? str(node.runtime.raw) : undefined,
    }),
    ...row(t('row.kubelet'), info.kubeletVersion),
    ...row(t('row.kubeProxy'), info.kubeProxyVersion),
    ...row(t('row.os'), info.osImage),
    ...row(t('row.kernel'), info.kernelVersion),
    ...row(t('row.arch'), [str(info.operatingSystem), str(info.architecture)].filter(Boolean).join('/')),
  ];

  const taints: DetailRow[] = list<Taint>(node.taints)
    .slice(0, MAX_LIST)
    .filter((x) => x && typeof x === 'object')
    .map((x) => ({ label: str(x.effect) || '?', value: str(x.value) ? `${str(x.key)}=${str(x.value)}` : str(x.key), mono: true }));

  const capacity = entries(node.capacity);
  const allocatable = new Map(entries(node.allocatable));
  const resources: DetailRow[] = capacity.map(([name, cap]) => {
    const alloc = allocatable.get(name);
    return {
      label: name,
      value: humanQuantity(name, cap),
      note: alloc !== undefined && alloc !== cap ? `allocatable ${humanQuantity(name, alloc)}` : undefined,
    };
  });
  for (const [name, alloc] of allocatable) {
    if (!capacity.some(([n]) => n === name)) resources.push({ label: name, value: `allocatable ${humanQuantity(name, alloc)}` });
  }

  const imageList = list<NodeImage>(node.images).filter((i) => i && typeof i === 'object');
  const images: DetailRow[] = imageList.slice(0, MAX_LIST).map((img) => {
    const names = strings(img.names);
    // Prefer a tagged name over a digest-only one for the headline.
    const shown = names.find((n) => !n.includes('@')) ?? names[0] ?? '?';
    const others = names.filter((n) => n !== shown);
    return { label: humanBytes(img.sizeBytes) || '?', value: shown, mono: true, note: others.length ? others.join('\n') : undefined };
  });
  if (imageList.length > MAX_LIST) images.push({ label: '', value: t('val.andMore', { n: imageList.length - MAX_LIST }), tone: 'muted' });

  const sections: DetailSection[] = [
    { id: 'overview', title: t('sec.overview'), rows: overview },
    { id: 'network', title: t('sec.network'), rows: network },
    { id: 'system', title: t('sec.system'), rows: system },
    { id: 'conditions', title: t('sec.conditions'), rows: conditionRows(node.conditions, 'node') },
    { id: 'taints', title: t('sec.taints'), rows: taints },
    { id: 'capacity', title: t('sec.capacity'), rows: resources },
    {
      id: 'images',
      title: imageList.length ? `${t('sec.images')} (${imageList.length}, ${humanBytes(totalSize(imageList))})` : t('sec.images'),
      rows: images,
    },
    { id: 'labels', title: t('sec.labels'), rows: labelRows(ctx, node.labels) },
  ];

  return {
    kind: 'node',
    uid: str(node.uid),
    title: str(node.name),
    subtitle: isControlPlane ? t('legend.controlPlane') : t('legend.worker'),
    status: { text: ready, tone: ready === 'Ready' ? 'ok' : ready === 'NotReady' ? 'bad' : 'muted' },
    notes: node.inferred ? [{ kind: 'info', text: t('val.inferred') }] : [],
    sections: sections.filter((s) => s.rows.length > 0),
  };
}

function totalSize(images: NodeImage[]): number {
  return images.reduce((sum, i) => sum + (typeof i.sizeBytes === 'number' && i.sizeBytes > 0 ? i.sizeBytes : 0), 0);
}
