/** Ledger tab (台账): date × station × carrier, with totals and the plan-vs-actual KPIs; XLSX download. */
import type { Ledger as LedgerView, LedgerCounts } from '../../../src/operations/types.ts';
import { api } from '../api.ts';
import { fmtNumber, fmtPct, t } from '../i18n.ts';
import { esc, state } from '../state.ts';
import { errorBox, langQuery, opsState } from './ops-common.ts';

// The server's own types (type-only: nothing of src/ is bundled).
type Ledger = Pick<LedgerView, 'rows' | 'totals'>;

let from = '';
let to = '';

export async function renderLedgerPanel(root: HTMLElement): Promise<void> {
  const id = state.scenarioId;
  if (!id) return;
  from ||= opsState.date;
  to ||= opsState.date;
  const names = new Map(
    (state.geo?.features ?? [])
      .filter((f) => f.properties.layer === 'place')
      .map((f) => [String(f.properties.id), String(f.properties.name)] as const),
  );
  let body = '';
  try {
    const q = `from=${from}&to=${to}`;
    const l = await api.get<Ledger>(`/api/scenarios/${encodeURIComponent(id)}/ledger?${q}`);
    const tt = l.totals;
    const cells = (r: LedgerCounts) =>
      [r.dispatched, r.delivered, r.failed, r.carriedOver, r.pickedUp, r.onTime, r.pending]
        .map((v) => `<td class="num">${fmtNumber(v)}</td>`)
        .join('');
    body = `<div class="summary-line" data-testid="ledger-kpis">${t('ops.deliveredShare')} ${fmtPct(tt.deliveredShare)} · ${t('ops.onTimeShare')} ${fmtPct(tt.onTimeShare)} · ${t('ops.carriedOver')} ${fmtNumber(tt.carriedOver)} · ${t('ops.delay')} ${tt.meanArrivalDelayMinutes ?? '—'}
      · <a href="/api/scenarios/${encodeURIComponent(id)}/ledger?${q}&format=xlsx&${langQuery()}">XLSX</a></div>
      <table class="data" data-testid="ledger-table"><thead><tr><th>${t('ops.date')}</th><th>${t('ops.station')}</th><th>${t('ops.carrier')}</th><th class="num">${t('ops.dispatchedN')}</th><th class="num">${t('ops.delivered')}</th><th class="num">${t('ops.failed')}</th><th class="num">${t('ops.carriedOver')}</th><th class="num">${t('ops.pickedUp')}</th><th class="num">${t('ops.onTime')}</th><th class="num">${t('ops.pending')}</th></tr></thead>
      <tbody>${l.rows.map((r) => `<tr data-testid="ledger-row" data-key="${esc(`${r.date}|${r.stationId}|${r.carrierId}`)}"><td>${esc(r.date)}</td><td>${esc(names.get(r.stationId) ?? r.stationId)}</td><td>${esc(r.carrierId)}</td>${cells(r)}</tr>`).join('')}</tbody>
      <tfoot><tr><td colspan="3">${t('ops.total')}</td>${cells(tt)}</tr></tfoot></table>`;
  } catch (err) {
    body = errorBox((err as Error).message);
  }
  root.innerHTML = `<h3>${t('tab.ledger')}</h3>
    <div class="form-grid"><label>${t('ops.from')} <input type="date" id="lg-from" value="${esc(from)}"></label><label>${t('ops.to')} <input type="date" id="lg-to" value="${esc(to)}"></label>
    <button class="btn" id="lg-show" data-testid="ledger-show">${t('ops.show')}</button></div>${body}`;
  root.querySelector<HTMLButtonElement>('#lg-show')!.onclick = () => {
    from = root.querySelector<HTMLInputElement>('#lg-from')!.value;
    to = root.querySelector<HTMLInputElement>('#lg-to')!.value;
    void renderLedgerPanel(root);
  };
}
