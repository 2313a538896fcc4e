// One pod box and everything inside it: containers stacked in spec order,
// the pod's volumes listed below them, and, for volumes that two or more
// containers mount, connectors running up a rail on the pod's right edge to
// each container, ending at a line that names the mount path.

import type { AnatomyModel, ContainerModel, NodeModel, PodModel, VolumeModel, VolumeUse } from '../../main/model/types.ts';
import { ENGLISH, type Translate } from './words.ts';
import { fitText, pillAt, pillAtRight, pillWidth } from './items.ts';
import {
  containerStateLabel,
  groupLabel,
  imageLabel,
  mountLabel,
  podAddress,
  podTooltip,
  volumeDetail,
  positiveCount,
} from './labels.ts';
import { CARD, COMPACT, CONTAINER, POD, RAIL, VOLUME } from './metrics.ts';
import { containerTone, podTone } from './status.ts';
import { cleanLabel, measureText } from './text.ts';
import type { ContainerBox, InjectedVolumes, MountConnector, PodBox, TextItem, VolumeBox } from './types.ts';
import { isInjectedVolume } from '../../main/model/injected.ts';

export interface PodParts {
  pod: PodBox;
  containers: ContainerBox[];
  volumes: VolumeBox[];
  connectors: MountConnector[];
}

function list<T>(value: T[] | undefined): T[] {
  return Array.isArray(value) ? value : [];
}

function isShared(v: VolumeModel): boolean {
  return v.shared === true && list(v.mountedBy).length >= 2;
}

/** The compact row injected volumes share when collapsed. */
const INJECTED_ROW = { height: 14, textSize: 9, baseline: 10.5 } as const;

/** A pod's volumes as a mode lays them out: the usual rows, and the injected ones packed into one row (collapsed) or none (hidden). */
function volumeRows(pod: PodModel, injected: InjectedVolumes): { rows: VolumeModel[]; packed: VolumeModel[] } {
  const all = list(pod.volumes);
  if (injected !== 'collapsed' && injected !== 'hidden') return { rows: all, packed: [] };
  const rows: VolumeModel[] = [];
  const packed: VolumeModel[] = [];
  for (const v of all) (isInjectedVolume(v) ? packed : rows).push(v);
  return { rows, packed: injected === 'collapsed' ? packed : [] };
}

function sharedUses(pod: PodModel, injected: InjectedVolumes = 'full'): Map<string, number> {
  // container uid → number of mount lines it needs
  const lines = new Map<string, number>();
  const containers = list(pod.containers);
  for (const v of volumeRows(pod, injected).rows) {
    if (!isShared(v)) continue;
    for (const use of list(v.mountedBy)) {
      const c = findContainer(containers, use);
      if (c) lines.set(c.uid, (lines.get(c.uid) ?? 0) + 1);
    }
  }
  return lines;
}

function findContainer(containers: ContainerModel[], use: VolumeUse): ContainerModel | undefined {
  return containers.find((c) => c.name === use.container && c.group === use.group) ?? containers.find((c) => c.name === use.container);
}

function hasReasonLine(pod: PodModel): boolean {
  return !pod.nodeName && !!(pod.scheduling?.message || pod.scheduling?.reason);
}

function containerHeight(mountLines: number): number {
  return CONTAINER.firstBaseline + CONTAINER.line * (2 + mountLines) + CONTAINER.bottomPad;
}

/** Height of a pod box in full detail; cheap, so rows can be sized before placing. */
export function podHeight(pod: PodModel, injected: InjectedVolumes = 'full'): number {
  const lines = sharedUses(pod, injected);
  const containers = list(pod.containers);
  const { rows: volumes, packed } = volumeRows(pod, injected);
  let h = POD.headerHeight + (hasReasonLine(pod) ? POD.reasonLine : 0);
  for (const c of containers) h += containerHeight(lines.get(c.uid) ?? 0) + CONTAINER.gap;
  const packedRow = packed.length ? INJECTED_ROW.height + VOLUME.gap : 0;
  if (volumes.length || packed.length) h += VOLUME.top - CONTAINER.gap + volumes.length * (VOLUME.height + VOLUME.gap) + packedRow - VOLUME.gap;
  else if (containers.length) h -= CONTAINER.gap;
  return h + POD.bottomPad;
}

/**
 * The area the pod boxes of a full-detail layout of `model` take at least
 * (each is POD.width wide and podHeight tall, and none overlaps; the layout
 * adds gaps and node frames around them): cheap, so that a first view can
 * rule that level out without laying it out. 0, no bound, for a model the
 * layout would not draw whole (a node or pod without a uid, or a uid met
 * twice: the layout leaves those out).
 */
export function fullPodsAreaOf(model: AnatomyModel, injected: InjectedVolumes = 'full'): number {
  if (!Array.isArray(model.nodes)) return 0;
  const pods = new Set<string>();
  const nodes = new Set<string>();
  let area = 0;
  const add = (list: unknown): boolean => {
    if (!Array.isArray(list)) return false;
    for (const pod of list as PodModel[]) {
      if (!pod || typeof pod !== 'object' || typeof pod.uid !== 'string' || pod.uid === '' || pods.has(pod.uid)) return false;
      pods.add(pod.uid);
      area += POD.width * podHeight(pod, injected);
    }
    return true;
  };
  for (const node of model.nodes) {
    if (!node || typeof node.uid !== 'string' || node.uid === '' || nodes.has(node.uid)) return 0;
    nodes.add(node.uid);
    if (!add(node.pods)) return 0;
  }
  if (model.unscheduled !== undefined && !add(model.unscheduled)) return 0;
  return area;
}

function podLabel(pod: PodModel, ip: string, t: Translate): string {
  return t('pic.pod.label', {
    namespace: cleanLabel(pod.namespace),
    name: cleanLabel(pod.name),
    net: ip ? t(pod.hostNetwork ? 'pic.pod.label.hostIP' : 'pic.pod.label.ip', { ip }) : t('pic.pod.noIP'),
    status: cleanLabel(pod.status) || t('pic.pod.label.statusUnknown'),
  });
}

/**
 * A pod's label and tooltip, kept by pod object: they do not depend on the
 * level, and the same pod is laid out as a tile, a card and a box, at each
 * zoom's end and ahead of it in idle time (renderer/app/semantic.ts). At
 * 100,000 pods writing them was about 40 % of a layout's time. Models are
 * never changed once made, so the same object with the same address and
 * words has the same texts; a changed pod is a new object.
 */
const podWords = new WeakMap<object, { ip: string; t: Translate; label: string; tooltip: string }>();

function wordsOf(pod: PodModel, ip: string, t: Translate): { label: string; tooltip: string } {
  if (typeof pod !== 'object' || pod === null) return { label: podLabel(pod, ip, t), tooltip: podTooltip(pod, ip, t) };
  const kept = podWords.get(pod);
  if (kept && kept.ip === ip && kept.t === t) return kept;
  const made = { ip, t, label: podLabel(pod, ip, t), tooltip: podTooltip(pod, ip, t) };
  podWords.set(pod, made);
  return made;
}

type PodShape = 'box' | 'card' | 'tile';

const SHAPE_SIZE: Record<Exclude<PodShape, 'box'>, { width: number; height: number }> = {
  card: { width: CARD.width, height: CARD.height },
  tile: { width: COMPACT.tile, height: COMPACT.tile },
};

function podBase(pod: PodModel, node: NodeModel | undefined, x: number, y: number, slot: number, shape: PodShape, t: Translate, height?: number): PodBox {
  const ip = podAddress(pod, node);
  const words = wordsOf(pod, ip, t);
  return {
    kind: 'pod',
    uid: String(pod.uid),
    name: String(pod.name ?? ''),
    namespace: String(pod.namespace ?? ''),
    nodeUid: node ? String(node.uid) : undefined,
    slot,
    ip,
    hostNetwork: pod.hostNetwork === true,
    status: cleanLabel(pod.status),
    tone: podTone(pod),
    compact: shape === 'tile',
    card: shape === 'card',
    x,
    y,
    width: shape === 'box' ? POD.width : SHAPE_SIZE[shape].width,
    height: shape === 'box' ? (height ?? podHeight(pod)) : SHAPE_SIZE[shape].height,
    texts: [],
    pills: [],
    label: words.label,
    tooltip: words.tooltip,
  };
}

export function layoutCompactPod(pod: PodModel, node: NodeModel | undefined, x: number, y: number, slot: number, t: Translate = ENGLISH): PodParts {
  return { pod: podBase(pod, node, x, y, slot, 'tile', t), containers: [], volumes: [], connectors: [] };
}

/** A pod card: its IP first (what the pods level is for), then as much of its name as fits. */
export function layoutCardPod(pod: PodModel, node: NodeModel | undefined, x: number, y: number, slot: number, t: Translate = ENGLISH): PodParts {
  const box = podBase(pod, node, x, y, slot, 'card', t);
  const left = x + CARD.stripe + CARD.pad;
  const right = x + CARD.width - CARD.pad;
  const baseline = y + CARD.baseline;
  const ip = fitText('ip', box.ip || t('pic.pod.noIP'), left, baseline, (right - left) * 0.6, CARD.size, 600, box.ip ? 'ip' : 'muted');
  const nameX = left + measureText(ip.text, CARD.size, 600) + CARD.ipGap;
  box.texts.push(ip, fitText('name', cleanLabel(pod.name), nameX, baseline, right - nameX, CARD.size, 400, 'title'));
  return { pod: box, containers: [], volumes: [], connectors: [] };
}

export function layoutPod(pod: PodModel, node: NodeModel | undefined, x: number, y: number, slot: number, height?: number, t: Translate = ENGLISH, injected: InjectedVolumes = 'full'): PodParts {
  const box = podBase(pod, node, x, y, slot, 'box', t, height ?? podHeight(pod, injected));
  const inner = POD.width - 2 * POD.pad;
  const left = x + POD.pad;
  const right = left + inner;

  // Header: name and status on the first line; address and namespace below.
  const status = box.status || t('pic.pod.statusUnknown');
  const statusPill = pillAtRight('status', status, right, y + POD.nameBaseline - 12, box.tone, 120);
  box.pills.push(statusPill);
  box.texts.push(fitText('name', cleanLabel(pod.name), left, y + POD.nameBaseline, statusPill.x - left - 8, POD.nameSize, 600, 'title'));

  const ipText = box.ip || t('pic.pod.noIP');
  const namespace = cleanLabel(pod.namespace);
  const nsWidth = Math.min(measureText(namespace, 11), inner * 0.45);
  let ipMax = inner - nsWidth - 10;
  const hostWords = t('pic.pod.hostNetwork');
  const hostPill = box.hostNetwork ? pillWidth(hostWords) : 0;
  if (hostPill) ipMax -= hostPill + 6;
  const ipItem = fitText('ip', ipText, left, y + POD.ipBaseline, ipMax, POD.ipSize, 600, box.ip ? 'ip' : 'muted');
  box.texts.push(ipItem);
  if (hostPill) {
    const at = left + measureText(ipItem.text, POD.ipSize, 600) + 6;
    box.pills.push(pillAt('host-network', hostWords, at, y + POD.ipBaseline - 12, hostPill, 'accent'));
  }
  box.texts.push(fitText('namespace', namespace, right, y + POD.ipBaseline, nsWidth, 11, 400, 'muted', 'end'));

  let cy = y + POD.headerHeight;
  if (hasReasonLine(pod)) {
    const reason = cleanLabel(pod.scheduling?.message) || cleanLabel(pod.scheduling?.reason);
    box.texts.push(fitText('reason', reason, left, cy + 4, inner, 11, 400, 'warning'));
    cy += POD.reasonLine;
  }

  const containers = list(pod.containers);
  const { rows: volumes, packed } = volumeRows(pod, injected);
  const shared = volumes.filter(isShared);
  const rail = shared.length ? RAIL.pad + shared.length * RAIL.lane : 0;
  const boxWidth = inner - rail;
  const lines = sharedUses(pod, injected);

  const containerBoxes: ContainerBox[] = [];
  const byUid = new Map<string, { box: ContainerBox; nextLine: number }>();
  for (const c of containers) {
    const mounts = lines.get(c.uid) ?? 0;
    const cb = layoutContainer(c, box.uid, left, cy, boxWidth, containerHeight(mounts), t);
    containerBoxes.push(cb);
    byUid.set(c.uid, { box: cb, nextLine: 0 });
    cy += cb.height + CONTAINER.gap;
  }
  if (containers.length) cy -= CONTAINER.gap;

  const volumeBoxes: VolumeBox[] = [];
  const connectors: MountConnector[] = [];
  if (volumes.length || packed.length) cy += VOLUME.top;
  for (const v of volumes) {
    const vb = layoutVolume(v, pod, box.uid, left, cy, boxWidth, t);
    volumeBoxes.push(vb);
    const lane = shared.indexOf(v);
    if (lane >= 0) {
      const laneX = left + boxWidth + RAIL.pad / 2 + lane * RAIL.lane + RAIL.lane / 2;
      const vy = cy + VOLUME.height / 2;
      for (const use of list(v.mountedBy)) {
        const c = findContainer(containers, use);
        const slot = c ? byUid.get(c.uid) : undefined;
        if (!c || !slot) continue;
        const line = slot.nextLine++;
        const baseline = slot.box.y + CONTAINER.firstBaseline + CONTAINER.line * (3 + line);
        const my = baseline - 4;
        const cr = slot.box.x + slot.box.width;
        const label = mountLabel(use.mountPath, use.readOnly === true, t);
        connectors.push({
          uid: `${vb.uid}->${c.uid}#${line}`,
          podUid: box.uid,
          volumeUid: vb.uid,
          containerUid: c.uid,
          points: [
            [left + boxWidth, vy],
            [laneX, vy],
            [laneX, my],
            [cr, my],
          ],
          label: fitText('mount', label, cr - 8, baseline, slot.box.width - 24, CONTAINER.textSize, 400, 'accent', 'end'),
          mountPath: cleanLabel(use.mountPath),
          readOnly: use.readOnly === true,
          lane,
        });
      }
    }
    cy += VOLUME.height + VOLUME.gap;
  }
  // Collapsed injected volumes: side by side in one low row, named only, with no mount lines (every container mounts them).
  const cell = packed.length ? (boxWidth - (packed.length - 1) * VOLUME.gap) / packed.length : 0;
  packed.forEach((v, i) => {
    const vx = left + i * (cell + VOLUME.gap);
    const vb = layoutVolume(v, pod, box.uid, vx, cy, cell, t);
    const name = fitText('name', cleanLabel(v.name), vx + 6, cy + INJECTED_ROW.baseline, cell - 12, INJECTED_ROW.textSize, 400, 'muted');
    volumeBoxes.push({ ...vb, height: INJECTED_ROW.height, shared: false, texts: [name] });
  });
  return { pod: box, containers: containerBoxes, volumes: volumeBoxes, connectors };
}

function layoutContainer(c: ContainerModel, podUid: string, x: number, y: number, width: number, height: number, t: Translate): ContainerBox {
  const tone = containerTone(c);
  const left = x + CONTAINER.stripe + 8;
  const right = x + width - 8;
  const texts: TextItem[] = [];
  const pills = [];
  const group = groupLabel(c, t);
  let nameMax = right - left;
  if (group) {
    const p = pillAtRight('group', group, right, y + CONTAINER.firstBaseline - 12, 'muted', 80);
    pills.push(p);
    nameMax = p.x - left - 6;
  }
  const name = cleanLabel(c.name);
  texts.push(fitText('name', name, left, y + CONTAINER.firstBaseline, nameMax, CONTAINER.nameSize, 600, 'title'));
  const image = imageLabel(c.image, c.resolvedDigest);
  texts.push(fitText('image', image, left, y + CONTAINER.firstBaseline + CONTAINER.line, right - left, CONTAINER.textSize, 400, 'text'));
  const state = containerStateLabel(c, t);
  texts.push(fitText('state', state, left, y + CONTAINER.firstBaseline + 2 * CONTAINER.line, right - left, CONTAINER.textSize, 400, tone));
  const canonical = cleanLabel(c.image?.canonical) || cleanLabel(c.image?.raw);
  return {
    kind: 'container',
    uid: String(c.uid),
    name: String(c.name ?? ''),
    podUid,
    group: c.group,
    tone,
    x,
    y,
    width,
    height,
    texts,
    pills,
    label: t(CONTAINER_LABEL[c.group] ?? 'pic.container.label.app', { name, image: image || t('pic.unknown'), state }),
    tooltip: [
      t('pic.container.tip.title', { name, group: group || t('pic.group.name.app') }),
      t('pic.container.tip.image', { image: canonical || t('pic.unknown') }),
      c.resolvedDigest ? t('pic.container.tip.digest', { digest: cleanLabel(c.resolvedDigest) }) : '',
      t('pic.container.tip.state', { state }),
    ]
      .filter(Boolean)
      .join('\n'),
  };
}

const CONTAINER_LABEL = {
  app: 'pic.container.label.app',
  init: 'pic.container.label.init',
  sidecar: 'pic.container.label.sidecar',
  ephemeral: 'pic.container.label.ephemeral',
} as const satisfies Record<ContainerModel['group'], string>;

function layoutVolume(v: VolumeModel, pod: PodModel, podUid: string, x: number, y: number, width: number, t: Translate): VolumeBox {
  const name = cleanLabel(v.name);
  const detail = volumeDetail(v, t);
  const left = x + 8;
  const right = x + width - 8;
  const baseline = y + 15;
  const nameItem = fitText('name', name, left, baseline, (right - left) * 0.55, VOLUME.textSize, 600, 'text');
  const detailX = left + measureText(nameItem.text, VOLUME.textSize, 600) + 8;
  const texts = [nameItem];
  if (detail) texts.push(fitText('detail', detail, detailX, baseline, right - detailX, VOLUME.textSize, 400, 'muted'));
  const sharedWith = list(v.sharedWithPods).map(cleanLabel);
  const podsOutside = positiveCount(v.podsOutside);
  const claim = v.claim && (sharedWith.length || podsOutside) ? `${cleanLabel(v.claim.namespace) || cleanLabel(pod.namespace)}/${cleanLabel(v.claim.name)}` : undefined;
  const mounts = list(v.mountedBy).map((u) => t('pic.mount.at', { container: cleanLabel(u.container), mount: mountLabel(u.mountPath, u.readOnly === true, t) }));
  return {
    kind: 'volume',
    uid: String(v.uid),
    name: String(v.name ?? ''),
    podUid,
    volumeType: cleanLabel(v.type === 'other' ? v.typeName || 'other' : v.type),
    shared: isShared(v),
    claim,
    ...(podsOutside ? { podsOutside } : {}),
    x,
    y,
    width,
    height: VOLUME.height,
    texts,
    pills: [],
    label: t(isShared(v) ? 'pic.volume.label.shared' : 'pic.volume.label', { name, detail: detail || t('pic.volume.unknownSource') }),
    tooltip: [
      t('pic.volume.tip.title', { name }),
      detail,
      mounts.length ? t('pic.volume.tip.mountedBy', { list: mounts.join('; ') }) : t('pic.volume.tip.notMounted'),
      sharedWith.length ? t('pic.volume.tip.alsoUsedBy', { list: sharedWith.join(', ') }) : '',
    ]
      .filter(Boolean)
      .join('\n'),
  };
}
