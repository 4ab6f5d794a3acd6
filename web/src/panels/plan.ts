/** Plan panel: day / mode / horizon, run as a job with SSE progress, KPIs, savings chart, unassigned list. */
import { api, followJob, type JobView } from '../api.ts';
import { groupedBars, legendRow } from '../charts.ts';
import { t, fmtMoney, fmtNumber, fmtPct } from '../i18n.ts';
import { state, emit, esc } from '../state.ts';
import type { StoredPlanView, PlanKpis } from '../types.ts';

type Mode = 'shared' | 'separate' | 'compare';
let mode: Mode = 'shared';
let running: { jobId: string } | null = null;
let lastJob: JobView | null = null;
let lastError = '';
let timeLimit = 5;
let horizonOn = false;
let horizonDays = 7;

export function renderPlanPanel(root: HTMLElement, loadPlan: (id: string) => Promise<void>): void {
  const sc = state.scenario;
  if (!sc) {
    root.innerHTML = `<div class="empty">${t('loading')}</div>`;
    return;
  }
  const dayOptions = sc.days
    .map(
      (d) =>
        `<option value="${d.day}" ${d.day === state.day ? 'selected' : ''}>${esc(t('plan.dayOption', { day: d.day, parcels: fmtNumber(d.parcelsDown + d.parcelsUp), stations: d.stations }))}</option>`,
    )
    .join('');
  const seg = (['shared', 'separate', 'compare'] as Mode[])
    .map(
      (m) =>
        `<button type="button" data-mode="${m}" data-testid="mode-${m}" class="${m === mode ? 'on' : ''}">${t(`plan.mode.${m}`)}</button>`,
    )
    .join('');
  const job = lastJob;
  const pct = job ? Math.round((job.status === 'done' ? 1 : job.progress) * 100) : 0;
  let statusText = '';
  if (job) {
    if (job.status === 'queued') statusText = t('plan.queued');
    else if (job.status === 'running') statusText = t('plan.running', { pct });
    else if (job.status === 'done') statusText = t('plan.done');
    else if (job.status === 'cancelled') statusText = t('plan.cancelled');
    else statusText = t('plan.failed', { error: job.error ?? '' });
  }
  const best = job?.bestCost !== undefined ? t('plan.best', { cost: fmtNumber(job.bestCost, 0) }) : '';
  root.innerHTML = `
    <h3>${t('plan.settings')}</h3>
    <div class="form-grid">
      <label style="grid-column:1/-1">${t('plan.day')}<select id="plan-day" data-testid="plan-day">${dayOptions}</select></label>
      <div class="segmented" role="group">${seg}</div>
      <label class="check"><input type="checkbox" id="plan-horizon-on" data-testid="plan-horizon" ${horizonOn ? 'checked' : ''}/> ${t('plan.horizon')}</label>
      <label>${t('plan.horizonDays')}<input type="number" id="plan-horizon-days" min="1" max="28" value="${horizonDays}" ${horizonOn ? '' : 'disabled'}/></label>
      <label>${t('plan.timeLimit')}<input type="number" id="plan-time" data-testid="plan-time" min="1" max="600" step="1" value="${timeLimit}"/></label>
    </div>
    <div class="actions">
      <button class="btn btn-primary" id="plan-run" data-testid="plan-run" ${running ? 'disabled' : ''}>${t('plan.run')}</button>
      <button class="btn btn-danger" id="plan-cancel" data-testid="plan-cancel" ${running ? '' : 'hidden'}>${t('plan.cancel')}</button>
    </div>
    <div class="progress" ${job ? '' : 'hidden'}>
      <div class="progress-bar"><div data-testid="plan-progress" style="width:${pct}%"></div></div>
      <div class="progress-text"><span data-testid="plan-status">${esc(statusText)}</span><span>${esc(best)}</span></div>
    </div>
    ${lastError ? `<div class="error-box" data-testid="plan-error">${esc(lastError)}</div>` : ''}
    <div id="plan-result">${resultHtml(state.plan)}</div>
    ${storedPlansHtml()}
  `;
  root.querySelector<HTMLSelectElement>('#plan-day')!.onchange = (e) => {
    state.day = Number((e.target as HTMLSelectElement).value);
    emit('style');
  };
  root.querySelectorAll<HTMLButtonElement>('[data-mode]').forEach((b) => {
    b.onclick = () => {
      mode = b.dataset.mode as Mode;
      renderPlanPanel(root, loadPlan);
    };
  });
  root.querySelector<HTMLInputElement>('#plan-horizon-on')!.onchange = (e) => {
    horizonOn = (e.target as HTMLInputElement).checked;
    renderPlanPanel(root, loadPlan);
  };
  root.querySelector<HTMLInputElement>('#plan-horizon-days')!.onchange = (e) => {
    horizonDays = Number((e.target as HTMLInputElement).value) || 7;
  };
  root.querySelector<HTMLInputElement>('#plan-time')!.onchange = (e) => {
    timeLimit = Math.max(1, Number((e.target as HTMLInputElement).value) || 5);
  };
  root.querySelector<HTMLButtonElement>('#plan-run')!.onclick = () => void run(root, loadPlan);
  root.querySelector<HTMLButtonElement>('#plan-cancel')!.onclick = () => {
    if (running)
      void api.del(`/api/jobs/${running.jobId}`).catch((err) => {
        lastError = String(err.message ?? err);
        renderPlanPanel(root, loadPlan);
      });
  };
  root.querySelectorAll<HTMLButtonElement>('[data-load-plan]').forEach((b) => {
    b.onclick = () => void loadPlan(b.dataset.loadPlan!);
  });
}

async function run(root: HTMLElement, loadPlan: (id: string) => Promise<void>): Promise<void> {
  if (!state.scenarioId || running) return;
  lastError = '';
  const scenarioId = state.scenarioId;
  const body: Record<string, unknown> = { day: state.day, mode, timeLimit };
  if (horizonOn) body.horizon = horizonDays;
  try {
    const { jobId } = await api.post<{ jobId: string }>(
      `/api/scenarios/${encodeURIComponent(state.scenarioId)}/plans`,
      body,
    );
    running = { jobId };
    lastJob = { id: jobId, status: 'queued', progress: 0 };
    renderPlanPanel(root, loadPlan);
    const final = await followJob(jobId, (job) => {
      lastJob = job;
      updateProgress(root, job);
    });
    running = null;
    lastJob = final;
    // The user may have switched scenario meanwhile: show the plan only where it belongs.
    if (final.status === 'done' && final.planId && state.scenarioId === scenarioId) await loadPlan(final.planId);
    else if (final.status === 'failed') lastError = final.error ?? 'failed';
  } catch (err) {
    running = null;
    lastError = (err as Error).message;
  }
  renderPlanPanel(root, loadPlan);
}

/** Cheap in-place update while the job runs (no full re-render on every SSE message). */
function updateProgress(root: HTMLElement, job: JobView): void {
  const bar = root.querySelector<HTMLElement>('[data-testid="plan-progress"]');
  const status = root.querySelector<HTMLElement>('[data-testid="plan-status"]');
  if (!bar || !status) return;
  const pct = Math.round(job.progress * 100);
  bar.style.width = `${pct}%`;
  status.textContent = job.status === 'queued' ? t('plan.queued') : t('plan.running', { pct });
  const bestEl = status.nextElementSibling as HTMLElement | null;
  if (bestEl && job.bestCost !== undefined) bestEl.textContent = t('plan.best', { cost: fmtNumber(job.bestCost, 0) });
}

function kpiGrid(k: PlanKpis): string {
  const items: Array<[string, string, boolean?]> = [
    ['totalCost', fmtMoney(k.totalCost), true],
    ['costPerParcel', fmtMoney(k.costPerParcel, 2), true],
    ['km', `${fmtNumber(k.km, 0)} km`],
    ['hours', `${fmtNumber(k.hours, 1)} h`],
    ['vehiclesUsed', fmtNumber(k.vehiclesUsed)],
    ['stationsServed', fmtNumber(k.stationsServed)],
    ['stationsUnassigned', fmtNumber(k.stationsUnassigned)],
    ['serviceCompliance', fmtPct(k.serviceCompliance)],
  ];
  return `<div class="kpis" data-testid="kpis">${items
    .map(
      ([key, v, hl]) =>
        `<div class="kpi${hl ? ' hl' : ''}" data-testid="kpi-${key}"><div class="v">${v}</div><div class="k">${t(`kpi.${key}`)}</div></div>`,
    )
    .join(
      '',
    )}</div><div class="hint">${t('kpi.parcels')}: ${fmtNumber(k.parcelsDown)} / ${fmtNumber(k.parcelsUp)}</div>`;
}

function resultHtml(plan: StoredPlanView | null): string {
  if (!plan) return `<h3>${t('plan.kpis')}</h3><div class="empty" data-testid="plan-empty">${t('plan.none')}</div>`;
  const parts = [
    `<h3>${t('plan.kpis')} · ${t(`plan.mode.${plan.mode}`)} · ${t('plan.day')} ${plan.day}</h3>`,
    kpiGrid(plan.kpis),
  ];
  if (plan.check) {
    parts.push(
      plan.check.feasible
        ? `<div class="hint"><span class="badge badge-ok">✓</span> ${t('plan.checkOk')}</div>`
        : `<div class="error-box">${t('plan.checkBad', { n: plan.check.violations.length })}<br>${plan.check.violations.slice(0, 5).map(esc).join('<br>')}</div>`,
    );
  }
  const c = plan.compare;
  if (c) {
    const sharedColor = '#0f766e';
    const sepColor = '#f59e0b';
    parts.push(`<h3>${t('plan.savings')}: ${fmtPct(c.savings.costShare)} · ${fmtMoney(c.savings.cost)}</h3>`);
    parts.push(
      legendRow([
        { name: t('chart.shared'), color: sharedColor },
        { name: t('chart.separate'), color: sepColor },
      ]),
    );
    parts.push(
      groupedBars(
        [
          {
            label: t('chart.cost'),
            bars: [
              {
                name: t('chart.shared'),
                value: c.shared.totalCost,
                color: sharedColor,
                text: fmtMoney(c.shared.totalCost),
              },
              {
                name: t('chart.separate'),
                value: c.separate.totalCost,
                color: sepColor,
                text: fmtMoney(c.separate.totalCost),
              },
            ],
          },
          {
            label: t('chart.km'),
            bars: [
              { name: t('chart.shared'), value: c.shared.km, color: sharedColor, text: fmtNumber(c.shared.km) },
              { name: t('chart.separate'), value: c.separate.km, color: sepColor, text: fmtNumber(c.separate.km) },
            ],
          },
          {
            label: t('chart.vehicles'),
            bars: [
              {
                name: t('chart.shared'),
                value: c.shared.vehiclesUsed,
                color: sharedColor,
                text: String(c.shared.vehiclesUsed),
              },
              {
                name: t('chart.separate'),
                value: c.separate.vehiclesUsed,
                color: sepColor,
                text: String(c.separate.vehiclesUsed),
              },
            ],
          },
        ],
        { testid: 'savings-chart' },
      ),
    );
    if (c.perCarrier?.length) {
      const names = new Map(state.scenario?.carriers.map((x) => [x.id, x.name]) ?? []);
      parts.push(`<h3>${t('plan.perCarrier')}</h3>`);
      parts.push(
        groupedBars(
          c.perCarrier.map((pc) => ({
            label: names.get(pc.carrierId) ?? pc.carrierId,
            bars: [
              { name: t('chart.separate'), value: pc.separateCost, color: sepColor, text: fmtMoney(pc.separateCost) },
              {
                name: t('chart.shared'),
                value: pc.sharedAllocated,
                color: sharedColor,
                text: fmtMoney(pc.sharedAllocated),
              },
            ],
          })),
          { sharedScale: true },
        ),
      );
      if (c.allocationRule) parts.push(`<div class="hint">${esc(c.allocationRule)}</div>`);
    }
  }
  const h = plan.horizon;
  if (h) {
    parts.push(`<h3>${t('plan.horizonResult')} (${h.days})</h3>`);
    parts.push(
      groupedBars(
        [
          {
            label: t('chart.cost'),
            bars: [
              {
                name: t('chart.periodic'),
                value: h.totalCost,
                color: '#0f766e',
                text: `${t('chart.periodic')} ${fmtMoney(h.totalCost)}`,
              },
              {
                name: t('chart.everyDay'),
                value: h.everyDayCost,
                color: '#94a3b8',
                text: `${t('chart.everyDay')} ${fmtMoney(h.everyDayCost)}`,
              },
            ],
          },
        ],
        { testid: 'horizon-chart' },
      ),
    );
  }
  if (plan.unassigned.length) {
    const names = new Map(
      state.geo?.features
        .filter((f) => f.properties.layer === 'place')
        .map((f) => [String(f.properties.id), String(f.properties.name)]) ?? [],
    );
    parts.push(
      `<h3>${t('plan.unassigned')} (${plan.unassigned.length})</h3><table class="data" data-testid="unassigned-table"><tbody>${plan.unassigned
        .slice(0, 200)
        .map(
          (u) =>
            `<tr><td class="name">${esc(names.get(u.stationId) ?? u.stationId)}</td><td class="reason"><span class="badge badge-bad">${esc(u.reason)}</span></td><td class="hint">${esc(u.detail ?? '')}</td></tr>`,
        )
        .join('')}</tbody></table>`,
    );
  }
  return parts.join('');
}

function storedPlansHtml(): string {
  const plans = state.scenario?.plans ?? [];
  if (!plans.length) return '';
  const rows = plans
    .slice()
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
    .slice(0, 8)
    .map(
      (p) =>
        `<tr><td>${esc(p.id)}</td><td>${esc(new Date(p.createdAt).toLocaleString())}</td><td class="num"><button class="btn btn-sm" data-load-plan="${esc(p.id)}">${t('plan.load')}</button></td></tr>`,
    )
    .join('');
  return `<h3>${t('plan.previous')}</h3><table class="data"><tbody>${rows}</tbody></table>`;
}
