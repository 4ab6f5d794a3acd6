/** Store entry point: the SQLite store is the default implementation of ./types.ts. */
export { openStore, resolveDataDir, storeFilePath, SqliteStore, STORE_FILE, checkScenarioId } from './sqlite.ts';
export type { Store, ScenarioSummary, StoredPlan, JobRecord, JobStatus } from './types.ts';
