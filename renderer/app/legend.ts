// The legend, at the foot of the details panel, can fold away to leave the panel more room; it remembers.

import { byId } from './dom.ts';
import { readSetting, writeSetting } from './settings.ts';

export function installLegend(doc: Document): void {
  const legend = byId(doc, 'legend');
  const toggle = byId(doc, 'legend-toggle');
  const apply = (collapsed: boolean) => {
    legend.toggleAttribute('data-collapsed', collapsed);
    toggle.setAttribute('aria-expanded', String(!collapsed));
  };
  apply(readSetting('legend', ['open', 'collapsed'], 'open') === 'collapsed');
  toggle.addEventListener('click', () => {
    const collapsed = !legend.hasAttribute('data-collapsed');
    apply(collapsed);
    writeSetting('legend', collapsed ? 'collapsed' : null);
  });
}
