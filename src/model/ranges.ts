/**
 * ONE number parser, ONE clock parser, ONE id rule and ONE table of plausible ranges for every input path
 * (issue 20): the scenario folder reader and validator (schemas.ts, validate.ts, so also versions edits), the
 * manifest and actuals readers (operations/), and the API schemas. A quantity has one rule wherever it
 * enters; before this, the manifest reader took `0x10` as 16 parcels and had limits of its own.
 *
 * Values outside a range are typing or unit errors (or an attack), not a county: the bounds are far above any
 * real county, so a refusal always means "check the figure".
 */

/**
 * Plain decimal only: optional sign, digits, optional fraction (`12`, `-3.5`, `.5`, `7.`). No hex, binary,
 * octal, exponent, Infinity/NaN, digit separators or Unicode digits; spaces and tabs around the number are
 * tolerated (spreadsheets pad cells), any other white space (NBSP, full-width, line ends) is not.
 */
const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/;
/** Longer than this is no figure anyone typed (and keeps the regex and Number() trivially cheap). */
const MAX_NUMBER_CHARS = 120;

export function parseDecimal(text: string): number | null {
  const t = text.replace(/^[ \t]+|[ \t]+$/g, '');
  if (t.length === 0 || t.length > MAX_NUMBER_CHARS || !DECIMAL.test(t)) return null;
  const n = Number(t);
  return Number.isFinite(n) ? n : null;
}

/**
 * The text of a number that parseDecimal reads back to the same double: shortest round-trip form, written
 * out without an exponent (String(1e-7) is "1e-7", which the parser refuses on purpose).
 */
export function formatDecimal(n: number): string {
  const s = String(n);
  const m = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(s);
  if (!m) return s;
  if (Math.abs(n) >= 1e21) return s; // out of every range anyway; refused when read back
  // The digits of String(n) (the shortest that round-trip) with the point moved: 1e-7 → 0.0000001.
  const digits = m[2] + (m[3] ?? '');
  const point = 1 + Number(m[4]);
  return point <= 0 ? `${m[1]}0.${'0'.repeat(-point)}${digits}` : m[1] + digits + '0'.repeat(point - digits.length);
}

/** A range of one quantity: min/max inclusive unless `above` (value must be > min). */
export interface Range {
  min: number;
  max: number;
  /** True: the value must be strictly greater than min (a capacity of 0 is no vehicle). */
  above?: boolean;
  whole?: boolean;
  unit: string;
}

/** Plausible ranges, one per quantity (a comment says why each bound is where it is). */
export const RANGES = {
  /** Parcels of one demand/manifest row (station × carrier × day), each direction: a busy station takes a few hundred. */
  parcelsPerRow: { min: 0, max: 20_000, whole: true, unit: 'parcels' },
  /** Parcels of one station on one day, all carriers, each direction. */
  parcelsPerStationDay: { min: 0, max: 50_000, whole: true, unit: 'parcels' },
  /** Average kg of one parcel (farm produce up is heavy, but not half a tonne a parcel). */
  kgPerParcel: { min: 0, max: 500, unit: 'kg a parcel' },
  /** kg of one row: parcelsPerRow × kgPerParcel. */
  kgPerRow: { min: 0, max: 10_000_000, unit: 'kg' },
  /** Residents of one village or place: the largest Chinese towns have a few hundred thousand. */
  population: { min: 0, max: 10_000_000, whole: true, unit: 'residents' },
  /** Days a station may wait for its parcels (policy limit). */
  serviceLimitDays: { min: 0, max: 7, whole: true, unit: 'days' },
  /** Planning horizon of county.json and the days of demand.csv (four weeks). */
  horizonDays: { min: 1, max: 28, whole: true, unit: 'days' },
  /** Vehicles of one fleet row. */
  vehiclesPerRow: { min: 0, max: 500, whole: true, unit: 'vehicles' },
  /** Vehicles of the whole fleet. */
  vehicles: { min: 0, max: 5_000, whole: true, unit: 'vehicles' },
  /** Capacity of one vehicle or bus run: a 40 t truck of small parcels is some 10,000. */
  capacityParcels: { min: 0, above: true, max: 100_000, unit: 'parcels' },
  capacityKg: { min: 0, above: true, max: 100_000, unit: 'kg' },
  /** Any money amount of one row (¥): fixed cost of a vehicle-day, a tariff price. */
  money: { min: 0, max: 1_000_000, unit: '¥' },
  /** Minutes within one working day (handover, working time, break). */
  minutesOfDay: { min: 0, max: 24 * 60, unit: 'minutes' },
  /** A vehicle's km limit per day: 2,000 km is 20 hours at 100 km/h. */
  maxKm: { min: 0, above: true, max: 2_000, unit: 'km' },
  /** Road speed (roads.geojson speedKmh, county default speed): no county road is faster than a motorway. */
  speedKmh: { min: 0, above: true, max: 200, unit: 'km/h' },
  /** One straight piece of a road line: a county is some 50 km across, a longer piece is a broken coordinate. */
  roadSegmentKm: { min: 0, max: 200, unit: 'km' },
  /** Bus pick-up radius around a stop. */
  pickupRadiusM: { min: 0, above: true, max: 50_000, unit: 'm' },
  /** Engine seconds of one solve (API timeLimit), as the job budget allows. */
  timeLimitSeconds: { min: 0, above: true, max: 600, unit: 's' },
  /** Random seed of the engine (a 32-bit integer). */
  seed: { min: 0, max: 2 ** 31 - 1, whole: true, unit: '' },
} as const satisfies Record<string, Range>;

export type Quantity = keyof typeof RANGES;

/** Why `value` is outside the range of `q` (English; zh-CN in messages-zh.ts), or null when it is fine. */
export function rangeProblem(q: Quantity, value: number): string | null {
  const r: Range = RANGES[q];
  const unit = r.unit ? ` ${r.unit}` : '';
  if (!Number.isFinite(value)) return `expected a number, got ${value}`;
  if (r.whole && !Number.isInteger(value)) return `must be a whole number, got ${value}`;
  if (r.above ? !(value > r.min) : !(value >= r.min)) return `must be ${r.above ? '>' : '≥'} ${r.min}, got ${value}`;
  if (value > r.max) return `at most ${r.max}${unit}, got ${value}`;
  return null;
}

// ------------------------------------------------------------------------------------------------ clocks

/**
 * A clock time of the working day "HH:MM" (or "H:MM"), 00:00–24:00 only: `25:00` is a typo, not tomorrow.
 * Returns minutes since midnight, or null.
 */
export function parseDayClock(text: string): number | null {
  const m = /^(\d{1,2}):(\d{2})$/.exec(text.trim());
  if (!m) return null;
  const h = Number(m[1]);
  const min = Number(m[2]);
  if (min > 59 || h > 24 || (h === 24 && min > 0)) return null;
  return h * 60 + min;
}

export function clockProblem(text: string): string | null {
  return parseDayClock(text) === null ? `expected a clock time HH:MM between 00:00 and 24:00, got "${text}"` : null;
}

// --------------------------------------------------------------------------------------------------- ids

/** Longest id (station codes are short; a 1 MB id is an attack on every later lookup and hint). */
export const MAX_ID_CHARS = 64;
/**
 * Safe id characters: ASCII letters and digits, Han characters (Chinese names used as ids), and `_ - . : #`
 * inside. No spaces, no invisible or format characters (zero-width space, BOM, bidi marks), no look-alike
 * scripts (a Cyrillic "е" in "ems"): two ids that look the same must be the same id.
 */
const ID = /^[A-Za-z0-9\p{Script=Han}](?:[A-Za-z0-9\p{Script=Han}_\-.:#]*[A-Za-z0-9\p{Script=Han}_])?$/u;

export function idProblem(id: string): string | null {
  if (id.length > MAX_ID_CHARS) return `an id has at most ${MAX_ID_CHARS} characters, got ${id.length}`;
  if (/[\p{Cf}\p{Cc}\p{Zs}\u2028\u2029]/u.test(id))
    return `"${visible(id)}" contains an invisible, control or space character`;
  if (!ID.test(id))
    return `"${visible(id)}" is not a safe id (letters A-Z a-z, digits, Chinese characters and _ - . : # inside)`;
  return null;
}

/**
 * The key under which ids must be unique: NFKC (full-width "ＥＭＳ" is "EMS") and case-folded, so `EMS` and
 * `ems` are one id, as an operator reads them.
 */
export function idKey(id: string): string {
  return id.normalize('NFKC').toLowerCase();
}

/** An id with invisible characters shown as \u{…}, for messages. */
export function visible(s: string): string {
  return s.slice(0, 80).replace(/[\p{Cf}\p{Cc}\u2028\u2029]/gu, (c) => `\\u{${c.codePointAt(0)!.toString(16)}}`);
}
