/**
 * Wiring of the workbench (issue 16) into the app, kept out of main.ts: map editing, the Versions tab,
 * the tile-error fallback, the collapsible legend and the phone behaviour (map back in view when a route
 * is picked).
 */
import { installEditing } from './edit.ts';
import { initProposal } from './proposal.ts';
import type { CountyMap } from './map.ts';
import { initVersionsPanel, renderVersionsPanel } from './panels/versions.ts';
import { api, getToken } from './api.ts';
import { onLangChange, t } from './i18n.ts';
import { on, state, esc } from './state.ts';

const PHONE = '(max-width: 900px)';

export function renderWorkbenchTab(tab: string, el: HTMLElement): void {
  if (tab === 'versions') void renderVersionsPanel(el);
}

export function installWorkbench(
  map: CountyMap,
  activeTab: () => string,
  rerenderLegend: () => void,
  useOfflineMap: () => void,
): void {
  installEditing(map);
  initProposal(map);
  initVersionsPanel(map);
  map.onTilesOffline = useOfflineMap;
  const refreshVersions = () => {
    if (activeTab() === 'versions') void renderVersionsPanel(document.getElementById('panel-versions')!, true);
  };
  document.addEventListener('gongpei:versions', refreshVersions);
  on('plan', refreshVersions);

  // Township boundaries: fetched per scenario; none → the map keeps its labelled Voronoi zones.
  let boundariesFor: string | null = null;
  const loadBoundaries = async (force = false) => {
    const id = state.scenarioId;
    if (!id || (!force && id === boundariesFor)) return;
    boundariesFor = id;
    const b = await api
      .get<Parameters<CountyMap['setBoundaries']>[0]>(`/api/scenarios/${encodeURIComponent(id)}/boundaries`)
      .catch(() => null);
    if (state.scenarioId === id) {
      map.setBoundaries(b);
      rerenderLegend();
    }
  };
  on('scenario', () => void loadBoundaries());
  const out = document.getElementById('bnd-result')!;
  document.getElementById('bnd-run')!.addEventListener('click', async () => {
    const file = (document.getElementById('bnd-file') as HTMLInputElement).files?.[0];
    const crs = (document.getElementById('bnd-crs') as HTMLSelectElement).value;
    if (!file || !state.scenarioId) {
      out.textContent = t('import.none');
      return;
    }
    const token = getToken();
    const res = await fetch(`/api/scenarios/${encodeURIComponent(state.scenarioId)}/boundaries?crs=${crs}`, {
      method: 'PUT',
      body: await file.text(),
      headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    });
    const body = await res.json().catch(() => null);
    if (!res.ok) {
      const issues = (body?.error?.issues ?? []) as Array<{
        file: string;
        row: number | null;
        field: string | null;
        message: string;
      }>;
      out.innerHTML = `<div class="error-box">${esc(body?.error?.message?.split('\n')[0] ?? res.statusText)}${issues
        .slice(0, 10)
        .map((i) => `<br>${esc([i.file, i.row, i.field].filter((x) => x !== null).join(':'))}: ${esc(i.message)}`)
        .join('')}</div>`;
      return;
    }
    out.textContent = t('bnd.ok', { n: body.townships, of: body.of });
    await loadBoundaries(true);
  });
  document.getElementById('bnd-remove')!.addEventListener('click', async () => {
    if (!state.scenarioId) return;
    await api.del(`/api/scenarios/${encodeURIComponent(state.scenarioId)}/boundaries`).catch(() => null);
    out.textContent = '';
    await loadBoundaries(true);
  });

  // Map tool tooltips follow the language (applyStatic only handles data-i18n text).
  onLangChange(() =>
    document.querySelectorAll<HTMLElement>('[data-i18n-title]').forEach((el) => (el.title = t(el.dataset.i18nTitle!))),
  );

  // Legend: the title folds it (folded by default on a phone, where it would cover the map).
  const legend = document.getElementById('legend')!;
  if (window.matchMedia(PHONE).matches) legend.classList.add('collapsed');
  legend.addEventListener('click', (e) => {
    if (!(e.target as HTMLElement).closest('[data-testid=legend-toggle]')) return;
    legend.classList.toggle('collapsed');
  });
  const syncLegend = () =>
    legend
      .querySelector('[data-testid=legend-toggle]')
      ?.setAttribute('aria-expanded', String(!legend.classList.contains('collapsed')));
  new MutationObserver(syncLegend).observe(legend, { childList: true, attributes: true, attributeFilter: ['class'] });

  // On a phone the map sits above the panels: picking a route in a table scrolls the map back into view.
  on('selection', () => {
    if (window.matchMedia(PHONE).matches)
      document.querySelector('.map-wrap')?.scrollIntoView({ behavior: 'smooth', block: 'start' });
  });
}
