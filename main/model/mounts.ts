// Which of a pod's containers mount each of its volumes. Apart from
// volume.ts (which reads the volumes, in words of the i18n catalogs) so that
// the page, which makes these again from a whole pod's wire form
// (main/model/wire.ts), needs nothing more than this.

import { fitted } from './read.ts';
import type { ContainerModel, VolumeModel, VolumeUse } from './types.ts';

/** Fills mountedBy and shared from the containers' volumeMounts. */
export function linkMounts(volumes: Array<Pick<VolumeModel, 'name' | 'mountedBy' | 'shared'>>, containers: readonly ContainerModel[]): void {
  const byName = new Map<string, Pick<VolumeModel, 'name' | 'mountedBy' | 'shared'>>();
  for (const v of volumes) if (!byName.has(v.name)) byName.set(v.name, v);
  for (const c of containers) {
    for (const m of c.mounts) {
      const volume = byName.get(m.volume);
      if (!volume) continue;
      const use: VolumeUse = { container: c.name, group: c.group, mountPath: m.mountPath, readOnly: m.readOnly };
      if (m.subPath !== undefined) use.subPath = m.subPath;
      volume.mountedBy.push(use);
    }
  }
  for (const v of volumes) {
    if (v.mountedBy.length > 0) v.mountedBy = fitted(v.mountedBy);
    const users = new Set<string>();
    for (const use of v.mountedBy) users.add(`${use.group}/${use.container}`);
    v.shared = users.size >= 2;
  }
}
