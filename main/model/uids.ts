// The uids the model gives a pod's containers and volumes, made from the
// pod's uid and their names. The builder makes them; the wire
// (main/model/wire.ts) leaves them out when they are these and the page makes
// them again; redaction (redact.ts) makes them from new names. One place, so
// that all three make the same string.

import type { ContainerGroup } from './types.ts';

export function containerUid(podUid: string, group: ContainerGroup | string, name: string): string {
  return `${podUid}/${group}/${name}`;
}

export function volumeUid(podUid: string, name: string): string {
  return `${podUid}/volume/${name}`;
}
