import { describe, expect, it } from 'vitest';
import { generateCounty } from '../../src/generate/county.ts';
import { readScenarioFolder, writeScenarioFolder } from '../../src/io/scenario-folder.ts';
import { validateScenario } from '../../src/model/validate.ts';
import { openStore } from '../../src/store/sqlite.ts';
import { tempDir } from '../io/helpers.ts';

// Generated counties exercise shapes the hand-made fixture does not (hundreds of rows, long decimals,
// many road features): folder → store → folder must give back the same scenario every time.
describe('generated counties round-trip through folder and store', () => {
  it.each([11, 29])(
    'seed %i',
    (seed) => {
      const generated = generateCounty({ seed, stations: 40 });
      expect(validateScenario(generated)).toEqual([]);
      const dir = tempDir();
      writeScenarioFolder(generated, dir);
      const read = readScenarioFolder(dir);
      expect(read).toEqual(generated);
      const store = openStore(tempDir());
      store.saveScenario(`gen-${seed}`, read);
      const loaded = store.getScenario(`gen-${seed}`);
      store.close();
      expect(loaded).toEqual(generated);
    },
    20_000,
  );
});
