/** Hubs panel: candidates open/closed by click (list or map), re-run hub location as a job, compare with now. */
import { api, followJob } from '../api.ts';
import { drawProposal, clearProposal, saveProposal, proposalOptions, setProposalOption } from '../proposal.ts';
import { groupedBars, legendRow } from '../charts.ts';
import { t, fmtMoney, fmtNumber, fmtPct } from '../i18n.ts';
import { state, emit, esc, type HubState } from '../state.ts';

type Model = 'p-median' | 'set-cover' | 'capacitated';
interface Routing {
  totalCost: number;
  serviceCompliance: number;
  km?: number;
  vehiclesUsed?: number;
  stationsUnassigned?: number;
  routes?: import('../types.ts').PlanRoute[];
}
interface HubsView {
  model: string;
  hubs: string[];
  objective: number;
  objectiveUnit?: string;
  gap: number | null;
  status?: string;
  seconds?: number;
  routing: Routing | { skipped: string };
  current: {
    hubs: string[];
    objective: number | null;
    weightedMinutes?: number;
    routing: Routing | { skipped: string };
  };
  weightedMinutes?: number;
  unserved?: Array<{ stationId: string; reason: string }>;
  detail?: string;
  assignment?: Record<string, string>;
}
export type { HubsView };

let model: Model = 'p-median';
let p = 5;
let maxMinutes = 45;
let running = false;
let progress = 0;
let result: HubsView | null = null;
let error = '';
let fixedCost = 300;
let capacity = 2000;
let jobId: string | null = null;
/** Scenario the result belongs to; the last proposal is restored from the job store after a reload. */
let resultFor: string | null = null;

async function restoreProposal(root: HTMLElement, scenarioId: string): Promise<void> {
  resultFor = scenarioId;
  result = null;
  clearProposal();
  const sid = encodeURIComponent(scenarioId);
  const [{ jobs }, { versions }] = await Promise.all([
    api
      .get<{ jobs: Array<{ kind: string; status: string; updatedAt: string; result?: HubsView }> }>(
        `/api/jobs?scenarioId=${sid}`,
      )
      .catch(() => ({ jobs: [] })),
    api
      .get<{ versions: Array<{ createdAt: string }> }>(`/api/scenarios/${sid}/versions`)
      .catch(() => ({ versions: [] })),
  ]);
  const last = jobs.find((j) => j.kind === 'hubs' && j.status === 'done' && j.result);
  // A proposal made before the scenario last changed (saved, or edited since) is stale: nothing to show.
  if (!last?.result || (versions[0] && versions[0].createdAt > last.updatedAt) || state.scenarioId !== scenarioId)
    return;
  result = last.result;
  state.proposedHubs = result.hubs;
  drawProposal(result);
  emit('hubs');
  renderHubsPanel(root);
}

const NEXT: Record<HubState, HubState> = { auto: 'open', open: 'closed', closed: 'auto' };

export function toggleCandidate(id: string): void {
  const cur = state.hubStates.get(id) ?? 'auto';
  state.hubStates.set(id, NEXT[cur]);
  emit('hubs');
}

function candidates() {
  return (state.geo?.features ?? []).filter(
    (f) => f.properties.layer === 'place' && (f.properties.kind === 'hub' || f.properties.kind === 'hub_candidate'),
  );
}

export function renderHubsPanel(root: HTMLElement): void {
  if (state.scenarioId && resultFor !== state.scenarioId && !running) void restoreProposal(root, state.scenarioId);
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
  const modelOpts = (['p-median', 'set-cover', 'capacitated'] as Model[])
    .map((m) => `<option value="${m}" ${m === model ? 'selected' : ''}>${t(`hubs.model.${m}`)}</option>`)
    .join('');
  root.innerHTML = `
    <h3>${t('hubs.current')}</h3>
    <div class="hint">${current.map(esc).join('、') || '—'}</div>
    <div class="form-grid" style="margin-top:10px">
      <label style="grid-column:1/-1">${t('hubs.model')}<select id="hubs-model" data-testid="hubs-model">${modelOpts}</select></label>
      <label>${t('hubs.p')}<input id="hubs-p" type="number" min="1" max="50" value="${p}" ${model === 'p-median' ? '' : 'disabled'}/></label>
      <label>${t('hubs.maxMinutes')}<input id="hubs-t" type="number" min="5" max="600" value="${maxMinutes}" ${model === 'set-cover' ? '' : 'disabled'}/></label>
      ${
        model === 'capacitated'
          ? `<label>${t('hubs.fixedCost')}<input id="hubs-fc" type="number" min="0" step="10" value="${fixedCost}" data-testid="hubs-fixed-cost"/></label>
      <label>${t('hubs.capacity')}<input id="hubs-cap" type="number" min="1" step="50" value="${capacity}" data-testid="hubs-capacity"/></label>`
          : ''
      }
    </div>
    <div class="explain" data-testid="hubs-explain">${t(`hubs.explain.${model}`)}</div>
    <div class="actions"><button class="btn btn-primary" id="hubs-run" data-testid="hubs-run" ${running ? 'disabled' : ''}>${t('hubs.run')}</button>
      ${running ? `<button class="btn btn-danger" id="hubs-cancel" data-testid="hubs-cancel">${t('hubs.cancel')}</button><div class="progress-bar" style="flex:1"><div style="width:${Math.round(progress * 100)}%"></div></div>` : ''}</div>
    ${error ? `<div class="error-box">${esc(error)}</div>` : ''}
    ${result ? resultHtml(result, names) : ''}
    <h3>${t('hubs.candidates')}</h3>
    <table class="data" data-testid="candidates-table"><tbody>${rows}</tbody></table>`;
  root.querySelector<HTMLSelectElement>('#hubs-model')!.onchange = (e) => {
    model = (e.target as HTMLSelectElement).value as Model;
    renderHubsPanel(root);
  };
  root.querySelector<HTMLInputElement>('#hubs-p')!.onchange = (e) => {
    p = Number((e.target as HTMLInputElement).value) || p;
  };
  root.querySelector<HTMLInputElement>('#hubs-t')!.onchange = (e) => {
    maxMinutes = Number((e.target as HTMLInputElement).value) || maxMinutes;
  };
  root.querySelectorAll<HTMLTableRowElement>('tr[data-cand]').forEach((tr) => {
    tr.onclick = () => toggleCandidate(tr.dataset.cand!);
  });
  root.querySelector<HTMLButtonElement>('#hubs-run')!.onclick = () => void run(root);
  root.querySelector<HTMLInputElement>('#hubs-fc')?.addEventListener('change', (e) => {
    fixedCost = Math.max(0, Number((e.target as HTMLInputElement).value) || 0);
  });
  root.querySelector<HTMLInputElement>('#hubs-cap')?.addEventListener('change', (e) => {
    capacity = Math.max(1, Number((e.target as HTMLInputElement).value) || capacity);
  });
  root.querySelector<HTMLButtonElement>('#hubs-cancel')?.addEventListener('click', () => {
    if (jobId) void api.del(`/api/jobs/${encodeURIComponent(jobId)}`).catch(() => {});
  });
  root.querySelector<HTMLButtonElement>('#hubs-save')?.addEventListener('click', async () => {
    if (!result) return;
    if (await saveProposal(result)) {
      result = null;
      state.proposedHubs = null;
      clearProposal();
      emit('hubs');
    }
  });
  root.querySelectorAll<HTMLInputElement>('[data-proposal-opt]').forEach((box) => {
    box.onchange = () => {
      setProposalOption(box.dataset.proposalOpt as 'routes' | 'assignment', box.checked);
      if (result) drawProposal(result);
    };
  });
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
  if (model === 'capacitated') {
    body.fixedCost = fixedCost;
    body.capacity = capacity;
  }
  result = null;
  resultFor = state.scenarioId;
  clearProposal();
  try {
    const submitted = await api.post<{ jobId: string }>(
      `/api/scenarios/${encodeURIComponent(state.scenarioId)}/hubs`,
      body,
    );
    jobId = submitted.jobId;
    renderHubsPanel(root);
    const final = await followJob(submitted.jobId, (job) => {
      progress = job.progress;
      const bar = root.querySelector<HTMLElement>('.actions .progress-bar > div');
      if (bar) bar.style.width = `${Math.round(progress * 100)}%`;
    });
    if (final.status === 'done') {
      result = final.result as HubsView;
      state.proposedHubs = result.hubs;
      drawProposal(result);
      emit('hubs');
    } else if (final.status === 'cancelled') {
      error = t('hubs.cancelled');
      state.proposedHubs = null;
      emit('hubs');
    } else error = final.error ?? final.status;
  } catch (err) {
    error = (err as Error).message;
  }
  running = false;
  jobId = null;
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
    groups.push({
      label: t('chart.cost'),
      bars: [
        { name: t('hubs.now'), value: now.totalCost, color: currentColor, text: fmtMoney(now.totalCost) },
        { name: t('hubs.new'), value: next.totalCost, color: proposedColor, text: fmtMoney(next.totalCost) },
      ],
    });
    groups.push({
      label: t('kpi.serviceCompliance'),
      bars: [
        { name: t('hubs.now'), value: now.serviceCompliance, color: currentColor, text: fmtPct(now.serviceCompliance) },
        {
          name: t('hubs.new'),
          value: next.serviceCompliance,
          color: proposedColor,
          text: fmtPct(next.serviceCompliance),
        },
      ],
    });
  }
  if (r.weightedMinutes !== undefined && r.current.weightedMinutes !== undefined) {
    groups.push({
      label: 'Σ parcel·min',
      bars: [
        {
          name: t('hubs.now'),
          value: r.current.weightedMinutes,
          color: currentColor,
          text: fmtNumber(r.current.weightedMinutes),
        },
        { name: t('hubs.new'), value: r.weightedMinutes, color: proposedColor, text: fmtNumber(r.weightedMinutes) },
      ],
    });
  }
  return `<h3>${t('hubs.result')}</h3>
    <div class="kpis" data-testid="hubs-result">
      <div class="kpi hl"><div class="v">${r.hubs.length}</div><div class="k">${t('hubs.chosen')}</div></div>
      <div class="kpi"><div class="v">${fmtNumber(r.objective, 0)}</div><div class="k" title="${esc(r.objectiveUnit ?? '')}">${t('hubs.objective')}</div></div>
      <div class="kpi"><div class="v">${r.gap === null ? '—' : fmtPct(r.gap, 2)}</div><div class="k">${t('hubs.gap')}</div></div>
      <div class="kpi"><div class="v">${next ? fmtMoney(next.totalCost) : '—'}</div><div class="k">${t('hubs.routingCost')}</div></div>
    </div>
    <div class="hint">${r.hubs.map((h) => esc(names.get(h) ?? h)).join('、')}</div>
    ${
      groups.length
        ? legendRow([
            { name: t('hubs.now'), color: currentColor },
            { name: t('hubs.new'), color: proposedColor },
          ]) + groupedBars(groups)
        : ''
    }
    ${r.detail ? `<div class="hint">${esc(r.detail)}</div>` : ''}
    <div class="hint">${t('hubs.routesNote')}</div>
    <div class="form-grid">
      <label class="check"><input type="checkbox" data-proposal-opt="routes" data-testid="proposal-routes" ${proposalOptions.routes ? 'checked' : ''}> ${t('hubs.showRoutes')}</label>
      <label class="check"><input type="checkbox" data-proposal-opt="assignment" data-testid="proposal-assignment" ${proposalOptions.assignment ? 'checked' : ''}> ${t('hubs.showAssignment')}</label>
    </div>
    <div class="actions"><button class="btn btn-primary" id="hubs-save" data-testid="hubs-save">${t('hubs.save')}</button></div>`;
}
