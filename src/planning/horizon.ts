/** The periodic plan lives in src/planning/horizon/ (one file per phase); this module keeps the old import path. */
export * from './horizon/index.ts';
