// Details of a volume: where its files come from (for a claim: PVC → PV) and
// who sees them (containers of this pod, and other pods sharing the claim).

import type { ContainerModel, PodModel, VolumeModel, VolumeUse } from '../../../main/model/types.ts';
import { list, MAX_LIST, row, str, strings } from './common.ts';
import { volumeSource } from '../../layout/labels.ts';
import type { DetailContext, DetailNote, DetailRow, DetailSection, DetailView } from './types.ts';

export function volumeDetails(
  v: VolumeModel,
  pod: PodModel | undefined,
  ctx: DetailContext,
  /** Finds a pod by "namespace/name", for links to the other pods of a shared claim. */
  findPod: (namespacedName: string) => PodModel | undefined = () => undefined,
): DetailView {
  const { t } = ctx;
  const type = str(v.type === 'other' ? v.typeName : v.type) || 'other';

  const source: DetailRow[] = [
    ...row(t('row.type'), type, { mono: true }),
    ...row(t('row.source'), volumeSource(v, t)),
    ...row(t('row.pod'), pod ? `${str(pod.namespace)}/${str(pod.name)}` : '', {
      mono: true,
      link: pod ? { kind: 'pod', uid: str(pod.uid) } : undefined,
    }),
  ];

  const claim: DetailRow[] = [];
  const c = v.claim && typeof v.claim === 'object' ? v.claim : undefined;
  if (c) {
    if (c.found === false) {
      claim.push({ label: t('row.claim'), value: t('val.claimMissing', { name: str(c.name) }), tone: 'warn' });
    } else {
      claim.push(
        ...row(t('row.claim'), `${str(c.namespace)}/${str(c.name)}`, { mono: true }),
        ...row(t('row.claimPhase'), c.phase, { tone: c.phase === 'Bound' ? 'ok' : 'warn' }),
        ...row(t('row.requested'), c.requested),
        ...row(t('row.capacity'), c.capacity),
        ...row(t('row.storageClass'), c.storageClassName, { mono: true }),
        ...row(t('row.accessModes'), strings(c.accessModes).join(', ')),
      );
      const pv = c.pv && typeof c.pv === 'object' ? c.pv : undefined;
      if (pv) {
        claim.push(
          ...row(t('row.pv'), pv.name, { mono: true, note: str(pv.phase) || undefined }),
          ...row(t('row.capacity'), pv.capacity),
          ...row(t('row.storageClass'), pv.storageClassName, { mono: true }),
          ...row(t('row.reclaim'), pv.reclaimPolicy, { tone: pv.reclaimPolicy === 'Delete' ? 'warn' : undefined }),
          ...row(t('row.accessModes'), strings(pv.accessModes).join(', ')),
          ...row(t('row.pvSource'), [str(pv.sourceType), str(pv.detail)].filter(Boolean).join(' · ')),
        );
      } else {
        claim.push(...row(t('row.pv'), str(c.volumeName) || t('val.unbound'), { mono: true, tone: c.volumeName ? undefined : 'warn' }));
      }
    }
  }

  const containers = list<ContainerModel>(pod?.containers);
  const users: DetailRow[] = list<VolumeUse>(v.mountedBy)
    .filter((m) => m && typeof m === 'object')
    .slice(0, MAX_LIST)
    .map((m) => {
      const target = containers.find((x) => x && x.name === m.container && x.group === m.group);
      return {
        label: str(m.group) || t('row.mountedBy'),
        value: str(m.container),
        mono: true,
        note: [str(m.mountPath), str(m.subPath) ? `subPath ${str(m.subPath)}` : '', m.readOnly ? t('val.readOnly') : t('val.readWrite')]
          .filter(Boolean)
          .join(' · '),
        link: target ? { kind: 'container' as const, uid: str(target.uid) } : undefined,
      };
    });
  const others = strings(v.sharedWithPods);
  for (const name of others.slice(0, MAX_LIST)) {
    const other = findPod(name);
    users.push({
      label: t('row.otherPods'),
      value: name,
      mono: true,
      link: other ? { kind: 'pod', uid: str(other.uid) } : undefined,
    });
  }
  const shareNotes: DetailNote[] = list(v.mountedBy).length > 1 || others.length > 0 ? [{ kind: 'teach', text: t('teach.volumeShared') }] : [];

  const sections: DetailSection[] = [
    { id: 'source', title: t('sec.source'), rows: source },
    { id: 'claim', title: t('sec.claim'), rows: claim },
    { id: 'users', title: t('sec.sharedBy'), rows: users, notes: shareNotes },
  ];

  return {
    kind: 'volume',
    uid: str(v.uid),
    title: str(v.name),
    subtitle: type,
    notes: [],
    sections: sections.filter((s) => s.rows.length > 0),
  };
}
