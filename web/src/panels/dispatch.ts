/** Dispatch tab: plans of dates → freeze as dispatch; sheets to download; one driver page per vehicle. */
import { api } from '../api.ts';
import { t } from '../i18n.ts';
import { esc, state } from '../state.ts';
import { errorBox, langQuery, withLang } from './ops-common.ts';

interface DatePlanRow {
  planId: string;
  date: string;
  createdAt: string;
  dispatchId: string | null;
}
interface DispatchLine {
  vehicle: string;
}
interface DispatchDoc {
  id: string;
  date: string;
  lines: DispatchLine[];
}

let message = '';
/** Loads a stored plan into the map and the Routes tab (main.ts's loadPlan, handed over at registration). */
let loadPlan: ((planId: string) => Promise<void>) | null = null;

export function setPlanLoader(fn: (planId: string) => Promise<void>): void {
  loadPlan = fn;
}

export async function renderDispatchPanel(root: HTMLElement): Promise<void> {
  const id = state.scenarioId;
  if (!id) return;
  let plans: DatePlanRow[] = [];
  try {
    plans = (await api.get<{ plans: DatePlanRow[] }>(`/api/scenarios/${encodeURIComponent(id)}/date-plans`)).plans;
  } catch (err) {
    root.innerHTML = errorBox((err as Error).message);
    return;
  }
  const dispatched = [...new Set(plans.map((p) => p.dispatchId).filter((x): x is string => Boolean(x)))];
  const docs = await Promise.all(
    dispatched.map((d) => api.get<DispatchDoc>(`/api/dispatches/${encodeURIComponent(d)}`)),
  );
  const dispatchedDates = new Set(docs.map((d) => d.date));
  root.innerHTML = `
    <h3>${t('ops.plans')}</h3>
    <div id="dsp-message">${message}</div>
    ${
      plans.length === 0
        ? `<div class="empty">${t('ops.none')}</div>`
        : `<table class="data" data-testid="dsp-plans"><tbody>
      ${plans.map((p) => `<tr class="${state.plan?.id === p.planId ? 'selected' : ''}" data-testid="dsp-plan-row"><td>${esc(p.date)}</td><td class="hint">${esc(p.planId)}</td><td>${p.dispatchId ? `<span class="badge badge-ok">${t('ops.dispatched')}</span>` : dispatchedDates.has(p.date) ? '' : `<button class="btn" data-plan="${esc(p.planId)}" data-testid="dsp-freeze">${t('ops.dispatch')}</button>`}</td><td><button class="btn btn-sm" data-show-plan="${esc(p.planId)}" data-testid="dsp-show">${t('ops.showOnMap')}</button></td></tr>`).join('')}</tbody></table>`
    }
    <h3>${t('ops.dispatches')}</h3>
    ${
      docs
        .map((d) => {
          const vehicles = [...new Set(d.lines.map((l) => l.vehicle))];
          const base = `/api/dispatches/${encodeURIComponent(d.id)}`;
          return `<div class="card" data-testid="dsp-card"><b>${esc(d.date)}</b> <span class="hint">${esc(d.id)}</span>
        <div>${t('ops.sheets')}: <a href="${base}/dispatch.pdf?${langQuery()}" target="_blank">PDF</a> · <a href="${base}/dispatch.xlsx?${langQuery()}">XLSX</a> · <a href="${base}/routes.csv?${langQuery()}">CSV</a></div>
        <div>${t('ops.driverPages')}: ${vehicles.map((v) => `<a class="driver-link" data-testid="driver-link" href="/driver.html?dispatch=${encodeURIComponent(d.id)}&vehicle=${encodeURIComponent(v)}" target="_blank">${esc(v)}</a>`).join(' ')}</div></div>`;
        })
        .join('') || `<div class="empty">${t('ops.none')}</div>`
    }`;
  // A date plan is a stored plan like any other: selecting it draws its routes on the map and lists them in Routes.
  root.querySelectorAll<HTMLButtonElement>('button[data-show-plan]').forEach((b) => {
    b.onclick = async () => {
      try {
        await loadPlan?.(b.dataset.showPlan!);
        message = '';
      } catch (err) {
        message = errorBox((err as Error).message);
      }
      void renderDispatchPanel(root);
    };
  });
  root.querySelectorAll<HTMLButtonElement>('button[data-plan]').forEach((b) => {
    b.onclick = async () => {
      try {
        await api.post(withLang(`/api/plans/${encodeURIComponent(b.dataset.plan!)}/dispatch`), {});
        message = '';
      } catch (err) {
        message = errorBox((err as Error).message);
      }
      void renderDispatchPanel(root);
    };
  });
}
