/**
 * Gongpei web app: loads a scenario, draws it, and wires the panels. Plain TypeScript, no framework.
 * `?bench=N&routes=R` renders a generated county of N stations and R routes without the API and
 * records timings in window.__gongpeiBench (used by scripts/bench-web.ts).
 */
import './style.css';
import { api, getToken, setToken } from './api.ts';
import { applyStatic, fmtMoney, fmtNumber, getLang, onLangChange, setLang, t } from './i18n.ts';
import { CountyMap, type BasemapSettings } from './map.ts';
import { state, on, emit, esc } from './state.ts';
import { renderPlanPanel } from './panels/plan.ts';
import { renderRoutesPanel } from './panels/routes.ts';
import { renderHubsPanel, toggleCandidate } from './panels/hubs.ts';
import { renderCoveragePanel } from './panels/coverage.ts';
import { renderUpstreamPanel } from './panels/upstream.ts';
import { installPrefectureTab } from './panels/prefecture.ts';
import { benchScenario } from './bench.ts';
import { registerOperationsTabs } from './panels/operations-tabs.ts';
import { installWorkbench, renderWorkbenchTab } from './workbench.ts';
import type { ScenarioDetail, ScenarioGeo, StoredPlanView, RoutesGeo } from './types.ts';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const countyMap = new CountyMap($('map'));
let activeTab = 'plan';

// ---- tabs -----------------------------------------------------------------------------------
function showTab(tab: string): void {
  activeTab = tab;
  document
    .querySelectorAll<HTMLButtonElement>('.tab')
    .forEach((b) => b.classList.toggle('active', b.dataset.tab === tab));
  document
    .querySelectorAll<HTMLElement>('.panel')
    .forEach((p) => p.classList.toggle('active', p.id === `panel-${tab}`));
  renderActive();
}
document.querySelectorAll<HTMLButtonElement>('.tab').forEach((b) => (b.onclick = () => showTab(b.dataset.tab!)));
registerOperationsTabs(loadPlan);
installPrefectureTab(countyMap.map, showTab);

function renderActive(): void {
  const el = $(`panel-${activeTab}`);
  if (activeTab === 'plan') renderPlanPanel(el, loadPlan);
  else if (activeTab === 'routes') renderRoutesPanel(el);
  else if (activeTab === 'hubs') renderHubsPanel(el);
  else if (activeTab === 'coverage') void renderCoveragePanel(el);
  else if (activeTab === 'upstream') void renderUpstreamPanel(el);
  else renderWorkbenchTab(activeTab, el);
}

// ---- map overlays ---------------------------------------------------------------------------
function renderSummary(): void {
  const sc = state.scenario;
  const el = $('map-summary');
  if (!sc) {
    el.innerHTML = '';
    return;
  }
  const c = sc.counts;
  const plan = state.plan;
  el.innerHTML = `<b>${esc(sc.county.name)}</b> <span class="hint">${esc(sc.county.adminCode)}</span><br>
    <span data-testid="station-count">${fmtNumber(c.station ?? 0)}</span> ${t('map.stations')} · ${fmtNumber(c.village ?? 0)} ${t('map.villages')} · ${sc.townships.length} ${t('map.townships')}
    ${plan ? `<br>${t(`plan.mode.${plan.mode}`)} · ${t('plan.day')} ${plan.day}: <b data-testid="summary-cost">${fmtMoney(plan.kpis.totalCost)}</b> · ${plan.routes.length} ${t('map.routes')}` : ''}`;
}
function renderLegend(): void {
  const el = $('legend');
  el.innerHTML = countyMap.legendHtml();
  el.querySelectorAll<HTMLButtonElement>('[data-style]').forEach((b) => {
    b.onclick = () => {
      state.stationStyle = b.dataset.style as 'coverage' | 'service';
      emit('style');
    };
  });
}

on('scenario', () => {
  countyMap.renderAll();
  renderSummary();
  renderLegend();
  renderActive();
  fillSearch();
});

// Search: "name · township" entries; choosing one flies there and opens the popup.
const searchIndex = new Map<string, string>();
function fillSearch(): void {
  searchIndex.clear();
  const options: string[] = [];
  for (const f of state.geo?.features ?? []) {
    if (f.properties.layer !== 'place') continue;
    const label = `${f.properties.name} · ${f.properties.townshipName ?? ''} (${f.properties.id})`;
    searchIndex.set(label, String(f.properties.id));
    options.push(`<option value="${esc(label)}"></option>`);
  }
  $('place-list').innerHTML = options.join('');
}
$<HTMLInputElement>('place-search').addEventListener('change', (e) => {
  const input = e.target as HTMLInputElement;
  const id = searchIndex.get(input.value) ?? [...searchIndex].find(([label]) => label.startsWith(input.value))?.[1];
  if (id && countyMap.showPlace(id)) input.blur();
});
on('plan', () => {
  countyMap.renderPlan();
  renderSummary();
  renderLegend();
  renderActive();
});
on('selection', () => {
  countyMap.renderPlan();
  countyMap.focusRoute(state.selectedRoute);
  if (activeTab === 'routes') renderActive();
});
on('coverage', () => {
  countyMap.renderPlaces();
  renderLegend();
});
on('hubs', () => {
  countyMap.renderPlaces();
  renderLegend();
  if (activeTab === 'hubs') renderActive();
});
on('style', () => {
  countyMap.renderPlaces();
  renderLegend();
});
countyMap.onCandidateClick = (id) => {
  if (activeTab !== 'hubs') showTab('hubs');
  toggleCandidate(id);
};
document.addEventListener('gongpei:focus', (e) => countyMap.focusPlaces((e as CustomEvent<Set<string>>).detail));

// ---- data loading ---------------------------------------------------------------------------
async function loadScenario(id: string): Promise<void> {
  state.scenarioId = id;
  const [detail, geo] = await Promise.all([
    api.get<ScenarioDetail>(`/api/scenarios/${encodeURIComponent(id)}`),
    api.get<ScenarioGeo>(`/api/scenarios/${encodeURIComponent(id)}/geojson`),
  ]);
  state.scenario = detail;
  state.geo = geo;
  state.plan = null;
  state.routesGeo = null;
  state.selectedRoute = null;
  state.proposedHubs = null;
  state.hubStates.clear();
  state.missingStations.clear();
  state.day = detail.days[0]?.day ?? 1;
  $('synthetic-badge').hidden = detail.synthetic.length === 0;
  $('synthetic-badge').title = detail.synthetic.join(', ');
  $('estimate-badge').hidden = !detail.estimatedTravel;
  countyMap.refit();
  try {
    localStorage.setItem('gongpei.scenario', id);
  } catch {
    /* ignore */
  }
  emit('scenario');
}

async function loadPlan(planId: string): Promise<void> {
  const [plan, routesGeo] = await Promise.all([
    api.get<StoredPlanView>(`/api/plans/${encodeURIComponent(planId)}`),
    api.get<RoutesGeo>(`/api/plans/${encodeURIComponent(planId)}/routes.geojson`).catch(() => null),
  ]);
  state.plan = plan;
  state.routesGeo = routesGeo;
  state.selectedRoute = null;
  state.day = plan.day;
  if (state.stationStyle === 'coverage') state.stationStyle = 'service';
  if (state.scenario && !state.scenario.plans.some((p) => p.id === plan.id))
    state.scenario.plans.push({ id: plan.id, scenarioId: plan.scenarioId, createdAt: plan.createdAt });
  emit('plan');
}

async function boot(): Promise<void> {
  applyStatic();
  const sel = $<HTMLSelectElement>('scenario-select');
  try {
    const { scenarios } = await api.get<{ scenarios: Array<{ id: string; name: string; stations: number }> }>(
      '/api/scenarios',
    );
    sel.innerHTML = scenarios
      .map((s) => `<option value="${esc(s.id)}">${esc(s.name)} (${esc(s.id)})</option>`)
      .join('');
    let wanted = new URLSearchParams(location.search).get('scenario') ?? '';
    try {
      wanted ||= localStorage.getItem('gongpei.scenario') ?? '';
    } catch {
      /* ignore */
    }
    const first = scenarios.find((s) => s.id === wanted) ?? scenarios.find((s) => s.id === 'daming') ?? scenarios[0];
    if (!first) {
      $('panel-plan').innerHTML =
        `<div class="empty">No scenario in the store: import one with "gongpei import &lt;folder&gt;".</div>`;
      return;
    }
    sel.value = first.id;
    sel.onchange = () => void loadScenario(sel.value);
    await loadScenario(first.id);
  } catch (err) {
    $('panel-plan').innerHTML =
      `<div class="error-box">${esc(t('error.load', { error: (err as Error).message }))}</div>`;
  }
}

// ---- language and settings ------------------------------------------------------------------
$('lang-btn').onclick = () => setLang(getLang() === 'zh' ? 'en' : 'zh');
onLangChange(() => {
  renderSummary();
  renderLegend();
  renderActive();
  countyMap.renderPlaces();
});

const BASEMAP_KEY = 'gongpei.basemap';
function readBasemap(): BasemapSettings {
  try {
    const saved = JSON.parse(localStorage.getItem(BASEMAP_KEY) ?? 'null');
    if (saved && typeof saved === 'object')
      return { kind: 'none', tiandituKey: '', customUrl: '', customGcj: false, ...saved };
  } catch {
    /* ignore */
  }
  return { kind: 'none', tiandituKey: '', customUrl: '', customGcj: false };
}
function syncSettingsForm(s: BasemapSettings): void {
  $<HTMLSelectElement>('basemap-select').value = s.kind;
  $<HTMLInputElement>('tdt-key').value = s.tiandituKey;
  $<HTMLInputElement>('custom-url').value = s.customUrl;
  $<HTMLInputElement>('custom-gcj').checked = s.customGcj;
  $('tdt-key-row').hidden = s.kind !== 'tianditu';
  $('custom-url-row').hidden = s.kind !== 'custom';
  $('custom-gcj-row').hidden = s.kind !== 'custom';
}
function applySettings(forced?: BasemapSettings): void {
  if (forced) syncSettingsForm(forced);
  const s: BasemapSettings = forced ?? {
    kind: $<HTMLSelectElement>('basemap-select').value as BasemapSettings['kind'],
    tiandituKey: $<HTMLInputElement>('tdt-key').value.trim(),
    customUrl: $<HTMLInputElement>('custom-url').value.trim(),
    customGcj: $<HTMLInputElement>('custom-gcj').checked,
  };
  try {
    localStorage.setItem(BASEMAP_KEY, JSON.stringify(s));
  } catch {
    /* ignore */
  }
  syncSettingsForm(s);
  countyMap.setBasemap(s);
  setToken($<HTMLInputElement>('api-token').value.trim());
}
const basemap = readBasemap();
syncSettingsForm(basemap);
countyMap.setBasemap(basemap);
$<HTMLInputElement>('api-token').value = getToken();
for (const id of ['basemap-select', 'tdt-key', 'custom-url', 'custom-gcj', 'api-token'])
  $(id).addEventListener('change', () => applySettings());
$('settings-btn').onclick = () => {
  if (state.scenarioId)
    $<HTMLAnchorElement>('export-link').href = `/api/scenarios/${encodeURIComponent(state.scenarioId)}/export`;
  $<HTMLDialogElement>('settings-dialog').showModal();
};

// Import: one zip, or the folder's files as multipart parts. Validation errors list file:row:field.
$('import-btn').onclick = async () => {
  const out = $('import-result');
  const files = [...($<HTMLInputElement>('import-files').files ?? [])];
  const id = $<HTMLInputElement>('import-id').value.trim();
  if (!files.length) {
    out.textContent = t('import.none');
    return;
  }
  const form = new FormData();
  form.set('id', id);
  for (const f of files) form.append('files', f, f.name);
  const token = getToken();
  const res = await fetch(`/api/scenarios?id=${encodeURIComponent(id)}`, {
    method: 'POST',
    body: form,
    headers: token ? { Authorization: `Bearer ${token}` } : {},
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
      .slice(0, 20)
      .map(
        (i) =>
          `<br>${esc([i.file, i.row, i.field].filter((x) => x !== null && x !== '').join(':'))}: ${esc(i.message)}`,
      )
      .join('')}</div>`;
    return;
  }
  out.textContent = t('import.ok', { id });
  const opt = document.createElement('option');
  opt.value = id;
  opt.textContent = `${body.county?.name ?? id} (${id})`;
  $<HTMLSelectElement>('scenario-select').append(opt);
  $<HTMLSelectElement>('scenario-select').value = id;
  await loadScenario(id);
};

installWorkbench(
  countyMap,
  () => activeTab,
  renderLegend,
  () => applySettings({ ...readBasemap(), kind: 'none' }),
);

// ---- start ----------------------------------------------------------------------------------
const params = new URLSearchParams(location.search);
if (params.has('bench')) {
  void benchScenario(countyMap, Number(params.get('bench')) || 3000, Number(params.get('routes')) || 100);
} else {
  void boot();
}
