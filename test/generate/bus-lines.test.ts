/**
 * Daming's sample bus lines: regenerated from the committed folder they equal the committed bus_lines.csv, start at
 * the warehouse, and are valid (the folder reader validates them).
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readScenarioFolder, serializeScenarioFiles } from '../../src/io/scenario-folder.ts';
import { sampleBusLines } from '../../src/generate/bus-lines.ts';
import { DAMING_DIR } from '../../src/generate/daming.ts';

describe('sample bus lines', () => {
  it('are deterministic and equal the committed Daming file', () => {
    const scenario = readScenarioFolder(DAMING_DIR);
    const committed = scenario.busLines!;
    expect(committed.length).toBeGreaterThanOrEqual(2);
    const { busLines: _omit, ...without } = scenario;
    const fresh = sampleBusLines(without);
    expect(fresh).toEqual(committed);
    expect(serializeScenarioFiles({ ...without, busLines: fresh })['bus_lines.csv']).toBe(
      readFileSync(join(DAMING_DIR, 'bus_lines.csv'), 'utf8'),
    );
    for (const line of fresh) expect(line.stops[0]).toBe('WH-DM');
  });
});
