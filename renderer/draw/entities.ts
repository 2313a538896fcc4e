// Data joins for the nested groups: band → node → pod → container / volume /
// mount connector. Every join is keyed by uid, so drawing again with an
// updated layout keeps the elements of objects that are still there.

import { select } from 'd3';
import { CARD, RADIUS } from '../layout/metrics.ts';
import type { BandBox, ContainerBox, MountConnector, NodeBox, PodBox, VolumeBox } from '../layout/types.ts';
import { child, hasClass, isTag, childLayer, drawFrame, drawPills, drawTexts, orderSiblings, r, setTitle, translate, type Sel } from './primitives.ts';
import type { Theme } from './theme.ts';
import { statusMarkAttr, statusPaint } from './status-marks.ts';
import { UNSCHEDULED_PARENT, type LayoutIndex } from '../scene/layout-index.ts';

export interface DrawContext {
  theme: Theme;
  index: LayoutIndex;
  /** Transition length in ms, or 0 to apply changes at once. */
  duration: number;
  /** Pod groups already in the picture, so a pod moving to another parent keeps its element. */
  podElements: Map<string, SVGGElement>;
}

/** The translate each group was last sent to (where it is, or where its transition ends). */
const TARGETS = new WeakMap<Element, string>();

/**
 * What each group's shapes were last drawn from: its box (and the boxes of
 * what it holds, for a pod) and the theme. Layouts are immutable and the
 * layout memo keeps an unchanged object's boxes as the same objects, so the
 * same parts draw the same shapes: a live patch then writes only what it
 * changed, not every attribute of every pod again.
 */
const DRAWN_FROM = new WeakMap<Element, readonly unknown[]>();

/**
 * The groups of `groups` whose parts differ from what they were last drawn
 * from (all of them on a first drawing), recorded as drawn from these parts.
 */
function changed<T>(groups: Sel<SVGGElement, T>, ctx: DrawContext, parts: (d: T) => readonly unknown[]): Sel<SVGGElement, T> {
  return groups.filter(function (d) {
    const now = [ctx.theme, ...parts(d)];
    const was = DRAWN_FROM.get(this);
    if (was && was.length === now.length && was.every((p, i) => p === now[i])) return false;
    DRAWN_FROM.set(this, now);
    return true;
  });
}

/**
 * Join `data` to the groups of class `cls` directly under `layer`, positioned
 * relative to `origin`. Exiting groups lose their class at once, so a redraw
 * during their fade-out does not pick them up again. Only groups whose place
 * changed are moved: a transition on every group would rewrite every
 * transform for each frame of it after any change.
 */
function joinGroups<T extends { uid: string; x: number; y: number }>(
  layer: Sel<SVGGElement, unknown>,
  cls: string,
  data: T[],
  origin: { x: number; y: number },
  ctx: DrawContext,
): Sel<SVGGElement, T> {
  const position = (d: T) => translate(d.x - origin.x, d.y - origin.y);
  const bound = layer.selectChildren<SVGGElement, T>(hasClass(cls) as never).data(data, (d) => d.uid);
  const exit = bound.exit().attr('class', 'ka-exiting');
  const entered = bound
    .enter()
    .append('g')
    .attr('class', cls)
    .attr('transform', function (d) {
      const to = position(d);
      TARGETS.set(this, to);
      return to;
    });
  if (ctx.duration > 0) {
    exit.attr('opacity', 1).transition().duration(ctx.duration).attr('opacity', 0).remove();
    entered.attr('opacity', 0).transition().duration(ctx.duration).attr('opacity', 1);
    bound
      .filter(function (d) {
        const to = position(d);
        if (TARGETS.get(this) === to) return false;
        TARGETS.set(this, to);
        return true;
      })
      .transition()
      .duration(ctx.duration)
      .attrTween('transform', function (d) {
        return tweenTranslate(this.getAttribute('transform'), d.x - origin.x, d.y - origin.y);
      });
  } else {
    exit.remove();
    // Read back rather than trusted from TARGETS: an interrupted transition leaves a group short of its target.
    bound.each(function (d) {
      const to = position(d);
      TARGETS.set(this, to);
      if (this.getAttribute('transform') !== to) this.setAttribute('transform', to);
    });
  }
  return orderSiblings(entered.merge(bound));
}

// d3's own transform interpolator needs a global document and SVG's
// transform.baseVal; positions are plain translates, so tween the numbers.
function tweenTranslate(from: string | null, x: number, y: number): (t: number) => string {
  const m = /translate\(([-\d.e]+),([-\d.e]+)\)/.exec(from ?? '');
  const x0 = m ? Number(m[1]) : x;
  const y0 = m ? Number(m[2]) : y;
  return (t) => translate(x0 + (x - x0) * t, y0 + (y - y0) * t);
}

function common<T extends { uid: string; name: string; label: string; tooltip: string }>(g: Sel<SVGGElement, T>, kind: string): void {
  g.attr('data-kind', kind)
    .attr('data-uid', (d) => d.uid)
    .attr('data-name', (d) => d.name)
    .attr('role', 'group')
    .attr('aria-label', (d) => d.label);
  setTitle(g, (d) => d.tooltip);
}

export function drawBands(root: Sel<SVGGElement, unknown>, bands: BandBox[], ctx: DrawContext): void {
  const { theme } = ctx;
  const groups = joinGroups(root, 'ka-band', bands.map((b) => ({ ...b, uid: b.id })), { x: 0, y: 0 }, ctx);
  groups
    .attr('data-kind', (d) => (d.id === 'unscheduled' ? 'unscheduled' : 'band'))
    .attr('data-band', (d) => d.id)
    .each(function (band) {
      const g = child<SVGGElement, unknown>(wrap(this), 'g', 'ka-body');
      const colors = band.id === 'control-plane' ? theme.controlPlaneBand : theme.band;
      drawFrame(g, band.width, band.height, colors.fill, colors.stroke, RADIUS.band);
      drawTexts(g, band.texts, band, theme);
      const layer = child<SVGGElement, unknown>(wrap(this), 'g', 'ka-children');
      if (band.id === 'unscheduled') drawPods(layer, ctx.index.podsByParent.get(UNSCHEDULED_PARENT) ?? [], band, ctx);
      else drawNodes(layer, ctx.index.nodesByBand.get(band.id) ?? [], band, ctx);
    });
}

function wrap(el: SVGGElement): Sel<SVGGElement, unknown> {
  return select(el) as unknown as Sel<SVGGElement, unknown>;
}

function drawNodes(layer: Sel<SVGGElement, unknown>, nodes: NodeBox[], origin: BandBox, ctx: DrawContext): void {
  const { theme } = ctx;
  const groups = joinGroups(layer, 'ka-node', nodes, origin, ctx);
  const redrawn = changed(groups, ctx, (d) => [d]);
  common(redrawn, 'node');
  redrawn
    .attr('data-role', (d) => d.role)
    .attr('data-pods-outside', (d) => d.podsOutside ?? null)
    .attr('data-status', (d) => d.status)
    .each(function (node) {
      const g = wrap(this);
      drawFrame(g, node.width, node.height, theme.node.fill, theme.node.stroke, RADIUS.node);
      child<SVGRectElement, unknown>(g, 'rect', 'ka-role-bar')
        .attr('x', 12)
        .attr('y', 0)
        .attr('width', r(Math.max(0, node.width - 24)))
        .attr('height', 3)
        .attr('fill', theme.role[node.role]);
      drawTexts(g, node.texts, node, theme);
      drawPills(g, node.pills, node, theme);
    });
  // Every node's pods, the unchanged node's too: its box can stay while a pod of it changes.
  groups.each(function (node) {
    const pods = ctx.index.podsByParent.get(node.uid) ?? [];
    const podLayer = childLayer(wrap(this), 'ka-pods', pods.length > 0);
    if (podLayer) drawPods(podLayer, pods, node, ctx);
  });
}

function drawPods(layer: Sel<SVGGElement, unknown>, pods: PodBox[], origin: { x: number; y: number }, ctx: DrawContext): void {
  const { theme } = ctx;
  const host = layer.node()!;
  for (const p of pods) {
    const el = ctx.podElements.get(p.uid);
    if (el && el.parentNode !== host) host.appendChild(el);
  }
  const groups = joinGroups(layer, 'ka-pod', pods, origin, ctx);
  const redrawn = changed(groups, ctx, (d) => [
    d,
    ...(ctx.index.containersByPod.get(d.uid) ?? []),
    '|',
    ...(ctx.index.volumesByPod.get(d.uid) ?? []),
    '|',
    ...(ctx.index.connectorsByPod.get(d.uid) ?? []),
  ]);
  common(redrawn, 'pod');
  redrawn
    .attr('data-namespace', (d) => d.namespace)
    .attr('data-ip', (d) => d.ip)
    .attr('data-status', (d) => d.status)
    .attr('data-tone', (d) => d.tone)
    .attr('data-host-network', (d) => (d.hostNetwork ? 'true' : null))
    .each(function (pod) {
      const g = wrap(this);
      if (pod.compact) {
        drawFrame(g, pod.width, pod.height, statusPaint(theme, pod.tone), statusPaint(theme, pod.tone), RADIUS.tile);
        g.selectChild(hasClass('ka-frame') as never).attr('data-status-mark', statusMarkAttr(theme, pod.tone));
      } else if (pod.card) {
        drawFrame(g, pod.width, pod.height, theme.pod.fill, theme.pod.stroke, RADIUS.card);
        // The status colour, which is all a card shows of its pod when zoomed out past its text.
        child<SVGRectElement, unknown>(g, 'rect', 'ka-stripe')
          .attr('width', CARD.stripe)
          .attr('height', r(pod.height))
          .attr('rx', RADIUS.stripe)
          .attr('fill', statusPaint(theme, pod.tone))
          .attr('data-status-mark', statusMarkAttr(theme, pod.tone));
      } else {
        drawFrame(g, pod.width, pod.height, theme.pod.fill, theme.pod.stroke, RADIUS.pod);
      }
      drawTexts(g, pod.texts, pod, theme);
      drawPills(g, pod.pills, pod, theme);
      const containers = ctx.index.containersByPod.get(pod.uid) ?? [];
      const volumes = ctx.index.volumesByPod.get(pod.uid) ?? [];
      const connectors = ctx.index.connectorsByPod.get(pod.uid) ?? [];
      const containerLayer = childLayer(g, 'ka-containers', containers.length > 0);
      if (containerLayer) drawContainers(containerLayer, containers, pod, ctx);
      const volumeLayer = childLayer(g, 'ka-volumes', volumes.length > 0);
      if (volumeLayer) drawVolumes(volumeLayer, volumes, pod, ctx);
      const mountLayer = childLayer(g, 'ka-mounts', connectors.length > 0);
      if (mountLayer) drawConnectors(mountLayer, connectors, pod, ctx);
    });
}

function drawContainers(layer: Sel<SVGGElement, unknown>, containers: ContainerBox[], origin: PodBox, ctx: DrawContext): void {
  const { theme } = ctx;
  const groups = changed(joinGroups(layer, 'ka-container', containers, origin, ctx), ctx, (d) => [d]);
  common(groups, 'container');
  groups
    .attr('data-group', (d) => d.group)
    .attr('data-tone', (d) => d.tone)
    .each(function (c) {
      const g = wrap(this);
      drawFrame(g, c.width, c.height, theme.container.fill, theme.container.stroke, RADIUS.container);
      child<SVGRectElement, unknown>(g, 'rect', 'ka-stripe')
        .attr('width', 4)
        .attr('height', r(c.height))
        .attr('rx', RADIUS.stripe)
        .attr('fill', statusPaint(theme, c.tone))
        .attr('data-status-mark', statusMarkAttr(theme, c.tone));
      drawTexts(g, c.texts, c, theme);
      drawPills(g, c.pills, c, theme);
    });
}

function drawVolumes(layer: Sel<SVGGElement, unknown>, volumes: VolumeBox[], origin: PodBox, ctx: DrawContext): void {
  const { theme } = ctx;
  const groups = changed(joinGroups(layer, 'ka-volume', volumes, origin, ctx), ctx, (d) => [d]);
  common(groups, 'volume');
  groups
    .attr('data-shared', (d) => (d.shared ? 'true' : 'false'))
    .attr('data-type', (d) => d.volumeType)
    .attr('data-claim', (d) => d.claim ?? null)
    .attr('data-pods-outside', (d) => d.podsOutside ?? null)
    .each(function (v) {
      const g = wrap(this);
      const colors = v.shared ? theme.sharedVolume : theme.volume;
      drawFrame(g, v.width, v.height, colors.fill, colors.stroke, RADIUS.volume);
      drawTexts(g, v.texts, v, theme);
    });
}

function drawConnectors(layer: Sel<SVGGElement, unknown>, connectors: MountConnector[], origin: PodBox, ctx: DrawContext): void {
  const { theme } = ctx;
  const groups = joinGroups(
    layer,
    'ka-mount',
    connectors.map((c) => ({ ...c, x: origin.x, y: origin.y })),
    origin,
    ctx,
  );
  groups
    .attr('data-kind', 'mount')
    .attr('data-uid', (d) => d.uid)
    .attr('data-volume', (d) => d.volumeUid)
    .attr('data-container', (d) => d.containerUid)
    .attr('data-mount-path', (d) => d.mountPath)
    .attr('data-read-only', (d) => (d.readOnly ? 'true' : 'false'))
    .each(function (m) {
      const g = wrap(this);
      const color = theme.connectors[m.lane % theme.connectors.length];
      const pts = m.points.map(([x, y]) => [r(x - origin.x), r(y - origin.y)] as const);
      child<SVGPathElement, unknown>(g, 'path', 'ka-line')
        .attr('d', pts.map(([x, y], i) => `${i ? 'L' : 'M'}${x},${y}`).join(''))
        .attr('fill', 'none')
        .attr('stroke', color)
        .attr('stroke-width', 1.5)
        .attr('stroke-linejoin', 'round')
        .attr('stroke-dasharray', m.readOnly ? '4 3' : null);
      const first = pts[0];
      const last = pts[pts.length - 1];
      child<SVGCircleElement, unknown>(g, 'circle', 'ka-from').attr('cx', first[0]).attr('cy', first[1]).attr('r', 2.5).attr('fill', color);
      child<SVGCircleElement, unknown>(g, 'circle', 'ka-to').attr('cx', last[0]).attr('cy', last[1]).attr('r', 2.5).attr('fill', color);
      drawTexts(g, [{ ...m.label, tone: 'accent' }], origin, theme);
      g.selectChild(hasClass('ka-texts') as never).selectChild(isTag('text') as never).attr('fill', color);
    });
}
