/**
 * Issue 20 item 7: the "did you mean" hint for unknown stations must stay bounded, so one upload cannot
 * freeze the server (on 852714b a 1 MB station_id took 250 s, 20,000 unknown ids 18 s).
 */
import { describe, expect, it } from 'vitest';
import { generateCounty } from '../../src/generate/county.ts';
import { MAX_HINTS_PER_FILE, MAX_ID_LENGTH, parseManifest } from '../../src/operations/manifests.ts';
import { boundedEditDistance, editDistance, InputError, nearest } from '../../src/operations/table-file.ts';

const county = generateCounty({ seed: 7, stations: 1000 });
const HEADER = 'station_id,parcels_down,kg_down,parcels_up,kg_up,cold,up_zone\n';
const bytes = (text: string) => new TextEncoder().encode(text);

async function issuesOf(csv: string) {
  const err = await parseManifest(county, 'm.csv', bytes(csv)).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(InputError);
  return (err as InputError).issues;
}

describe('manifest hints are bounded', () => {
  it('a 1 MB station_id is an error naming row and field, answered at once with no hint', async () => {
    const t0 = performance.now();
    const issues = await issuesOf(`${HEADER}${'X'.repeat(1_000_000)},1,1,0,0,false,\n`);
    expect(performance.now() - t0).toBeLessThan(2000);
    expect(issues[0]).toMatchObject({ file: 'm.csv', row: 2, field: 'station_id' });
    expect(issues[0].message).toContain(`at most ${MAX_ID_LENGTH}`);
    expect(issues[0].message.length).toBeLessThan(200);
  });

  it('20,000 unknown ids: hints for the first few only, all rows named, quickly', async () => {
    const lines = Array.from({ length: 20_000 }, (_, i) => `UNKNOWN-${i}-abcdefghij,1,1,0,0,false,`);
    const t0 = performance.now();
    const issues = await issuesOf(HEADER + lines.join('\n') + '\n');
    expect(performance.now() - t0).toBeLessThan(5000);
    expect(issues.filter((i) => i.field === 'station_id')).toHaveLength(20_000);
    expect(issues.filter((i) => i.message.includes('nearest:')).length).toBeLessThanOrEqual(MAX_HINTS_PER_FILE);
  });

  it('a one-letter typo still gets its hint', async () => {
    const real = county.places.find((p) => p.kind === 'village' && p.hasStation)!.id;
    const typo = real + 'Z';
    const issues = await issuesOf(`${HEADER}${typo},1,1,0,0,false,\n`);
    expect(issues[0].message).toMatch(/nearest: /);
  });

  it('bounded distance agrees with the full one within the bound', () => {
    const words = ['', 'a', 'abc', 'abd', 'kitten', 'sitting', '七里店村', '七里店吋', 'xyzxyzxyz'];
    for (const a of words)
      for (const b of words)
        for (const bound of [0, 1, 2, 3, 10]) {
          const d = editDistance(a, b);
          expect(boundedEditDistance(a, b, bound)).toBe(d <= bound ? d : bound + 1);
        }
    expect(nearest(['kitten', 'sitting', 'mitten'], (s) => s, 'kittem')).toBe('kitten');
    expect(nearest(['kitten'], (s) => s, 'y'.repeat(65))).toBeUndefined();
  });
});
