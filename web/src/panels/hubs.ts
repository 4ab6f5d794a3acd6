/** Hubs panel: candidates open/closed by click (list or map), re-run hub location as a job, compare with now. */
import { api, followJob } from '../api.ts';
import { groupedBars, legendRow } from '../charts.ts';
import { t, fmtMoney, fmtNumber, fmtPct } from '../i18n.ts';
import { state, emit, esc, type HubState } from '../state.ts';

type Model = 'p-median' | 'set-cover' | 'capacitated';
interface Routing { totalCost: number; serviceCompliance: number; km?: number; vehiclesUsed?: number; stationsUnassigned?: number }
interface HubsView {
  model: string; hubs: string[]; objective: number; objectiveUnit?: string; gap: number | null; status?: string; seconds?: number;
  routing: Routing | { skipped: string }; current: { hubs: string[]; objective: number | null; weightedMinutes?: number; routing: Routing | { skipped: string } };
  weightedMinutes?: number; unserved?: Array<{ stationId: string; reason: string }>; detail?: string;
}

let model: Model = 'p-median';
let p = 5;
let maxMinutes = 45;
let running = false;
let progress = 0;
let result: HubsView | null = null;
let error = '';

const NEXT: Record<HubState, HubState> = { auto: 'open', open: 'closed', closed: 'auto' };

export function toggleCandidate(id: string): void {
  const cur = state.hubStates.get(id) ?? 'auto';
  state.hubStates.set(id, NEXT[cur]);
  emit('hubs');
}

function candidates() {
  return (state.geo?.features ?? []).filter((f) => f.properties.layer === 'place' && (f.properties.kind === 'hub' || f.properties.kind === 'hub_candidate'));
}

export function renderHubsPanel(root: HTMLElement): void {
  const cands = candidates();
  const names = new Map(cands.map((f) => [String(f.properties.id), String(f.properties.name)]));
  if (p === 5 && state.scenario) p = Math.max(1, state.scenario.counts.hub ?? 5);
  const current = cands.filter((f) => f.properties.kind === 'hub').map((f) => String(f.properties.name));
  const rows = cands
    .map((f) => {
      const id = String(f.properties.id);
      const st = state.hubStates.get(id) ?? 'auto';
      const chosen = result?.hubs.includes(id);
      return `<tr class="clickable" data-cand="${esc(id)}" data-testid="candidate-row"><td>${esc(f.properties.name)}${chosen ? ' <span class="badge badge-ok">★</span>' : ''}</td><td class="hint">${t(`hubs.kind.${f.properties.kind}`)}</td>
      <td><span class="badge ${st === 'open' ? 'badge-ok' : st === 'closed' ? 'badge-bad' : 'badge-muted'}">${t(`hubs.state.${st}`)}</span></td></tr>`;
    })
    .join('');
  const modelOpts = (['p-median', 'set-cover', 'capacitated'] as Model[]).map((m) => `<option value="${m}" ${m === model ? 'selected' : ''}>${t(`hubs.model.${m}`)}</option>`).join('');
  root.innerHTML = `
    <h3>${t('hubs.current')}</h3>
    <div class="hint">${current.map(esc).join('、') || '—'}</div>
    <div class="form-grid" style="margin-top:10px">
      <label style="grid-column:1/-1">${t('hubs.model')}<select id="hubs-model" data-testid="hubs-model">${modelOpts}</select></label>
      <label>${t('hubs.p')}<input id="hubs-p" type="number" min="1" max="50" value="${p}" ${model === 'p-median' ? '' : 'disabled'}/></label>
      <label>${t('hubs.maxMinutes')}<input id="hubs-t" type="number" min="5" max="600" value="${maxMinutes}" ${model === 'set-cover' ? '' : 'disabled'}/></label>
    </div>
    <div class="actions"><button class="btn btn-primary" id="hubs-run" data-testid="hubs-run" ${running ? 'disabled' : ''}>${t('hubs.run')}</button>
      ${running ? `<div class="progress-bar" style="flex:1"><div style="width:${Math.round(progress * 100)}%"></div></div>` : ''}</div>
    ${error ? `<div class="error-box">${esc(error)}</div>` : ''}
    ${result ? resultHtml(result, names) : ''}
    <h3>${t('hubs.candidates')}</h3>
    <table class="data" data-testid="candidates-table"><tbody>${rows}</tbody></table>`;
  root.querySelector<HTMLSelectElement>('#hubs-model')!.onchange = (e) => { model = (e.target as HTMLSelectElement).value as Model; renderHubsPanel(root); };
  root.querySelector<HTMLInputElement>('#hubs-p')!.onchange = (e) => { p = Number((e.target as HTMLInputElement).value) || p; };
  root.querySelector<HTMLInputElement>('#hubs-t')!.onchange = (e) => { maxMinutes = Number((e.target as HTMLInputElement).value) || maxMinutes; };
  root.querySelectorAll<HTMLTableRowElement>('tr[data-cand]').forEach((tr) => { tr.onclick = () => toggleCandidate(tr.dataset.cand!); });
  root.querySelector<HTMLButtonElement>('#hubs-run')!.onclick = () => void run(root);
}

async function run(root: HTMLElement): Promise<void> {
  if (!state.scenarioId) return;
  running = true;
  progress = 0;
  error = '';
  renderHubsPanel(root);
  const pinned = [...state.hubStates].filter(([, s]) => s === 'open').map(([id]) => id);
  const banned = [...state.hubStates].filter(([, s]) => s === 'closed').map(([id]) => id);
  const body: Record<string, unknown> = { model, pinned, banned, timeLimit: 3 };
  if (model === 'p-median') body.p = p;
  if (model === 'set-cover') body.maxMinutes = maxMinutes;
  try {
    const { jobId } = await api.post<{ jobId: string }>(`/api/scenarios/${encodeURIComponent(state.scenarioId)}/hubs`, body);
    const final = await followJob(jobId, (job) => {
      progress = job.progress;
      const bar = root.querySelector<HTMLElement>('.actions .progress-bar > div');
      if (bar) bar.style.width = `${Math.round(progress * 100)}%`;
    });
    if (final.status === 'done') {
      result = final.result as HubsView;
      state.proposedHubs = result.hubs;
      emit('hubs');
    } else error = final.error ?? final.status;
  } catch (err) {
    error = (err as Error).message;
  }
  running = false;
  renderHubsPanel(root);
}

function routingOf(r: Routing | { skipped: string }): Routing | null {
  return 'skipped' in r ? null : r;
}

function resultHtml(r: HubsView, names: Map<string, string>): string {
  const now = routingOf(r.current.routing);
  const next = routingOf(r.routing);
  const proposedColor = '#7e22ce';
  const currentColor = '#1d4ed8';
  const groups = [];
  if (now && next) {
    groups.push({ label: t('chart.cost'), bars: [
      { name: t('hubs.now'), value: now.totalCost, color: currentColor, text: fmtMoney(now.totalCost) },
      { name: t('hubs.new'), value: next.totalCost, color: proposedColor, text: fmtMoney(next.totalCost) },
    ] });
    groups.push({ label: t('kpi.serviceCompliance'), bars: [
      { name: t('hubs.now'), value: now.serviceCompliance, color: currentColor, text: fmtPct(now.serviceCompliance) },
      { name: t('hubs.new'), value: next.serviceCompliance, color: proposedColor, text: fmtPct(next.serviceCompliance) },
    ] });
  }
  if (r.weightedMinutes !== undefined && r.current.weightedMinutes !== undefined) {
    groups.push({ label: 'Σ parcel·min', bars: [
      { name: t('hubs.now'), value: r.current.weightedMinutes, color: currentColor, text: fmtNumber(r.current.weightedMinutes) },
      { name: t('hubs.new'), value: r.weightedMinutes, color: proposedColor, text: fmtNumber(r.weightedMinutes) },
    ] });
  }
  return `<h3>${t('hubs.result')}</h3>
    <div class="kpis" data-testid="hubs-result">
      <div class="kpi hl"><div class="v">${r.hubs.length}</div><div class="k">${t('hubs.chosen')}</div></div>
      <div class="kpi"><div class="v">${fmtNumber(r.objective, 0)}</div><div class="k" title="${esc(r.objectiveUnit ?? '')}">${t('hubs.objective')}</div></div>
      <div class="kpi"><div class="v">${r.gap === null ? '—' : fmtPct(r.gap, 2)}</div><div class="k">${t('hubs.gap')}</div></div>
      <div class="kpi"><div class="v">${next ? fmtMoney(next.totalCost) : '—'}</div><div class="k">${t('hubs.routingCost')}</div></div>
    </div>
    <div class="hint">${r.hubs.map((h) => esc(names.get(h) ?? h)).join('、')}</div>
    ${groups.length ? legendRow([{ name: t('hubs.now'), color: currentColor }, { name: t('hubs.new'), color: proposedColor }]) + groupedBars(groups) : ''}
    ${r.detail ? `<div class="hint">${esc(r.detail)}</div>` : ''}`;
}
