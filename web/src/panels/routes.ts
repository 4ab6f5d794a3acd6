/** Routes panel: one row per vehicle (click: highlight on the map and list its stops), print, CSV. */
import { t, fmtMoney, fmtNumber, getLang } from '../i18n.ts';
import { state, emit, esc, routeColor } from '../state.ts';
import { bindHorizonDayPicker, horizonDayPickerHtml } from './horizon-day.ts';

export function renderRoutesPanel(root: HTMLElement): void {
  const plan = state.plan;
  if (!plan) {
    root.innerHTML = `<div class="empty">${t('routes.none')}</div>`;
    return;
  }
  const place = placeIndex();
  const rows = plan.routes
    .map((r, i) => {
      const sel = state.selectedRoute === i;
      const head = `<tr class="clickable${sel ? ' selected' : ''}" data-route="${i}" data-testid="route-row">
        <td><span class="swatch" style="background:${routeColor(i)}"></span>${esc(r.vehicle)}${r.kind === 'trunk' ? ` <span class="badge badge-muted">${t('routes.trunk')}</span>` : ''}</td>
        <td>${esc(place.get(r.depot)?.name ?? r.depot)}</td>
        <td class="num">${r.stops.length}</td>
        <td>${r.departure}–${r.returnTime}</td>
        <td class="num">${fmtNumber(r.km, 1)}</td>
        <td class="num">${fmtMoney(r.cost)}</td></tr>`;
      if (!sel) return head;
      const stops = r.stops
        .map(
          (s, k) =>
            `<tr class="stops"><td>${k + 1}. ${esc(place.get(s.stationId)?.name ?? s.stationId)}</td><td>${esc(place.get(s.stationId)?.townshipName ?? '')}</td><td class="num">${s.parcelsDown}↓ ${s.parcelsUp}↑</td><td>${s.arrival}</td><td class="num" colspan="2">${t('routes.loadAfter')} ${s.load}</td></tr>`,
        )
        .join('');
      return head + stops;
    })
    .join('');
  root.innerHTML = `
    <div class="actions" style="margin-top:0">
      <button class="btn" id="routes-print" data-testid="routes-print">${t('routes.print')}</button>
      <a class="btn" href="/api/plans/${encodeURIComponent(plan.id)}/route-sheets.csv?lang=${getLang()}" data-testid="routes-csv" download>⬇ ${t('routes.csv')}</a>
      <a class="btn" href="/api/plans/${encodeURIComponent(plan.id)}/routes.geojson" download="routes-${esc(plan.id)}.geojson">⬇ ${t('routes.geojson')}</a>
      ${state.selectedRoute !== null ? `<button class="btn btn-sm" id="routes-all">${t('routes.showAll')}</button>` : ''}
      ${horizonDayPickerHtml(plan)}
    </div>
    <table class="data" data-testid="routes-table">
      <thead><tr><th>${t('routes.vehicle')}</th><th>${t('routes.depot')}</th><th class="num">${t('routes.stops')}</th><th>${t('routes.time')}</th><th class="num">${t('routes.km')}</th><th class="num">${t('routes.cost')}</th></tr></thead>
      <tbody>${rows}</tbody>
    </table>`;
  root.querySelectorAll<HTMLTableRowElement>('tr[data-route]').forEach((tr) => {
    tr.onclick = () => {
      const i = Number(tr.dataset.route);
      state.selectedRoute = state.selectedRoute === i ? null : i;
      emit('selection');
    };
  });
  bindHorizonDayPicker(root);
  root.querySelector<HTMLButtonElement>('#routes-all')?.addEventListener('click', () => {
    state.selectedRoute = null;
    emit('selection');
  });
  root.querySelector<HTMLButtonElement>('#routes-print')!.onclick = () => {
    printSheets();
    window.print();
  };
}

function placeIndex(): Map<string, { name: string; townshipName: string }> {
  const m = new Map<string, { name: string; townshipName: string }>();
  for (const f of state.geo?.features ?? []) {
    if (f.properties.layer === 'place')
      m.set(String(f.properties.id), {
        name: String(f.properties.name),
        townshipName: String(f.properties.townshipName ?? ''),
      });
  }
  return m;
}

/** Fills the print-only area with one sheet per route (selected route only, if one is selected). */
function printSheets(): void {
  const plan = state.plan!;
  const place = placeIndex();
  const county = state.scenario?.county.name ?? '';
  const routes = plan.routes
    .map((r, i) => ({ r, i }))
    .filter(({ i }) => state.selectedRoute === null || state.selectedRoute === i);
  document.getElementById('print-area')!.innerHTML = routes
    .map(
      ({ r }) => `<div class="sheet"><h2>${esc(t('routes.sheetTitle', { vehicle: r.vehicle }))}</h2>
      <div>${esc(t('routes.sheetMeta', { county, day: plan.day, dep: r.departure, ret: r.returnTime, km: fmtNumber(r.km, 1) }))}</div>
      <table><thead><tr><th>${t('routes.seq')}</th><th>${t('routes.station')}</th><th>${t('routes.township')}</th><th>${t('routes.arrival')}</th><th>${t('routes.down')}</th><th>${t('routes.up')}</th><th>${t('routes.loadAfter')}</th><th>${t('routes.receivedCol')}</th></tr></thead>
      <tbody>${r.stops.map((s, k) => `<tr><td>${k + 1}</td><td>${esc(place.get(s.stationId)?.name ?? s.stationId)}</td><td>${esc(place.get(s.stationId)?.townshipName ?? '')}</td><td>${s.arrival}</td><td>${s.parcelsDown}</td><td>${s.parcelsUp}</td><td>${s.load}</td><td></td></tr>`).join('')}</tbody></table>
      <div class="sign">${esc(t('routes.sign'))}</div></div>`,
    )
    .join('');
}
