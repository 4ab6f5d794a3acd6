/**
 * Resolve a `<scenario>` argument of a CLI command: a scenario folder (a folder with county.json) or the id of
 * a stored scenario. Used by info, export, matrix, plan, hubs, coverage, upstream.
 */
import { existsSync, statSync } from 'node:fs';
import type { Scenario } from '../model/types.ts';
import { isScenarioFolder, readScenarioFolder } from '../io/scenario-folder.ts';
import { openStore, storeFilePath } from '../store/sqlite.ts';
import type { Store } from '../store/types.ts';

export interface LoadScenarioOptions {
  /** Store directory (the global --data-dir); default $GONGPEI_DATA_DIR, then ./var. */
  dataDir?: string;
  /** An open store to use instead of opening one (it is not closed). */
  store?: Store;
}

export interface LoadedScenario {
  scenario: Scenario;
  /** Stored scenario id; null for a folder. */
  id: string | null;
  source: 'folder' | 'store';
}

export async function loadScenarioArg(arg: string, opts: LoadScenarioOptions = {}): Promise<LoadedScenario> {
  if (isScenarioFolder(arg)) return { scenario: readScenarioFolder(arg), id: null, source: 'folder' };

  const isDir = existsSync(arg) && statSync(arg).isDirectory();
  // Do not create an empty store just to look an id up.
  const store = opts.store ?? (existsSync(storeFilePath(opts.dataDir)) ? openStore(opts.dataDir) : null);
  try {
    const scenario = store?.getScenario(arg) ?? null;
    if (scenario) return { scenario, id: arg, source: 'store' };
    const stored = store ? store.listScenarios().map((s) => s.id) : [];
    const storedText = stored.length > 0 ? stored.join(', ') : '(none)';
    if (isDir)
      throw new Error(
        `${arg} is a folder without county.json, and no stored scenario has that id; stored: ${storedText}`,
      );
    throw new Error(`no scenario folder or stored scenario named "${arg}"; stored: ${storedText}`);
  } finally {
    if (store && !opts.store) store.close();
  }
}
