/**
 * `gongpei manifest import <scenario> --date D --carrier ID FILE [--replace] [--json]` and
 * `gongpei manifest list <scenario> [--date D] [--json]`: carrier manifests of a calendar date (issue 12).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { OperationsStore } from '../../store/operations.ts';
import { importManifest, manifestSummary } from '../../operations/manifests.ts';
import { print, storedScenario, withStore } from '../../operations/cli-util.ts';
import { requireDate } from '../../operations/table-file.ts';

export function register(program: Command): void {
  const manifest = program.command('manifest').description("carriers' parcel manifests of a calendar date");
  manifest
    .command('import')
    .description("import one carrier's manifest (CSV or XLSX) for a date; all rows or none")
    .argument('<scenario>', 'stored scenario id')
    .argument(
      '<file>',
      'CSV or XLSX: station_id (or code, or name + township), parcels_down, kg_down, parcels_up, kg_up, cold, up_zone',
    )
    .requiredOption('--date <YYYY-MM-DD>', 'calendar date of the parcels')
    .requiredOption('--carrier <id>', 'carrier id (carriers.csv)')
    .option('--replace', "supersede this carrier's manifest of that date")
    .option('--json', 'print JSON { date, carrier, rows, parcelsDown, parcelsUp }')
    .action(
      async (
        scenarioId: string,
        file: string,
        opts: { date: string; carrier: string; replace?: boolean; json?: boolean },
        cmd: Command,
      ) => {
        const bytes = readFileSync(file);
        await withStore(cmd, async (store) => {
          const scenario = storedScenario(store, scenarioId);
          const summary = await importManifest(OperationsStore.of(store), {
            scenarioId,
            scenario,
            date: opts.date,
            carrierId: opts.carrier,
            fileName: path.basename(file),
            bytes,
            replace: Boolean(opts.replace),
          });
          print(
            opts.json,
            summary,
            () =>
              `imported ${summary.carrier} ${summary.date}: ${summary.rows} rows, ${summary.parcelsDown} parcels down, ${summary.parcelsUp} up${summary.replaced ? ` (replaces ${summary.replaced})` : ''}`,
          );
        });
      },
    );
  manifest
    .command('list')
    .description('manifests in force, per date and carrier')
    .argument('<scenario>', 'stored scenario id')
    .option('--date <YYYY-MM-DD>', 'only this date')
    .option('--json', 'print JSON')
    .action(async (scenarioId: string, opts: { date?: string; json?: boolean }, cmd: Command) => {
      await withStore(cmd, (store) => {
        storedScenario(store, scenarioId);
        const date = opts.date !== undefined ? requireDate(opts.date, '--date') : undefined;
        const list = OperationsStore.of(store)
          .listManifests(scenarioId, date)
          .map((m) => ({ ...manifestSummary(m), source: m.source, createdAt: m.createdAt }));
        print(opts.json, { manifests: list }, () =>
          list.length === 0
            ? 'no manifests'
            : list
                .map(
                  (m) =>
                    `${m.date} ${m.carrier.padEnd(8)} ${String(m.rows).padStart(5)} rows ${String(m.parcelsDown).padStart(6)} down ${String(m.parcelsUp).padStart(5)} up  ${m.source}`,
                )
                .join('\n'),
        );
      });
    });
}
