/** Manifests tab: upload a carrier's manifest for a date, list the date's manifests, plan the date. */
import { api } from '../api.ts';
import { fmtNumber, t } from '../i18n.ts';
import { esc, state } from '../state.ts';
import { errorBox, opsState, uploadFile, withLang } from './ops-common.ts';

interface ManifestView {
  id: string;
  date: string;
  carrier: string;
  rows: number;
  parcelsDown: number;
  parcelsUp: number;
  source?: string;
}
interface DatePlanView {
  id: string;
  date: string;
  kpis: { vehiclesUsed: number; parcelsDown: number };
  carriedOver: { parcels: number };
}

let message = '';

export async function renderManifestsPanel(root: HTMLElement): Promise<void> {
  const id = state.scenarioId;
  if (!id) return;
  const carriers = state.scenario?.carriers ?? [];
  let list: ManifestView[] = [];
  let listError = '';
  try {
    list = (
      await api.get<{ manifests: ManifestView[] }>(
        `/api/scenarios/${encodeURIComponent(id)}/manifests?date=${opsState.date}`,
      )
    ).manifests;
  } catch (err) {
    listError = (err as Error).message;
  }
  root.innerHTML = `
    <h3>${t('tab.manifests')}</h3>
    <div class="form-grid">
      <label>${t('ops.date')} <input type="date" id="mf-date" data-testid="mf-date" value="${esc(opsState.date)}"></label>
      <label>${t('ops.carrier')} <select id="mf-carrier" data-testid="mf-carrier">${carriers.map((c) => `<option value="${esc(c.id)}">${esc(c.name)} (${esc(c.id)})</option>`).join('')}</select></label>
      <label>${t('ops.file')} <input type="file" id="mf-file" data-testid="mf-file" accept=".csv,.xlsx"></label>
      <label class="check"><input type="checkbox" id="mf-replace"> ${t('ops.replace')}</label>
      <div class="actions"><button class="btn btn-primary" id="mf-upload" data-testid="mf-upload">${t('ops.upload')}</button>
        <button class="btn" id="mf-plan" data-testid="mf-plan">${t('ops.planDate')}</button></div>
    </div>
    <div id="mf-message" data-testid="mf-message">${message}</div>
    <h3>${t('ops.manifestsOf', { date: opsState.date })}</h3>
    ${
      listError
        ? errorBox(listError)
        : list.length === 0
          ? `<div class="empty">${t('ops.none')}</div>`
          : `<table class="data" data-testid="mf-table"><thead><tr><th>${t('ops.carrier')}</th><th class="num">${t('ops.rows')}</th><th class="num">${t('ops.down')}</th><th class="num">${t('ops.up')}</th></tr></thead><tbody>
      ${list.map((m) => `<tr><td>${esc(m.carrier)}</td><td class="num">${fmtNumber(m.rows)}</td><td class="num">${fmtNumber(m.parcelsDown)}</td><td class="num">${fmtNumber(m.parcelsUp)}</td></tr>`).join('')}</tbody></table>`
    }`;
  const rerender = () => void renderManifestsPanel(root);
  root.querySelector<HTMLInputElement>('#mf-date')!.onchange = (e) => {
    opsState.date = (e.target as HTMLInputElement).value;
    message = '';
    rerender();
  };
  root.querySelector<HTMLButtonElement>('#mf-upload')!.onclick = async () => {
    const file = root.querySelector<HTMLInputElement>('#mf-file')!.files?.[0];
    if (!file) return;
    const carrier = root.querySelector<HTMLSelectElement>('#mf-carrier')!.value;
    const replace = root.querySelector<HTMLInputElement>('#mf-replace')!.checked;
    try {
      const r = await uploadFile<ManifestView>(
        `/api/scenarios/${encodeURIComponent(id)}/manifests?date=${opsState.date}&carrier=${encodeURIComponent(carrier)}${replace ? '&replace=true' : ''}`,
        file,
      );
      message = `<div class="badge badge-ok">${esc(t('ops.uploaded', { carrier: r.carrier, date: r.date, rows: r.rows, down: r.parcelsDown, up: r.parcelsUp }))}</div>`;
    } catch (err) {
      message = errorBox((err as Error).message);
    }
    rerender();
  };
  root.querySelector<HTMLButtonElement>('#mf-plan')!.onclick = async () => {
    root.querySelector('#mf-message')!.innerHTML = `<div class="hint">${t('ops.planning')}</div>`;
    try {
      const p = await api.post<DatePlanView>(withLang(`/api/scenarios/${encodeURIComponent(id)}/plans`), {
        date: opsState.date,
        timeLimit: 2,
      });
      opsState.lastPlanId = p.id;
      message = `<div class="badge badge-ok" data-testid="mf-planned">${esc(t('ops.planned', { date: p.date, vehicles: p.kpis.vehiclesUsed, down: p.kpis.parcelsDown, carried: p.carriedOver.parcels }))}</div>`;
    } catch (err) {
      message = errorBox((err as Error).message);
    }
    rerender();
  };
}
