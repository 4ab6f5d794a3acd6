/** Coverage panel: scorecard against the county's targets, per-township table, missing stations on the map. */
import { api } from '../api.ts';
import { t, fmtNumber, fmtPct, getLang } from '../i18n.ts';
import { state, emit, esc } from '../state.ts';

interface Indicator {
  id: string;
  label: string;
  labelZh?: string;
  value: number | null;
  target: number;
  op: '>=' | '<=';
  pass: boolean | null;
  detail?: string;
  count?: { of: number; total: number };
}
interface TownshipRow {
  township: string;
  name: string;
  villages: number;
  stations: number;
  povertyVillages: number;
  povertyCovered: number;
  largeVillages: number;
  largeCovered: number;
  hasHub: boolean;
  express: boolean;
}
interface Missing {
  villageId: string;
  name: string;
  townshipName?: string;
  why: string;
  population: number | null;
}
export interface CoverageView {
  indicators: Indicator[];
  townships: TownshipRow[];
  missingStations: Missing[];
  basis?: { plan: { day: number; id?: string } | null };
}

let data: CoverageView | null = null;
let loadedFor = '';
let error = '';
let loading = false;

const SHARE_IDS = new Set([
  'village_station_share',
  'poverty_village_station_share',
  'large_village_station_share',
  'township_express_share',
  'same_day_share',
  'within_limit_share',
  'produce_station_share',
]);
const fmtValue = (id: string, v: number | null) =>
  v === null ? '—' : SHARE_IDS.has(id) ? fmtPct(v) : id === 'upstream_parity' ? fmtNumber(v, 2) : fmtNumber(v, 0);

export function invalidateCoverage(): void {
  loadedFor = '';
}

export async function renderCoveragePanel(root: HTMLElement): Promise<void> {
  const key = `${state.scenarioId}|${state.plan?.id ?? ''}`;
  if (key !== loadedFor && !loading && state.scenarioId) {
    loading = true;
    error = '';
    root.innerHTML = `<div class="empty">${t('cov.loading')}</div>`;
    try {
      const q = state.plan ? `?planId=${encodeURIComponent(state.plan.id)}` : '';
      data = await api.get<CoverageView>(`/api/scenarios/${encodeURIComponent(state.scenarioId)}/coverage${q}`);
      state.missingStations = new Set(data.missingStations.map((m) => m.villageId));
      // Opening the scorecard shows the map by coverage, with the missing stations marked.
      state.highlightMissing = true;
      state.stationStyle = 'coverage';
      emit('coverage');
    } catch (err) {
      data = null;
      error = (err as Error).message;
    }
    loadedFor = key;
    loading = false;
  }
  draw(root);
}

function draw(root: HTMLElement): void {
  if (error) {
    root.innerHTML = `<div class="error-box">${esc(t('error.load', { error }))}</div>`;
    return;
  }
  if (!data) {
    root.innerHTML = `<div class="empty">${t('cov.loading')}</div>`;
    return;
  }
  const zh = getLang() === 'zh';
  const passCount = data.indicators.filter((i) => i.pass === true).length;
  const scored = data.indicators.filter((i) => i.pass !== null).length;
  const rows = data.indicators
    .map(
      (
        i,
      ) => `<tr data-testid="indicator-${esc(i.id)}"><td title="${esc(i.detail ?? '')}">${esc(zh ? (i.labelZh ?? i.label) : i.label)}${i.count ? `<div class="hint">${i.count.of}/${i.count.total}</div>` : ''}</td>
      <td class="num">${fmtValue(i.id, i.value)}</td><td class="num nowrap">${i.op === '>=' ? '≥' : '≤'} ${fmtValue(i.id, i.target)}</td>
      <td>${i.pass === null ? '<span class="badge badge-muted">—</span>' : i.pass ? `<span class="badge badge-ok">✓ ${t('cov.pass')}</span>` : `<span class="badge badge-bad">✗ ${t('cov.fail')}</span>`}</td></tr>`,
    )
    .join('');
  const towns = data.townships
    .map(
      (
        tw,
      ) => `<tr><td>${esc(tw.name)}${tw.hasHub ? ' <span class="badge badge-muted">H</span>' : ''}</td><td class="num">${tw.stations}/${tw.villages}</td>
      <td class="num ${tw.povertyCovered < tw.povertyVillages ? 'fail' : ''}">${tw.povertyCovered}/${tw.povertyVillages}</td>
      <td class="num ${tw.largeCovered < tw.largeVillages ? 'fail' : ''}">${tw.largeCovered}/${tw.largeVillages}</td>
      <td>${tw.express ? '✓' : '✗'}</td></tr>`,
    )
    .join('');
  const missing = data.missingStations
    .map(
      (m) =>
        `<tr class="clickable" data-village="${esc(m.villageId)}"><td>${esc(m.name)}</td><td>${esc(m.townshipName ?? '')}</td><td class="num">${m.population === null ? '—' : fmtNumber(m.population)}</td><td>${esc(
          m.why
            .split(',')
            .map((w) => t(`cov.why.${w}`))
            .join(' + '),
        )}</td></tr>`,
    )
    .join('');
  const planNote = data.basis?.plan
    ? t('cov.planNote', { plan: data.basis.plan.id ?? `day ${data.basis.plan.day}` })
    : t('cov.noPlanNote');
  root.innerHTML = `
    <h3>${t('cov.scorecard')}</h3>
    <div class="summary-line"><span class="badge ${passCount === scored ? 'badge-ok' : 'badge-warn'}" data-testid="coverage-summary">${t('cov.passed', { pass: passCount, total: scored })}</span><span class="hint">${esc(planNote)}</span></div>
    <table class="data scorecard" data-testid="scorecard"><thead><tr><th>${t('cov.indicator')}</th><th class="num">${t('cov.value')}</th><th class="num">${t('cov.target')}</th><th></th></tr></thead><tbody>${rows}</tbody></table>
    <h3>${t('cov.missing')} (${data.missingStations.length})</h3>
    ${
      data.missingStations.length
        ? `<label class="check hint"><input type="checkbox" id="cov-highlight" data-testid="coverage-highlight" ${state.highlightMissing ? 'checked' : ''}/> ${t('cov.showMissing')}</label>
    <table class="data" data-testid="missing-table"><thead><tr><th>${t('cov.village')}</th><th>${t('pop.township')}</th><th class="num">${t('pop.population')}</th><th>${t('cov.why')}</th></tr></thead><tbody>${missing}</tbody></table>`
        : '<div class="empty">✓</div>'
    }
    <h3>${t('cov.townships')}</h3>
    <table class="data scorecard" data-testid="township-table"><thead><tr><th>${t('pop.township')}</th><th class="num">${t('map.station')}</th><th class="num">${t('pop.poverty')}</th><th class="num">500+</th><th>✉</th></tr></thead><tbody>${towns}</tbody></table>`;
  root.querySelector<HTMLInputElement>('#cov-highlight')?.addEventListener('change', (e) => {
    state.highlightMissing = (e.target as HTMLInputElement).checked;
    emit('coverage');
  });
  root.querySelectorAll<HTMLTableRowElement>('tr[data-village]').forEach((tr) => {
    tr.onclick = () => {
      state.highlightMissing = true;
      emit('coverage');
      document.dispatchEvent(new CustomEvent('gongpei:focus', { detail: new Set([tr.dataset.village!]) }));
      draw(root);
    };
  });
}
