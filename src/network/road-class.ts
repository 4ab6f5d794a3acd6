/**
 * Which roads a delivery van may use, at what speed, in which direction (OSM tagging conventions).
 */

/**
 * Default van speed (km/h) by highway class, used when a way has no usable maxspeed.
 * Rural averages rather than limits: a loaded van on a county road rarely holds the limit.
 */
export const DEFAULT_SPEED_KMH: Readonly<Record<string, number>> = {
  motorway: 90,
  motorway_link: 50,
  trunk: 70,
  trunk_link: 45,
  primary: 60,
  primary_link: 40,
  secondary: 50,
  secondary_link: 40,
  tertiary: 45,
  tertiary_link: 30,
  unclassified: 35,
  road: 30,
  residential: 30,
  service: 15,
  living_street: 10,
  track: 15,
};

/** Upper bound on any speed (km/h): a van, whatever the sign says. */
export const MAX_VAN_SPEED_KMH = 100;

/**
 * A van drives a share of the posted limit (bends, villages, loads): speed = maxspeed × 0.8, but not
 * above 1.25 × the class default (a rural road signed 100 is not a 100 km/h road for a van).
 */
export const MAXSPEED_FACTOR = 0.8;
export const CLASS_SPEED_HEADROOM = 1.25;

const EXCLUDED_ACCESS = new Set(['no', 'private']);

/** true when a way with these tags is a road a delivery van may drive on. */
export function isVanRoad(tags: Record<string, string>): boolean {
  const highway = tags.highway;
  if (!highway || !(highway in DEFAULT_SPEED_KMH)) return false;
  if (tags.area === 'yes') return false;
  const access = tags.motor_vehicle ?? tags.motorcar ?? tags.vehicle ?? tags.access;
  if (access && EXCLUDED_ACCESS.has(access)) return false;
  return true;
}

/**
 * Parse an OSM maxspeed value to km/h: "50", "50 km/h", "30 mph", "DE:urban" (50), "DE:rural" (90 capped),
 * "walk" (7). Returns null for "none", "signals", "variable" and anything unreadable.
 */
export function parseMaxspeed(value: string | undefined): number | null {
  if (!value) return null;
  const v = value.trim().toLowerCase();
  const num = /^(\d+(?:\.\d+)?)\s*(km\/h|kmh|kph|mph)?$/.exec(v);
  if (num) {
    const n = Number(num[1]);
    const kmh = num[2] === 'mph' ? n * 1.609344 : n;
    return kmh > 0 ? kmh : null;
  }
  if (v === 'walk') return 7;
  if (/:urban$/.test(v)) return 50;
  if (/:rural$/.test(v)) return 90;
  if (/:living_street$/.test(v)) return 10;
  if (/:motorway$/.test(v)) return MAX_VAN_SPEED_KMH;
  return null;
}

/**
 * Van speed in km/h for a way: the class default, or with a maxspeed min(maxspeed × MAXSPEED_FACTOR,
 * class default × CLASS_SPEED_HEADROOM); never above MAX_VAN_SPEED_KMH.
 */
export function roadSpeedKmh(highway: string, maxspeed?: string): number {
  const parsed = parseMaxspeed(maxspeed);
  const classSpeed = classSpeedKmh(highway);
  const speed = parsed === null ? classSpeed : Math.min(parsed * MAXSPEED_FACTOR, classSpeed * CLASS_SPEED_HEADROOM);
  return Math.min(speed, MAX_VAN_SPEED_KMH);
}

/** Default van speed of a highway class (unknown classes: as unclassified). */
export function classSpeedKmh(highway: string): number {
  return DEFAULT_SPEED_KMH[highway] ?? DEFAULT_SPEED_KMH.unclassified!;
}

/**
 * Direction of travel allowed: 1 = along the way's node order only, -1 = against it only, 0 = both.
 * oneway=yes/1/true, roundabouts and motorways are one-way; oneway=-1/reverse is one-way backwards;
 * oneway=no overrides the implied one-way of a roundabout or motorway.
 */
export function onewayOf(tags: Record<string, string>): -1 | 0 | 1 {
  const oneway = tags.oneway?.toLowerCase();
  if (oneway === 'yes' || oneway === '1' || oneway === 'true') return 1;
  if (oneway === '-1' || oneway === 'reverse') return -1;
  if (oneway === 'no' || oneway === '0' || oneway === 'false') return 0;
  if (tags.junction === 'roundabout' || tags.junction === 'circular') return 1;
  if (tags.highway === 'motorway' || tags.highway === 'motorway_link') return 1;
  return 0;
}
