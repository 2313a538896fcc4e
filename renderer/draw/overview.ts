// The overview's labels (lod.ts: node names and pod counts at a size that
// reads at the current zoom), drawn over what drawCluster drew: into each
// node's group, and the unscheduled band's, as a last layer, so they sit on
// top of the pods and keep the nesting a reader of the SVG expects. They are
// the app's, for one scale: exports leave them out (class ka-overview).

import { select } from 'd3';
import type { OverviewLabel } from '../layout/lod.ts';
import type { ClusterLayout } from '../layout/types.ts';
import { drawTexts, r, type Sel } from './primitives.ts';
import { themeByName, type Theme, type ThemeName } from './theme.ts';

export const OVERVIEW_CLASS = 'ka-overview';

/** Draws `labels` (replacing any drawn before); an empty list removes them all. */
export function drawOverviewLabels(svg: SVGSVGElement, layout: ClusterLayout, labels: OverviewLabel[], theme: ThemeName | Theme, scale: number): void {
  const colors = typeof theme === 'object' ? theme : themeByName(theme);
  const byUid = new Map(labels.map((l) => [l.uid, l]));
  const origins = new Map<string, { x: number; y: number }>();
  for (const n of layout.nodes) origins.set(n.uid, n);
  const band = layout.bands.find((b) => b.id === 'unscheduled');
  if (band) origins.set('unscheduled', band);

  const hosts = new Map<string, SVGGElement>();
  for (const g of Array.from(svg.querySelectorAll<SVGGElement>('g.ka-node[data-uid]'))) hosts.set(g.getAttribute('data-uid')!, g);
  const unscheduled = svg.querySelector<SVGGElement>('g.ka-band[data-band="unscheduled"]');
  if (unscheduled) hosts.set('unscheduled', unscheduled);

  // Labels whose box is gone, or that no longer fit, go.
  for (const layer of Array.from(svg.querySelectorAll(`g.${OVERVIEW_CLASS}`))) {
    const host = layer.parentElement;
    const uid = host?.getAttribute('data-band') === 'unscheduled' ? 'unscheduled' : host?.getAttribute('data-uid');
    if (!uid || !byUid.has(uid)) layer.remove();
  }
  for (const [uid, label] of byUid) {
    const host = hosts.get(uid);
    const origin = origins.get(uid);
    if (!host || !origin) continue;
    const parent = select(host) as unknown as Sel<SVGGElement, unknown>;
    drawTexts(parent, label.texts, origin, colors, OVERVIEW_CLASS);
    const layer = Array.from(host.children).find((c) => c.getAttribute('class') === OVERVIEW_CLASS);
    if (!layer) continue;
    // A halo in the node's own colour keeps the label readable over the pods under it.
    layer.setAttribute('stroke', colors.node.fill);
    layer.setAttribute('stroke-width', String(r(4 / scale)));
    layer.setAttribute('stroke-linejoin', 'round');
    layer.setAttribute('paint-order', 'stroke');
    if (layer !== host.lastElementChild) host.appendChild(layer);
  }
}
