/**
 * Wiring of the workbench (issue 16) into the app, kept out of main.ts: map editing, the Versions tab,
 * the tile-error fallback, the collapsible legend and the phone behaviour (map back in view when a route
 * is picked).
 */
import { installEditing } from './edit.ts';
import { initProposal } from './proposal.ts';
import type { CountyMap } from './map.ts';
import { initVersionsPanel, renderVersionsPanel } from './panels/versions.ts';
import { on } from './state.ts';

const PHONE = '(max-width: 900px)';

export function renderWorkbenchTab(tab: string, el: HTMLElement): void {
  if (tab === 'versions') void renderVersionsPanel(el);
}

export function installWorkbench(map: CountyMap, activeTab: () => string, rerender: () => void, useOfflineMap: () => void): void {
  installEditing(map);
  initProposal(map);
  initVersionsPanel(map);
  map.onTilesOffline = useOfflineMap;
  const refreshVersions = () => {
    if (activeTab() === 'versions') void renderVersionsPanel(document.getElementById('panel-versions')!, true);
  };
  document.addEventListener('gongpei:versions', refreshVersions);
  on('plan', refreshVersions);
  void rerender;

  // Legend: the title folds it (folded by default on a phone, where it would cover the map).
  const legend = document.getElementById('legend')!;
  if (window.matchMedia(PHONE).matches) legend.classList.add('collapsed');
  legend.addEventListener('click', (e) => {
    if (!(e.target as HTMLElement).closest('[data-testid=legend-toggle]')) return;
    legend.classList.toggle('collapsed');
  });
  const syncLegend = () => legend.querySelector('[data-testid=legend-toggle]')?.setAttribute('aria-expanded', String(!legend.classList.contains('collapsed')));
  new MutationObserver(syncLegend).observe(legend, { childList: true, attributes: true, attributeFilter: ['class'] });

  // On a phone the map sits above the panels: picking a route in a table scrolls the map back into view.
  on('selection', () => {
    if (window.matchMedia(PHONE).matches) document.querySelector('.map-wrap')?.scrollIntoView({ behavior: 'smooth', block: 'start' });
  });
}
