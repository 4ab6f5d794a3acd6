/**
 * Prefecture view (issue 14): the ranking of `gongpei prefecture run DIR --day D --json` — counties drawn and
 * coloured by score, the ranking table with one column per scorecard indicator, click to open a county
 * (when the server's store holds it), export of the ranking to XLSX (exceljs, loaded on demand).
 */
import L from 'leaflet';
import { t, fmtNumber, fmtMoney } from '../i18n.ts';
import { esc } from '../state.ts';

export interface PrefectureIndicator {
  value: number | null;
  target: number;
  op: '>=' | '<=';
  pass: boolean | null;
  weight: number;
  points: number;
}
export interface PrefectureCounty {
  id: string;
  name: string;
  planId: string | null;
  score: number | null;
  totalCost: number | null;
  costPerParcel: number | null;
  indicators: Record<string, PrefectureIndicator>;
  scenarioId?: string;
  outline?: [number, number][];
  error?: string;
}
export interface PrefectureRanking {
  name?: string;
  counties: PrefectureCounty[];
  ranking: PrefectureCounty[];
  seconds?: number;
}

const INDICATORS = [
  'village_station_share',
  'poverty_village_station_share',
  'large_village_station_share',
  'township_express_share',
  'same_day_share',
  'within_limit_share',
  'carriers_shared',
  'upstream_parity',
  'produce_station_share',
];

let data: PrefectureRanking | null = null;
let error = '';
const layer = L.layerGroup();
// SVG (not the map's canvas): few polygons, and each is a DOM element the browser test can find.
const svg = L.svg();

/** Red (0) → amber (70) → green (100). */
export function scoreColor(score: number | null): string {
  if (score === null) return '#94a3b8';
  const s = Math.max(0, Math.min(100, score));
  const hue = s < 60 ? 0 : ((s - 60) / 40) * 120;
  return `hsl(${hue.toFixed(0)}, 70%, 45%)`;
}

export function parseRanking(text: string): PrefectureRanking {
  const json = JSON.parse(text) as Partial<PrefectureRanking>;
  if (!Array.isArray(json.counties) || !Array.isArray(json.ranking)) throw new Error(t('pref.badFile'));
  return json as PrefectureRanking;
}

function drawCounties(map: L.Map, open: (c: PrefectureCounty) => void): void {
  layer.clearLayers();
  if (!data) return;
  const bounds: L.LatLngExpression[] = [];
  for (const c of data.counties) {
    if (!c.outline || c.outline.length < 3) continue;
    const ring = c.outline.map(([lon, lat]) => [lat, lon] as [number, number]);
    bounds.push(...ring);
    const poly = L.polygon(ring, {
      color: '#334155',
      weight: 1,
      fillColor: scoreColor(c.score),
      fillOpacity: 0.55,
      renderer: svg,
      className: `pref-county pref-county-${c.id}`,
    });
    poly.bindTooltip(`${esc(c.name)} · ${c.score === null ? t('pref.failed') : fmtNumber(c.score, 1)}`, {
      sticky: true,
    });
    poly.on('click', () => open(c));
    layer.addLayer(poly);
  }
  layer.addTo(map);
  if (bounds.length) map.fitBounds(L.latLngBounds(bounds), { padding: [10, 10] });
}

async function exportXlsx(): Promise<void> {
  if (!data) return;
  const ExcelJS = (await import('exceljs')).default;
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet(t('pref.title'));
  sheet.addRow([
    t('pref.rank'),
    t('pref.county'),
    'id',
    t('pref.score'),
    t('pref.cost'),
    t('pref.costPerParcel'),
    ...INDICATORS.map((id) => t(`pref.ind.${id}`)),
    'planId',
  ]);
  data.ranking.forEach((c, i) =>
    sheet.addRow([
      i + 1,
      c.name,
      c.id,
      c.score,
      c.totalCost,
      c.costPerParcel,
      ...INDICATORS.map((id) => c.indicators[id]?.value ?? null),
      c.planId,
    ]),
  );
  for (const c of data.counties.filter((x) => x.error))
    sheet.addRow([
      '',
      c.name,
      c.id,
      null,
      null,
      null,
      ...INDICATORS.map(() => null),
      `${t('pref.failed')}: ${c.error}`,
    ]);
  sheet.getRow(1).font = { bold: true };
  const buffer = await book.xlsx.writeBuffer();
  const a = document.createElement('a');
  a.href = URL.createObjectURL(
    new Blob([buffer], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }),
  );
  a.download = 'prefecture-ranking.xlsx';
  a.dataset.testid = 'pref-download';
  document.body.append(a);
  a.click();
  setTimeout(() => {
    URL.revokeObjectURL(a.href);
    a.remove();
  }, 1000);
}

function fmtInd(id: string, v: number | null | undefined): string {
  if (v === null || v === undefined) return '—';
  if (id === 'carriers_shared') return fmtNumber(v, 0);
  if (id === 'upstream_parity') return fmtNumber(v, 2);
  return `${fmtNumber(v * 100, 0)}%`;
}

export function renderPrefecturePanel(root: HTMLElement, map: L.Map, open: (c: PrefectureCounty) => void): void {
  const rows = (data?.ranking ?? [])
    .map(
      (c, i) => `<tr class="clickable" data-county="${esc(c.id)}" data-testid="pref-row">
      <td class="num">${i + 1}</td><td><span class="swatch" style="display:inline-block;width:10px;height:10px;background:${scoreColor(c.score)}"></span> ${esc(c.name)}</td>
      <td class="num" data-testid="pref-score">${fmtNumber(c.score ?? 0, 1)}</td><td class="num">${fmtMoney(c.totalCost ?? 0)}</td><td class="num">${fmtNumber(c.costPerParcel ?? 0, 2)}</td>
      ${INDICATORS.map((id) => `<td class="num" title="${esc(t('pref.points', { points: fmtNumber(c.indicators[id]?.points ?? 0, 1), weight: c.indicators[id]?.weight ?? 0 }))}">${fmtInd(id, c.indicators[id]?.value)}</td>`).join('')}
    </tr>`,
    )
    .join('');
  const failed = (data?.counties ?? [])
    .filter((c) => c.error)
    .map((c) => `<li data-testid="pref-failed">${esc(c.name)} (${esc(c.id)}): ${esc(c.error)}</li>`)
    .join('');
  root.innerHTML = `<div class="section">
      <p class="hint">${t('pref.hint')}</p>
      <input type="file" accept="application/json,.json" data-testid="pref-file" id="pref-file">
      ${data ? `<button data-testid="pref-export" id="pref-export">${t('pref.export')}</button>` : ''}
      ${error ? `<div class="error-box">${esc(error)}</div>` : ''}
    </div>
    ${
      data
        ? `<h3>${esc(data.name ?? '')} · ${t('pref.title')}</h3>
    <div style="overflow-x:auto"><table class="data" data-testid="pref-table"><thead><tr><th class="num">${t('pref.rank')}</th><th>${t('pref.county')}</th><th class="num">${t('pref.score')}</th><th class="num">${t('pref.cost')}</th><th class="num">${t('pref.costPerParcel')}</th>
      ${INDICATORS.map((id) => `<th class="num">${t(`pref.ind.${id}`)}</th>`).join('')}</tr></thead><tbody>${rows}</tbody></table></div>
    ${failed ? `<h4>${t('pref.failed')}</h4><ul>${failed}</ul>` : ''}`
        : `<div class="empty">${t('pref.empty')}</div>`
    }`;
  root.querySelector<HTMLInputElement>('#pref-file')!.onchange = async (e) => {
    const file = (e.target as HTMLInputElement).files?.[0];
    if (!file) return;
    try {
      data = parseRanking(await file.text());
      error = '';
    } catch (err) {
      data = null;
      error = `${file.name}: ${(err as Error).message}`;
    }
    drawCounties(map, open);
    renderPrefecturePanel(root, map, open);
  };
  const exportBtn = root.querySelector<HTMLButtonElement>('#pref-export');
  if (exportBtn) exportBtn.onclick = () => void exportXlsx();
  root.querySelectorAll<HTMLTableRowElement>('tr[data-county]').forEach((tr) => {
    tr.onclick = () => {
      const c = data?.counties.find((x) => x.id === tr.dataset.county);
      if (c) open(c);
    };
  });
}

/** Adds the tab and its panel (one call from main.ts). `showTab` is main's tab switcher. */
export function installPrefectureTab(map: L.Map, showTab: (tab: string) => void): void {
  const nav = document.querySelector('.tabs');
  const panels = document.querySelector('.panel')?.parentElement;
  if (!nav || !panels) return;
  const btn = document.createElement('button');
  btn.className = 'tab';
  btn.dataset.tab = 'prefecture';
  btn.dataset.testid = 'tab-prefecture';
  btn.dataset.i18n = 'tab.prefecture';
  btn.textContent = t('tab.prefecture');
  nav.append(btn);
  // The county shapes belong to this tab only: leaving it uncovers the county map.
  nav.addEventListener('click', (e) => {
    if ((e.target as HTMLElement).closest<HTMLElement>('.tab')?.dataset.tab !== 'prefecture') layer.remove();
  });
  const panel = document.createElement('section');
  panel.className = 'panel';
  panel.id = 'panel-prefecture';
  panel.dataset.testid = 'panel-prefecture';
  panels.append(panel);
  const open = (c: PrefectureCounty) => {
    const sel = document.getElementById('scenario-select') as HTMLSelectElement | null;
    const status = panel.querySelector('.hint');
    if (!sel || !c.scenarioId || ![...sel.options].some((o) => o.value === c.scenarioId)) {
      if (status) status.textContent = t('pref.notStored', { name: c.name, id: c.scenarioId ?? c.id });
      return;
    }
    layer.remove();
    sel.value = c.scenarioId;
    sel.dispatchEvent(new Event('change'));
    showTab('plan');
  };
  btn.onclick = () => {
    showTab('prefecture');
    if (data) drawCounties(map, open);
    renderPrefecturePanel(panel, map, open);
  };
}
