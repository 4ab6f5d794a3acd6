/**
 * Reports upward (日报 / 月报 / 年报): parcels down and up by township, carrier and day from the ledger; on-time
 * and delivered shares; transport cost per parcel and its trend; the coverage scorecard as of the report's
 * last date, with an optional 100-point weighted score (per-indicator `weight` in county.json targets, as in
 * Luoyang's 2016 scheme). A report read (GET, `gongpei report`) writes nothing; recording a report
 * (`POST /api/scenarios/:id/reports`, `gongpei report --record`, both audited) stores its dated scorecard
 * snapshot, and later reads of that period and date show the recorded scorecard (the figures that were signed).
 */
import { loadExcel } from './lazy.ts';
import type { Scenario } from '../model/types.ts';
import type { Store } from '../store/types.ts';
import { OperationsStore } from '../store/operations.ts';
import { coverage, type CoverageResult } from '../planning/coverage.ts';
import { planningNetwork } from '../planning/network.ts';
import { buildLedger } from './ledger.ts';
import { addDays, InputError, checkDate } from './table-file.ts';
import { namesOf, safeRow } from './sheets.ts';
import { renderPdf } from './pdf.ts';
import { t, type Lang } from './i18n.ts';
import type { LedgerTotals } from './types.ts';

export type Period = { kind: 'date' | 'month' | 'year'; value: string; from: string; to: string };

export function parsePeriod(opts: { date?: string; month?: string; year?: string }): Period {
  const given = (['date', 'month', 'year'] as const).filter((k) => opts[k] !== undefined);
  if (given.length !== 1)
    throw new InputError([
      {
        file: '--month|--year|--date',
        row: null,
        field: null,
        message: 'give exactly one of --month YYYY-MM, --year YYYY or --date YYYY-MM-DD',
      },
    ]);
  const kind = given[0];
  const v = opts[kind] ?? '';
  const bad = (msg: string) =>
    new InputError([{ file: `--${kind}`, row: null, field: null, message: `"${v}" ${msg}` }]);
  if (kind === 'date') {
    if (!checkDate(v)) throw bad('is not a calendar date (YYYY-MM-DD)');
    return { kind, value: v, from: v, to: v };
  }
  if (kind === 'month') {
    if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(v)) throw bad('is not a month (YYYY-MM)');
    const from = `${v}-01`;
    return { kind, value: v, from, to: addDays(addDays(from, 31).slice(0, 7) + '-01', -1) };
  }
  if (!/^\d{4}$/.test(v)) throw bad('is not a year (YYYY)');
  return { kind, value: v, from: `${v}-01-01`, to: `${v}-12-31` };
}

interface Tally {
  key: string;
  name: string;
  parcelsDown: number;
  delivered: number;
  failed: number;
  parcelsUp: number;
}

export interface ScoredIndicator {
  id: string;
  label: string;
  labelZh: string;
  value: number | null;
  target: number;
  op: string;
  pass: boolean | null;
  weight: number | null;
  score: number | null;
}

export interface OperationsReport {
  scenarioId: string;
  period: Period;
  totals: LedgerTotals;
  byTownship: Tally[];
  byCarrier: Tally[];
  byDay: Array<Tally & { cost: number; costPerParcel: number | null; onTimeShare: number }>;
  /** yuan per parcel per day (least-squares slope over the days with a cost per parcel); null with < 2 days. */
  costTrend: number | null;
  costPerParcel: number | null;
  /**
   * The scorecard as of the period's last dispatched date. `snapshotId`/`recordedAt`: the recorded snapshot it
   * comes from (the latest recorded for this period and date), or null when computed now and not recorded.
   */
  scorecard: {
    asOf: string;
    snapshotId: string | null;
    recordedAt: string | null;
    indicators: ScoredIndicator[];
    weightedScore: number | null;
  };
}

export interface ReportOptions {
  /** Store the scorecard as a dated snapshot (a write: only for an explicit, audited "record this report"). */
  record?: boolean;
}

function tally(
  map: Map<string, Tally>,
  key: string,
  name: string,
  r: { dispatched: number; delivered: number; failed: number; pickedUp: number },
): void {
  const cur = map.get(key) ?? { key, name, parcelsDown: 0, delivered: 0, failed: 0, parcelsUp: 0 };
  cur.parcelsDown += r.dispatched;
  cur.delivered += r.delivered;
  cur.failed += r.failed;
  cur.parcelsUp += r.pickedUp;
  map.set(key, cur);
}

export function slope(points: Array<[number, number]>): number | null {
  if (points.length < 2) return null;
  const n = points.length;
  const mx = points.reduce((s, p) => s + p[0], 0) / n;
  const my = points.reduce((s, p) => s + p[1], 0) / n;
  const sxx = points.reduce((s, p) => s + (p[0] - mx) ** 2, 0);
  if (sxx === 0) return null;
  return Math.round((points.reduce((s, p) => s + (p[0] - mx) * (p[1] - my), 0) / sxx) * 10000) / 10000;
}

/** 100-point score: each weighted indicator earns weight × achievement (value/target, capped at 1). */
export function scoreIndicators(
  result: CoverageResult,
  scenario: Scenario,
): { indicators: ScoredIndicator[]; weightedScore: number | null } {
  const weights = new Map(scenario.county.targets.map((x) => [x.id, x.weight] as const));
  let sumW = 0;
  let sumS = 0;
  const indicators = result.indicators.map((i) => {
    const w = weights.get(i.id);
    let score: number | null = null;
    if (typeof w === 'number' && w > 0 && i.value !== null) {
      const achieved =
        i.op === '>='
          ? i.target <= 0
            ? 1
            : Math.min(1, i.value / i.target)
          : i.value <= 0
            ? 1
            : Math.min(1, i.target / i.value);
      score = Math.round(w * achieved * 100) / 100;
      sumW += w;
      sumS += score;
    }
    return {
      id: i.id,
      label: i.label,
      labelZh: i.labelZh,
      value: i.value,
      target: i.target,
      op: i.op,
      pass: i.pass,
      weight: typeof w === 'number' ? w : null,
      score,
    };
  });
  return { indicators, weightedScore: sumW > 0 ? Math.round((sumS / sumW) * 100 * 10) / 10 : null };
}

export async function buildReport(
  store: Store,
  scenarioId: string,
  period: Period,
  options: ReportOptions = {},
): Promise<OperationsReport> {
  const scenario = store.getScenario(scenarioId);
  if (!scenario)
    throw new InputError([{ file: 'scenario', row: null, field: null, message: `unknown scenario "${scenarioId}"` }]);
  const ops = OperationsStore.of(store);
  const ledger = buildLedger(ops, scenarioId, period.from, period.to);
  const n = namesOf(scenario);
  const place = new Map(scenario.places.map((p) => [p.id, p] as const));
  const towns = new Map<string, Tally>();
  const carriers = new Map<string, Tally>();
  const days = new Map<string, Tally>();
  for (const r of ledger.rows) {
    const town = place.get(r.stationId)?.township ?? '';
    tally(towns, town, n.township(r.stationId), r);
    tally(carriers, r.carrierId, n.carrier(r.carrierId), r);
    tally(days, r.date, r.date, r);
  }
  const dispatches = ops.listDispatches(scenarioId, period.from, period.to);
  const byDay = [...days.values()]
    .sort((a, b) => a.key.localeCompare(b.key))
    .map((d) => {
      const dispatch = dispatches.find((x) => x.date === d.key);
      const plan = dispatch ? store.getPlan(dispatch.planId)?.plan : undefined;
      // A dispatched horizon day costs what that day's routes cost, not the plan's first day.
      const kpis =
        dispatch?.day !== undefined ? plan?.horizon?.perDay?.find((x) => x.day === dispatch.day)?.kpis : plan?.kpis;
      const cost = kpis?.totalCost ?? 0;
      const handled = d.delivered + d.parcelsUp;
      const dayRows = ledger.rows.filter((r) => r.date === d.key);
      const delivered = dayRows.reduce((s, r) => s + r.delivered, 0);
      return {
        ...d,
        cost,
        costPerParcel: handled > 0 ? Math.round((cost / handled) * 100) / 100 : null,
        onTimeShare:
          delivered > 0 ? Math.round((dayRows.reduce((s, r) => s + r.onTime, 0) / delivered) * 10000) / 10000 : 0,
      };
    });
  const totalCost = byDay.reduce((s, d) => s + d.cost, 0);
  const handled = ledger.totals.delivered + ledger.totals.pickedUp;
  const points = byDay.filter((d) => d.costPerParcel !== null).map((d, i) => [i, d.costPerParcel!] as [number, number]);

  // Scorecard as of the last dispatched date of the period (its plan gives the travel-time indicators). A read
  // shows the snapshot recorded for this period and date if there is one, else computes it and stores nothing.
  const last = dispatches[dispatches.length - 1];
  const asOf = last?.date ?? period.to;
  const periodKey = `${period.kind}:${period.value}`;
  const recorded = options.record
    ? undefined
    : ops
        .listScorecards(scenarioId)
        .filter((s) => s.asOf === asOf && s.period === periodKey)
        .pop();
  let scorecard: OperationsReport['scorecard'];
  if (recorded) {
    const doc = recorded.doc as { indicators: ScoredIndicator[]; weightedScore: number | null };
    scorecard = {
      asOf,
      snapshotId: recorded.id,
      recordedAt: recorded.createdAt,
      indicators: doc.indicators,
      weightedScore: doc.weightedScore,
    };
  } else {
    const lastPlan = last ? store.getPlan(last.planId) : null;
    const network = await planningNetwork(scenario);
    const cov = coverage(scenario, { matrix: network.matrix, plan: lastPlan?.plan ?? null, planId: lastPlan?.id });
    const scored = scoreIndicators(cov, scenario);
    let snapshotId: string | null = null;
    let recordedAt: string | null = null;
    if (options.record) {
      snapshotId = ops.saveScorecard(scenarioId, asOf, periodKey, scored);
      recordedAt = ops.listScorecards(scenarioId).find((s) => s.id === snapshotId)?.createdAt ?? null;
    }
    scorecard = { asOf, snapshotId, recordedAt, ...scored };
  }
  return {
    scenarioId,
    period,
    totals: ledger.totals,
    byTownship: [...towns.values()].sort((a, b) => a.key.localeCompare(b.key)),
    byCarrier: [...carriers.values()].sort((a, b) => a.key.localeCompare(b.key)),
    byDay,
    costTrend: slope(points),
    costPerParcel: handled > 0 ? Math.round((totalCost / handled) * 100) / 100 : null,
    scorecard,
  };
}

const TALLY_HEAD = (lang: Lang, first: string) => [
  first,
  t(lang, 'parcelsDown'),
  t(lang, 'delivered'),
  t(lang, 'failed'),
  t(lang, 'pickedUp'),
];
const tallyRow = (x: Tally) => [x.name, x.parcelsDown, x.delivered, x.failed, x.parcelsUp];

function scoreRows(r: OperationsReport, lang: Lang): Array<Array<string | number>> {
  return r.scorecard.indicators.map((i) => [
    lang === 'zh' ? i.labelZh : i.label,
    i.value ?? '—',
    `${i.op} ${i.target}`,
    i.pass === null ? '—' : t(lang, i.pass ? 'pass' : 'fail'),
    i.weight ?? '',
    i.score ?? '',
  ]);
}

export async function reportXlsx(r: OperationsReport, lang: Lang = 'zh'): Promise<Buffer> {
  const book = new (await loadExcel()).Workbook();
  const sum = book.addWorksheet(t(lang, 'report'));
  sum.addRow([t(lang, 'period'), `${r.period.from} … ${r.period.to}`]);
  sum.addRow([t(lang, 'dispatched'), r.totals.dispatched]);
  sum.addRow([t(lang, 'delivered'), r.totals.delivered]);
  sum.addRow([t(lang, 'failed'), r.totals.failed]);
  sum.addRow([t(lang, 'pickedUp'), r.totals.pickedUp]);
  sum.addRow([t(lang, 'deliveredShare'), r.totals.deliveredShare]);
  sum.addRow([t(lang, 'onTimeShare'), r.totals.onTimeShare]);
  sum.addRow([t(lang, 'costPerParcel'), r.costPerParcel ?? '']);
  const add = (name: string, head: string[], rows: Array<Array<string | number>>) => {
    const ws = book.addWorksheet(name);
    ws.addRow(head);
    for (const row of rows) ws.addRow(safeRow(row));
  };
  add(t(lang, 'byTownship'), TALLY_HEAD(lang, t(lang, 'township')), r.byTownship.map(tallyRow));
  add(t(lang, 'byCarrier'), TALLY_HEAD(lang, t(lang, 'carrier')), r.byCarrier.map(tallyRow));
  add(
    t(lang, 'byDay'),
    [...TALLY_HEAD(lang, t(lang, 'date')), t(lang, 'cost'), t(lang, 'costPerParcel'), t(lang, 'onTimeShare')],
    r.byDay.map((d) => [...tallyRow(d), d.cost, d.costPerParcel ?? '', d.onTimeShare]),
  );
  add(
    t(lang, 'scorecard'),
    [t(lang, 'indicator'), t(lang, 'value'), t(lang, 'target'), t(lang, 'pass'), t(lang, 'weight'), t(lang, 'score')],
    scoreRows(r, lang),
  );
  return Buffer.from(await book.xlsx.writeBuffer());
}

export async function reportPdf(r: OperationsReport, countyName: string, lang: Lang = 'zh'): Promise<Buffer> {
  const table = (head: string[], rows: Array<Array<string | number>>) => ({
    table: { headerRows: 1, body: [head, ...rows] },
    fontSize: 8,
    margin: [0, 4, 0, 10],
  });
  const tt = r.totals;
  return renderPdf({
    info: { title: `${countyName} ${t(lang, 'report')} ${r.period.value}` },
    content: [
      { text: `${countyName} ${t(lang, 'report')} ${r.period.value}`, fontSize: 16 },
      { text: `${t(lang, 'period')}: ${r.period.from} … ${r.period.to}`, margin: [0, 4, 0, 8] },
      table(
        [
          t(lang, 'dispatched'),
          t(lang, 'delivered'),
          t(lang, 'failed'),
          t(lang, 'pickedUp'),
          t(lang, 'deliveredShare'),
          t(lang, 'onTimeShare'),
          t(lang, 'costPerParcel'),
        ],
        [
          [
            tt.dispatched,
            tt.delivered,
            tt.failed,
            tt.pickedUp,
            `${(tt.deliveredShare * 100).toFixed(1)}%`,
            `${(tt.onTimeShare * 100).toFixed(1)}%`,
            r.costPerParcel ?? '—',
          ],
        ],
      ),
      { text: t(lang, 'byTownship') },
      table(TALLY_HEAD(lang, t(lang, 'township')), r.byTownship.map(tallyRow)),
      { text: t(lang, 'byCarrier') },
      table(TALLY_HEAD(lang, t(lang, 'carrier')), r.byCarrier.map(tallyRow)),
      { text: t(lang, 'byDay') },
      table(
        [...TALLY_HEAD(lang, t(lang, 'date')), t(lang, 'costPerParcel')],
        r.byDay.map((d) => [...tallyRow(d), d.costPerParcel ?? '—']),
      ),
      {
        text: `${t(lang, 'scorecard')} (${r.scorecard.asOf})${r.scorecard.weightedScore !== null ? ` ${t(lang, 'score')}: ${r.scorecard.weightedScore}` : ''}`,
      },
      table(
        [
          t(lang, 'indicator'),
          t(lang, 'value'),
          t(lang, 'target'),
          t(lang, 'pass'),
          t(lang, 'weight'),
          t(lang, 'score'),
        ],
        scoreRows(r, lang),
      ),
    ],
  });
}
