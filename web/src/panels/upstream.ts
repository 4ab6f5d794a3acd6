/** Upstream panel: county (first mile + county tariff) vs provincial capital vs platform, per parcel. */
import { api } from '../api.ts';
import { groupedBars } from '../charts.ts';
import { t, fmtMoney, fmtNumber } from '../i18n.ts';
import { state, esc } from '../state.ts';

interface Totals {
  parcels: number;
  countyPerParcel: number;
  capitalPerParcel: number;
  platformPerParcel: number;
  parity: number | null;
  parityPlatform: number | null;
}
interface UpstreamView {
  day: number;
  allocationRule: string;
  overall: Totals;
  carriers: Array<{ carrierId: string; parcels: number; countyTariff: number; pooledCountyTariff: number }>;
  pooled: { volume: number; county: number; parity: number | null; savings: number };
  missing: unknown[];
  targetMet: boolean | null;
}

let data: UpstreamView | null = null;
let loadedFor = '';
let error = '';

export async function renderUpstreamPanel(root: HTMLElement): Promise<void> {
  const plan = state.plan;
  if (!plan || !state.scenarioId) {
    root.innerHTML = `<div class="empty">${t('up.needPlan')}</div>`;
    return;
  }
  if (loadedFor !== plan.id) {
    root.innerHTML = `<div class="empty">${t('loading')}</div>`;
    try {
      data = await api.get<UpstreamView>(
        `/api/scenarios/${encodeURIComponent(state.scenarioId)}/upstream?planId=${encodeURIComponent(plan.id)}`,
      );
      error = '';
    } catch (err) {
      data = null;
      error = (err as Error).message;
    }
    loadedFor = plan.id;
  }
  if (error || !data) {
    root.innerHTML = `<div class="error-box">${esc(t('error.load', { error }))}</div>`;
    return;
  }
  const o = data.overall;
  const colors = { county: '#0f766e', capital: '#2563eb', platform: '#f59e0b', pooled: '#14b8a6' };
  const pooledPerParcel = data.pooled.volume > 0 ? data.pooled.county / data.pooled.volume : o.countyPerParcel;
  const bar = (key: 'county' | 'pooled' | 'capital' | 'platform', value: number) => ({
    label: t(`up.${key}`),
    bars: [{ name: t(`up.${key}`), value, color: colors[key], text: fmtMoney(value, 2) }],
  });
  const chart = groupedBars(
    [
      bar('county', o.countyPerParcel),
      bar('pooled', pooledPerParcel),
      bar('capital', o.capitalPerParcel),
      bar('platform', o.platformPerParcel),
    ],
    { testid: 'upstream-chart', sharedScale: true },
  );
  const names = new Map(state.scenario?.carriers.map((c) => [c.id, c.name]) ?? []);
  const rows = data.carriers
    .map(
      (c) =>
        `<tr><td>${esc(names.get(c.carrierId) ?? c.carrierId)}</td><td class="num">${fmtNumber(c.parcels)}</td><td class="num">${fmtMoney(c.countyTariff, 0)}</td><td class="num">${fmtMoney(c.pooledCountyTariff, 0)}</td></tr>`,
    )
    .join('');
  root.innerHTML = `
    <h3>${t('up.title')} · ${t('plan.day')} ${data.day}</h3>
    <div class="kpis">
      <div class="kpi hl"><div class="v" data-testid="upstream-parity">${o.parity === null ? '—' : fmtNumber(o.parity, 2)}</div><div class="k">${t('up.parity')} ${data.targetMet === null ? '' : data.targetMet ? '<span class="badge badge-ok">≤ 1 ✓</span>' : '<span class="badge badge-bad">> 1 ✗</span>'}</div></div>
      <div class="kpi"><div class="v">${fmtNumber(o.parcels)}</div><div class="k">${t('routes.up')}</div></div>
    </div>
    <div class="hint">¥ / parcel</div>
    ${chart}
    <h3>${t('up.detail')}</h3>
    <table class="data"><thead><tr><th>${t('pop.carriers')}</th><th class="num">${t('routes.up')}</th><th class="num">${t('up.county')}</th><th class="num">${t('up.pooled')}</th></tr></thead><tbody>${rows}</tbody></table>
    <div class="hint">${esc(data.allocationRule)}</div>`;
}
