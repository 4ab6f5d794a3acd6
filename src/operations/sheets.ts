/**
 * Dispatch documents: dispatch.pdf (one page per vehicle trip, signature lines), dispatch.xlsx (a sheet per
 * vehicle and a handover sheet per carrier) and routes.csv (UTF-8 with BOM, Chinese headers by default).
 */
import { loadExcel } from './lazy.ts';
import type { Scenario } from '../model/types.ts';
import type { Dispatch, DispatchBreak, DispatchLine } from './types.ts';
import { renderPdf } from './pdf.ts';
import { safeCell, stringifyCsv } from '../io/csv.ts';
import { t, type Lang } from './i18n.ts';

/** A row of sheet cells with every text through the project's formula guard (numbers kept as numbers). */
export function safeRow(row: ReadonlyArray<string | number>): Array<string | number> {
  return row.map((v) => (typeof v === 'string' ? safeCell(v) : v));
}

interface Names {
  place(id: string): string;
  township(id: string): string;
  carrier(id: string): string;
}

export function namesOf(scenario: Scenario): Names {
  const place = new Map(scenario.places.map((p) => [p.id, p] as const));
  const town = new Map(scenario.townships.map((x) => [x.id, x.name] as const));
  const carrier = new Map(scenario.carriers.map((c) => [c.id, c.name] as const));
  return {
    place: (id) => place.get(id)?.name ?? id,
    township: (id) => town.get(place.get(id)?.township ?? '') ?? '',
    carrier: (id) => carrier.get(id) ?? id,
  };
}

/** Lines grouped per vehicle trip, in route order. */
export function trips(d: Dispatch): Array<{ vehicle: string; trip: number; depot: string; lines: DispatchLine[] }> {
  const out = new Map<string, { vehicle: string; trip: number; depot: string; lines: DispatchLine[] }>();
  for (const l of d.lines) {
    const k = `${l.vehicle}|${l.trip}`;
    const g = out.get(k) ?? { vehicle: l.vehicle, trip: l.trip, depot: l.depot, lines: [] };
    g.lines.push(l);
    out.set(k, g);
  }
  for (const g of out.values()) g.lines.sort((a, b) => a.seq - b.seq || a.carrierId.localeCompare(b.carrierId));
  return [...out.values()];
}

function lineRow(l: DispatchLine, n: Names, lang: Lang): Array<string | number> {
  return [
    l.seq,
    l.stationId,
    n.place(l.stationId),
    n.township(l.stationId),
    l.arrival,
    n.carrier(l.carrierId),
    l.parcelsDown,
    l.parcelsUp,
    l.carriedOver,
    l.cold ? t(lang, 'yes') : '',
  ];
}

/** The break of a trip as a row in the stop columns: the time span under arrival, its minutes beside the label. */
function breakRow(b: DispatchBreak, lang: Lang): Array<string | number> {
  return [
    '',
    '',
    `${t(lang, 'lunchBreak')} ${b.minutes} ${t(lang, 'minutes')}`,
    '',
    `${b.start}-${b.end}`,
    '',
    '',
    '',
    '',
    '',
  ];
}

/** A trip's stop rows with its lunch break (if any): before the first stop, after the last, or after its stop on the way. */
function tripRows(
  d: Dispatch,
  g: { vehicle: string; trip: number; lines: DispatchLine[] },
  n: Names,
  lang: Lang,
): Array<Array<string | number>> {
  const rows = g.lines.map((l) => lineRow(l, n, lang));
  const b = d.breaks?.find((x) => x.vehicle === g.vehicle && x.trip === g.trip);
  if (!b) return rows;
  if (b.afterSeq !== undefined) {
    const at = g.lines.findLastIndex((l) => l.seq <= b.afterSeq!) + 1;
    return [...rows.slice(0, at), breakRow(b, lang), ...rows.slice(at)];
  }
  return b.beforeTrip ? [breakRow(b, lang), ...rows] : [...rows, breakRow(b, lang)];
}

const LINE_HEAD = (lang: Lang) => [
  t(lang, 'seq'),
  t(lang, 'stationId'),
  t(lang, 'station'),
  t(lang, 'township'),
  t(lang, 'arrival'),
  t(lang, 'carrier'),
  t(lang, 'parcelsDown'),
  t(lang, 'parcelsUp'),
  t(lang, 'carriedOver'),
  t(lang, 'cold'),
];

export async function dispatchPdf(scenario: Scenario, d: Dispatch, lang: Lang = 'zh'): Promise<Buffer> {
  const n = namesOf(scenario);
  const content: unknown[] = [];
  const all = trips(d);
  all.forEach((g, i) => {
    const down = g.lines.reduce((s, l) => s + l.parcelsDown, 0);
    const up = g.lines.reduce((s, l) => s + l.parcelsUp, 0);
    const carried = g.lines.reduce((s, l) => s + l.carriedOver, 0);
    content.push(
      { text: `${scenario.county.name} ${t(lang, 'dispatchSheet')}`, fontSize: 16, margin: [0, 0, 0, 6] },
      {
        text: `${t(lang, 'date')}: ${d.date}    ${t(lang, 'depot')}: ${n.place(g.depot)}    ${t(lang, 'vehicle')}: ${g.vehicle}    ${t(lang, 'trip')}: ${g.trip}`,
        margin: [0, 0, 0, 8],
      },
      {
        table: {
          headerRows: 1,
          widths: [22, 62, '*', 52, 40, 40, 34, 34, 34, 24],
          body: [
            LINE_HEAD(lang),
            ...tripRows(d, g, n, lang),
            ['', '', t(lang, 'total'), '', '', '', down, up, carried, ''],
          ],
        },
        fontSize: 8,
      },
      {
        text: `${t(lang, 'driverSign')}: ____________    ${t(lang, 'dispatcherSign')}: ____________    ${t(lang, 'stationSign')}: ____________`,
        margin: [0, 24, 0, 0],
      },
    );
    if (i < all.length - 1) content.push({ text: '', pageBreak: 'after' });
  });
  if (all.length === 0) content.push({ text: `${d.date}: —` });
  return renderPdf({ content, info: { title: `${t(lang, 'dispatchSheet')} ${d.date}` } });
}

export async function dispatchXlsx(scenario: Scenario, d: Dispatch, lang: Lang = 'zh'): Promise<Buffer> {
  const n = namesOf(scenario);
  const book = new (await loadExcel()).Workbook();
  // Excel sheet names: no \ / ? * [ ] :, at most 31 characters, unique ignoring case. Names that collide once
  // cleaned ("A/B" and "A:B", "ZTO" and "zto") get a suffix _2, _3… in the order met (deterministic).
  const used = new Set<string>();
  const sheetName = (base: string) => {
    const clean = base.replace(/[\\/?*[\]:]/g, '_').replace(/^'+|'+$/g, '') || '_';
    let name = clean.slice(0, 31);
    for (let k = 2; used.has(name.toLowerCase()); k++) name = `${clean.slice(0, 31 - `_${k}`.length)}_${k}`;
    used.add(name.toLowerCase());
    return name;
  };
  for (const g of trips(d)) {
    const ws = book.addWorksheet(sheetName(`${g.vehicle}-${g.trip}`));
    ws.addRow([
      t(lang, 'date'),
      d.date,
      t(lang, 'depot'),
      safeCell(n.place(g.depot)),
      t(lang, 'vehicle'),
      safeCell(g.vehicle),
      t(lang, 'trip'),
      g.trip,
    ]);
    ws.addRow(LINE_HEAD(lang));
    for (const row of tripRows(d, g, n, lang)) ws.addRow(safeRow(row));
  }
  // Handover per carrier: what it hands to which vehicle (hub vehicles get it by the trunk bus).
  const warehouse = scenario.places.find((p) => p.kind === 'warehouse')?.id;
  for (const c of scenario.carriers) {
    const lines = d.lines.filter((l) => l.carrierId === c.id);
    if (lines.length === 0) continue;
    const ws = book.addWorksheet(sheetName(`${t(lang, 'handover')}-${c.name}`));
    ws.addRow([t(lang, 'carrier'), safeCell(c.name), t(lang, 'date'), d.date]);
    ws.addRow([
      t(lang, 'vehicle'),
      t(lang, 'trip'),
      t(lang, 'depot'),
      t(lang, 'parcelsDown'),
      t(lang, 'parcelsUp'),
      t(lang, 'carriedOver'),
      t(lang, 'cold'),
    ]);
    const per = new Map<
      string,
      { vehicle: string; trip: number; depot: string; down: number; up: number; carried: number; cold: number }
    >();
    for (const l of lines) {
      const k = `${l.vehicle}|${l.trip}`;
      const cur = per.get(k) ?? {
        vehicle: l.vehicle,
        trip: l.trip,
        depot: l.depot,
        down: 0,
        up: 0,
        carried: 0,
        cold: 0,
      };
      cur.down += l.parcelsDown;
      cur.up += l.parcelsUp;
      cur.carried += l.carriedOver;
      if (l.cold) cur.cold += l.parcelsDown;
      per.set(k, cur);
    }
    for (const p of per.values()) {
      const depot = p.depot === warehouse ? n.place(p.depot) : `${t(lang, 'via')} ${n.place(p.depot)}`;
      ws.addRow([safeCell(p.vehicle), p.trip, safeCell(depot), p.down, p.up, p.carried, p.cold]);
    }
  }
  if (book.worksheets.length === 0) book.addWorksheet(d.date);
  return Buffer.from(await book.xlsx.writeBuffer());
}

/**
 * Route CSV, one row per stop and carrier, and a row for a vehicle's lunch break (time span under arrival); UTF-8
 * with BOM so Chinese Excel opens it right.
 */
export function dispatchCsv(scenario: Scenario, d: Dispatch, lang: Lang = 'zh'): string {
  const n = namesOf(scenario);
  const rows = trips(d).flatMap((g) => tripRows(d, g, n, lang).map((r) => [g.vehicle, g.trip, ...r].map(String)));
  return `\ufeff${stringifyCsv([t(lang, 'vehicle'), t(lang, 'trip'), ...LINE_HEAD(lang)], rows)}`;
}
