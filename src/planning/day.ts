/** The daily plan lives in src/planning/day/ (one file per phase); this module keeps the old import path. */
export * from './day/index.ts';
