/** Reports tab: monthly report upward (JSON summary here; PDF and XLSX from the server in the UI language). */
import { api } from '../api.ts';
import { fmtNumber, fmtPct, t } from '../i18n.ts';
import { esc, state } from '../state.ts';
import { errorBox, langQuery, opsState } from './ops-common.ts';

interface Tally {
  name: string;
  parcelsDown: number;
  delivered: number;
  failed: number;
  parcelsUp: number;
}
interface Report {
  totals: { dispatched: number; delivered: number; deliveredShare: number; onTimeShare: number };
  byTownship: Tally[];
  byCarrier: Tally[];
  byDay: Tally[];
  costPerParcel: number | null;
  costTrend: number | null;
  scorecard: { asOf: string; weightedScore: number | null };
}

let month = '';

const table = (
  title: string,
  rows: Tally[],
) => `<h4>${title}</h4><table class="data"><thead><tr><th></th><th class="num">${t('ops.down')}</th><th class="num">${t('ops.delivered')}</th><th class="num">${t('ops.failed')}</th><th class="num">${t('ops.pickedUp')}</th></tr></thead>
  <tbody>${rows.map((r) => `<tr><td>${esc(r.name)}</td><td class="num">${fmtNumber(r.parcelsDown)}</td><td class="num">${fmtNumber(r.delivered)}</td><td class="num">${fmtNumber(r.failed)}</td><td class="num">${fmtNumber(r.parcelsUp)}</td></tr>`).join('')}</tbody></table>`;

export async function renderReportsPanel(root: HTMLElement): Promise<void> {
  const id = state.scenarioId;
  if (!id) return;
  month ||= opsState.date.slice(0, 7);
  root.innerHTML = `<h3>${t('tab.reports')}</h3><div class="form-grid"><label>${t('ops.month')} <input type="month" id="rp-month" value="${esc(month)}"></label>
    <button class="btn" id="rp-run" data-testid="report-run">${t('ops.report')}</button></div><div id="rp-body"></div>`;
  root.querySelector<HTMLButtonElement>('#rp-run')!.onclick = async () => {
    month = root.querySelector<HTMLInputElement>('#rp-month')!.value;
    const out = root.querySelector('#rp-body')!;
    out.innerHTML = `<div class="hint">${t('loading')}</div>`;
    try {
      const base = `/api/scenarios/${encodeURIComponent(id)}/report?month=${month}`;
      const r = await api.get<Report>(base);
      out.innerHTML = `<div class="summary-line" data-testid="report-summary">${t('ops.dispatchedN')} ${fmtNumber(r.totals.dispatched)} · ${t('ops.deliveredShare')} ${fmtPct(r.totals.deliveredShare)} · ${t('ops.onTimeShare')} ${fmtPct(r.totals.onTimeShare)}
        · ${t('ops.costPerParcel')} ${r.costPerParcel ?? '—'} · ${t('ops.costTrend')} ${r.costTrend ?? '—'}${r.scorecard.weightedScore !== null ? ` · ${t('ops.score')} ${r.scorecard.weightedScore}` : ''}</div>
        <div><a href="${base}&format=pdf&${langQuery()}" target="_blank">PDF</a> · <a href="${base}&format=xlsx&${langQuery()}">XLSX</a></div>
        ${table(t('ops.byTownship'), r.byTownship)}${table(t('ops.byCarrier'), r.byCarrier)}${table(t('ops.byDay'), r.byDay)}`;
    } catch (err) {
      out.innerHTML = errorBox((err as Error).message);
    }
  };
}
