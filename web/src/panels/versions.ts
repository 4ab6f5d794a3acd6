/**
 * Workbench panel: scenario versions (history, diff, revert), station siting (cheapest new stations that
 * reach the coverage targets, added in one click as a version) and two plans side by side (KPI table with
 * differences, both route sets on the map with a toggle). Map editing itself is ../edit.ts.
 */
import * as L from 'leaflet';
import { api } from '../api.ts';
import { claimedAuthor, getAuthor, refreshScenario, setAuthor, submitEdits, toast, type VersionView } from '../edit.ts';
import { t, fmtMoney, fmtNumber, fmtPct } from '../i18n.ts';
import type { CountyMap } from '../map.ts';
import { state, esc } from '../state.ts';
import type { StoredPlanView, PlanKpis } from '../types.ts';

interface Diff {
  from: number;
  to: number;
  added: Array<{ id: string; name: string; kind: string }>;
  removed: Array<{ id: string; name: string; kind: string }>;
  changed: Array<{ id: string; name: string; fields: Array<{ field: string; from: unknown; to: unknown }> }>;
  fleet: Array<{ id: string; from: string | null; to: string | null }>;
  demandRows: { from: number; to: number };
}
interface Siting {
  stations: Array<{
    villageId: string;
    name: string;
    why: string;
    population: number | null;
    addedCost: number;
    lon?: number;
    lat?: number;
  }>;
  addedCost: number;
  reached: boolean;
  unmet: string[];
  before: { village: number | null; poverty: number | null; large: number | null };
  after: { village: number | null; poverty: number | null; large: number | null };
}

let map: CountyMap;
let versions: VersionView[] = [];
let diff: Diff | null = null;
let siting: Siting | null = null;
let sitingBusy = false;
let error = '';
let planA = '';
let planB = '';
let compared: [StoredPlanView, StoredPlanView] | null = null;
let show: 'a' | 'b' | 'both' = 'both';
let loadedFor = '';

export function initVersionsPanel(m: CountyMap): void {
  map = m;
}

export async function renderVersionsPanel(root: HTMLElement, force = false): Promise<void> {
  const id = state.scenarioId;
  if (!id) return;
  if (force || loadedFor !== id) {
    if (loadedFor !== id) {
      diff = null;
      siting = null;
      compared = null;
      planA = planB = '';
      map.overlay('compare');
      map.overlay('sited');
    }
    loadedFor = id;
    try {
      versions = (await api.get<{ versions: VersionView[] }>(`/api/scenarios/${encodeURIComponent(id)}/versions`))
        .versions;
    } catch (err) {
      error = (err as Error).message;
    }
  }
  draw(root);
}

function planLabel(planId: string): string {
  const v = versions.find((x) => x.plans.includes(planId));
  const p = state.scenario?.plans.find((x) => x.id === planId);
  const when = p
    ? new Date(p.createdAt).toLocaleString(undefined, {
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
      })
    : '';
  return `${v ? `v${v.version} · ` : ''}${when} · ${planId.slice(-6)}`;
}

function draw(root: HTMLElement): void {
  const plans = [...(state.scenario?.plans ?? [])].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  if (!planA && plans[1]) planA = plans[1].id;
  if (!planB && plans[0]) planB = plans[0].id;
  const planOptions = (sel: string) =>
    plans
      .map((p) => `<option value="${esc(p.id)}" ${p.id === sel ? 'selected' : ''}>${esc(planLabel(p.id))}</option>`)
      .join('');
  const rows = versions
    .map(
      (v, i) => `<tr data-testid="version-row" data-version="${v.version}">
      <td class="num"><b>v${v.version}</b></td>
      <td class="nowrap">${esc(new Date(v.createdAt).toLocaleString())}<div class="hint">${esc(v.author)} · ${t(`ver.kind.${v.kind}`)}</div></td>
      <td>${v.summary.map((s) => `<div>${esc(s)}</div>`).join('')}${v.plans.length ? `<div class="hint">${t('ver.plans', { n: v.plans.length })}</div>` : ''}</td>
      <td class="nowrap">${i < versions.length - 1 ? `<button class="btn btn-sm" data-diff="${v.version}" data-testid="version-diff">${t('ver.diff')}</button>` : ''}
        ${i > 0 ? `<button class="btn btn-sm" data-revert="${v.version}" data-testid="version-revert">${t('ver.revert')}</button>` : `<span class="badge badge-ok">${t('ver.current')}</span>`}</td></tr>`,
    )
    .join('');
  root.innerHTML = `
    <h3>${t('ver.editing')}</h3>
    <div class="hint">${t('ver.editHint')}</div>
    <div class="form-grid"><label style="grid-column:1/-1">${t('ver.author')}<input id="ver-author" data-testid="ver-author" value="${esc(getAuthor())}" placeholder="${esc(t('ver.authorPlaceholder'))}"></label></div>
    ${error ? `<div class="error-box">${esc(error)}</div>` : ''}
    <h3>${t('ver.history')}</h3>
    <table class="data versions" data-testid="versions-table"><thead><tr><th></th><th>${t('ver.when')}</th><th>${t('ver.what')}</th><th></th></tr></thead><tbody>${rows}</tbody></table>
    ${
      versions.length > 1
        ? `<div class="diff-pick">${t('ver.diffAny')}
      <select id="diff-from" data-testid="diff-from">${versionOptions(diff?.from ?? versions[versions.length - 1].version)}</select> →
      <select id="diff-to" data-testid="diff-to">${versionOptions(diff?.to ?? versions[0].version)}</select>
      <button class="btn btn-sm" id="diff-run" data-testid="diff-run">${t('ver.diff')}</button></div>`
        : ''
    }
    ${diff ? diffHtml(diff) : ''}
    <h3>${t('site.title')}</h3>
    <div class="hint">${t('site.hint')}</div>
    <div class="actions"><button class="btn" id="site-run" data-testid="siting-run" ${sitingBusy ? 'disabled' : ''}>${sitingBusy ? t('loading') : t('site.run')}</button></div>
    ${siting ? sitingHtml(siting) : ''}
    <h3>${t('cmp.title')}</h3>
    ${
      plans.length < 2
        ? `<div class="empty">${t('cmp.needTwo')}</div>`
        : `
    <div class="form-grid">
      <label>${t('cmp.a')}<select id="cmp-a" data-testid="compare-a">${planOptions(planA)}</select></label>
      <label>${t('cmp.b')}<select id="cmp-b" data-testid="compare-b">${planOptions(planB)}</select></label>
    </div>
    <div class="actions"><button class="btn btn-primary" id="cmp-run" data-testid="compare-run">${t('cmp.run')}</button></div>
    ${compared ? compareHtml(compared) : ''}`
    }`;

  root.querySelector<HTMLInputElement>('#ver-author')!.onchange = (e) =>
    setAuthor((e.target as HTMLInputElement).value.trim());
  root.querySelectorAll<HTMLButtonElement>('[data-diff]').forEach((b) => {
    b.onclick = () => {
      const to = Number(b.dataset.diff);
      void showDiff(root, versions.find((v) => v.version < to)?.version ?? to - 1, to);
    };
  });
  root.querySelector<HTMLButtonElement>('#diff-run')?.addEventListener('click', () => {
    const pick = (id: string) => Number(root.querySelector<HTMLSelectElement>(id)!.value);
    void showDiff(root, pick('#diff-from'), pick('#diff-to'));
  });
  root.querySelectorAll<HTMLButtonElement>('[data-revert]').forEach((b) => {
    b.onclick = async () => {
      const v = Number(b.dataset.revert);
      if (!confirm(t('ver.confirmRevert', { v }))) return;
      try {
        const author = claimedAuthor();
        const made = await api.post<VersionView>(
          `/api/scenarios/${encodeURIComponent(state.scenarioId!)}/versions/${v}/revert`,
          author ? { author } : {},
        );
        toast(t('ver.reverted', { v, now: made.version }));
        await refreshScenario();
      } catch (err) {
        toast((err as Error).message, true);
      }
    };
  });
  root.querySelector<HTMLButtonElement>('#site-run')!.onclick = () => void runSiting(root);
  root.querySelector<HTMLButtonElement>('#site-add')?.addEventListener('click', () => void addSited(root));
  root.querySelector<HTMLSelectElement>('#cmp-a')?.addEventListener('change', (e) => {
    planA = (e.target as HTMLSelectElement).value;
  });
  root.querySelector<HTMLSelectElement>('#cmp-b')?.addEventListener('change', (e) => {
    planB = (e.target as HTMLSelectElement).value;
  });
  root.querySelector<HTMLButtonElement>('#cmp-run')?.addEventListener('click', () => void runCompare(root));
  root.querySelectorAll<HTMLButtonElement>('[data-show]').forEach((b) => {
    b.onclick = () => {
      show = b.dataset.show as typeof show;
      drawCompare();
      draw(root);
    };
  });
}

function versionOptions(selected: number): string {
  return versions
    .map((v) => `<option value="${v.version}" ${v.version === selected ? 'selected' : ''}>v${v.version}</option>`)
    .join('');
}

async function showDiff(root: HTMLElement, from: number, to: number): Promise<void> {
  try {
    diff = await api.get<Diff>(
      `/api/scenarios/${encodeURIComponent(state.scenarioId!)}/versions/diff?from=${from}&to=${to}`,
    );
  } catch (err) {
    toast((err as Error).message, true);
  }
  draw(root);
}

function diffHtml(d: Diff): string {
  const lines: string[] = [];
  for (const p of d.added)
    lines.push(
      `<div class="diff-add">＋ ${esc(p.name)} <span class="hint">${esc(p.id)} · ${t(`edit.kind.${p.kind}`)}</span></div>`,
    );
  for (const p of d.removed)
    lines.push(`<div class="diff-del">－ ${esc(p.name)} <span class="hint">${esc(p.id)}</span></div>`);
  for (const c of d.changed)
    lines.push(
      `<div class="diff-chg">～ ${esc(c.name)}: ${c.fields.map((f) => `${esc(f.field)} ${esc(JSON.stringify(f.from))} → ${esc(JSON.stringify(f.to))}`).join(', ')}</div>`,
    );
  for (const f of d.fleet)
    lines.push(
      `<div class="diff-chg">～ ${t('ver.fleet')} ${esc(f.id)}: ${esc(f.from ?? '—')} → ${esc(f.to ?? '—')}</div>`,
    );
  if (d.demandRows.from !== d.demandRows.to)
    lines.push(`<div class="diff-chg">～ ${t('ver.demandRows')}: ${d.demandRows.from} → ${d.demandRows.to}</div>`);
  return `<div class="diff-box" data-testid="version-diff-box"><b>v${d.from} → v${d.to}</b>${lines.join('') || `<div class="hint">${t('ver.noDiff')}</div>`}</div>`;
}

async function runSiting(root: HTMLElement): Promise<void> {
  sitingBusy = true;
  draw(root);
  try {
    const q = state.plan ? `?planId=${encodeURIComponent(state.plan.id)}` : '';
    siting = await api.get<Siting>(`/api/scenarios/${encodeURIComponent(state.scenarioId!)}/siting${q}`);
    drawSited();
    if (siting.stations.length)
      document.dispatchEvent(
        new CustomEvent('gongpei:focus', { detail: new Set(siting.stations.map((s) => s.villageId)) }),
      );
  } catch (err) {
    toast((err as Error).message, true);
  }
  sitingBusy = false;
  draw(root);
}

function drawSited(): void {
  const layer = map.overlay('sited');
  for (const s of siting?.stations ?? []) {
    if (s.lon === undefined || s.lat === undefined) continue;
    L.circleMarker(map.ll(s.lon, s.lat), {
      renderer: map.renderCanvas,
      radius: 9,
      color: '#c2410c',
      weight: 3,
      fillColor: '#fdba74',
      fillOpacity: 0.9,
    })
      .bindTooltip(`${esc(s.name)} · ${t('site.new')} · ${fmtMoney(s.addedCost, 1)}/${t('site.day')}`)
      .addTo(layer);
  }
  map.map.getContainer().dataset.sited = String(siting?.stations.length ?? 0);
}

function sitingHtml(s: Siting): string {
  const share = (v: number | null) => (v === null ? '—' : fmtPct(v));
  const rows = s.stations
    .map(
      (x) =>
        `<tr data-testid="sited-row"><td class="name">${esc(x.name)}</td><td>${t(`site.why.${x.why}`)}</td><td class="num">${x.population === null ? '—' : fmtNumber(x.population)}</td><td class="num">${fmtMoney(x.addedCost, 1)}</td></tr>`,
    )
    .join('');
  return `<div class="kpis">
      <div class="kpi hl"><div class="v" data-testid="sited-count">${s.stations.length}</div><div class="k">${t('site.count')}</div></div>
      <div class="kpi"><div class="v">${fmtMoney(s.addedCost, 0)}</div><div class="k">${t('site.cost')}</div></div>
      <div class="kpi"><div class="v">${share(s.before.village)} → ${share(s.after.village)}</div><div class="k">${t('site.villageShare')}</div></div>
      <div class="kpi"><div class="v">${s.reached ? t('yes') : t('no')}</div><div class="k">${t('site.reached')}</div></div></div>
    ${s.unmet.length ? `<div class="error-box">${esc(t('site.unmet', { list: s.unmet.join(', ') }))}</div>` : ''}
    ${
      s.stations.length
        ? `<table class="data"><thead><tr><th>${t('site.village')}</th><th>${t('site.whyCol')}</th><th class="num">${t('pop.population')}</th><th class="num">${t('site.costCol')}</th></tr></thead><tbody>${rows}</tbody></table>
    <div class="actions"><button class="btn btn-primary" id="site-add" data-testid="siting-add">${t('site.add', { n: s.stations.length })}</button></div>`
        : `<div class="hint">${t('site.none')}</div>`
    }`;
}

async function addSited(root: HTMLElement): Promise<void> {
  if (!siting?.stations.length) return;
  try {
    await submitEdits(
      siting.stations.map((s) => ({ op: 'set', id: s.villageId, hasStation: true })),
      { kind: 'siting', message: t('site.message', { n: siting.stations.length }) },
    );
    siting = null;
    map.overlay('sited');
    map.map.getContainer().dataset.sited = '0';
  } catch (err) {
    toast((err as Error).message, true);
  }
  await renderVersionsPanel(root, true);
}

const KPI_ROWS: Array<[keyof PlanKpis, 'money' | 'num1' | 'int' | 'pct']> = [
  ['totalCost', 'money'],
  ['costPerParcel', 'num1'],
  ['km', 'num1'],
  ['hours', 'num1'],
  ['vehiclesUsed', 'int'],
  ['stationsServed', 'int'],
  ['stationsUnassigned', 'int'],
  ['serviceCompliance', 'pct'],
];

async function runCompare(root: HTMLElement): Promise<void> {
  if (!planA || !planB) return;
  try {
    const [a, b] = await Promise.all(
      [planA, planB].map((id) => api.get<StoredPlanView>(`/api/plans/${encodeURIComponent(id)}`)),
    );
    compared = [a!, b!];
    drawCompare();
    map.fitCounty();
  } catch (err) {
    toast((err as Error).message, true);
  }
  draw(root);
}

const COLOR_A = '#2563eb';
const COLOR_B = '#ea580c';

function drawCompare(): void {
  const layer = map.overlay('compare');
  if (!compared) return;
  const coords = new Map<string, [number, number]>();
  for (const f of state.geo?.features ?? [])
    if (f.properties.layer === 'place') coords.set(String(f.properties.id), f.geometry.coordinates as [number, number]);
  let lines = 0;
  compared.forEach((plan, k) => {
    if ((show === 'a' && k === 1) || (show === 'b' && k === 0)) return;
    for (const r of plan.routes) {
      const ids = [
        r.depot,
        ...(r.kind === 'trunk' && r.hubs?.length ? r.hubs : r.stops.map((s) => s.stationId)),
        r.depot,
      ];
      const pts = ids
        .map((id) => coords.get(id))
        .filter((c): c is [number, number] => c !== undefined)
        .map(([x, y]) => map.ll(x, y));
      L.polyline(pts, {
        renderer: map.renderCanvas,
        color: k === 0 ? COLOR_A : COLOR_B,
        weight: 3,
        opacity: 0.8,
        dashArray: k === 1 ? '7 5' : undefined,
        interactive: false,
      }).addTo(layer);
      lines += 1;
    }
  });
  map.map.getContainer().dataset.compareRoutes = String(lines);
}

function compareHtml([a, b]: [StoredPlanView, StoredPlanView]): string {
  const fmt = (v: number, kind: string) =>
    kind === 'money' ? fmtMoney(v) : kind === 'pct' ? fmtPct(v) : kind === 'int' ? fmtNumber(v) : fmtNumber(v, 1);
  const rows = KPI_ROWS.map(([key, kind]) => {
    const x = a.kpis[key] as number;
    const y = b.kpis[key] as number;
    const d = y - x;
    const better = key === 'stationsServed' || key === 'serviceCompliance' ? d > 0 : d < 0;
    const cls = Math.abs(d) < 1e-9 ? '' : better ? 'pass' : 'fail';
    const pct = x !== 0 && kind !== 'pct' ? ` (${d >= 0 ? '+' : ''}${fmtPct(d / x)})` : '';
    return `<tr data-testid="compare-row" data-kpi="${key}"><td>${t(`kpi.${key}`)}</td><td class="num">${fmt(x, kind)}</td><td class="num">${fmt(y, kind)}</td><td class="num ${cls}">${d >= 0 ? '+' : '−'}${fmt(Math.abs(d), kind)}${pct}</td></tr>`;
  }).join('');
  const seg = (v: typeof show, label: string) =>
    `<button class="${show === v ? 'on' : ''}" data-show="${v}" data-testid="compare-show-${v}">${label}</button>`;
  return `<table class="data scorecard" data-testid="compare-table"><thead><tr><th></th><th class="num"><span class="swatch" style="background:${COLOR_A}"></span>A</th><th class="num"><span class="swatch" style="background:${COLOR_B}"></span>B</th><th class="num">B − A</th></tr></thead><tbody>
    <tr><td>${t('plan.day')}</td><td class="num">${a.day} · ${t(`plan.mode.${a.mode}`)}</td><td class="num">${b.day} · ${t(`plan.mode.${b.mode}`)}</td><td></td></tr>
    <tr><td>${t('map.routes')}</td><td class="num">${a.routes.length}</td><td class="num">${b.routes.length}</td><td class="num">${b.routes.length - a.routes.length}</td></tr>${rows}</tbody></table>
    <div class="segmented" style="margin-top:10px">${seg('a', t('cmp.showA'))}${seg('both', t('cmp.showBoth'))}${seg('b', t('cmp.showB'))}</div>
    <div class="hint">${t('cmp.mapHint')}</div>`;
}
