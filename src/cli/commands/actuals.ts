/**
 * `gongpei actuals import <dispatchId> FILE [--json]`: what was delivered, failed and picked up (CSV/XLSX:
 * vehicle, station_id, carrier_id, delivered, failed, fail_reason, picked_up, arrival). All rows or none.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { OperationsStore } from '../../store/operations.ts';
import { importActualsFile } from '../../operations/actuals.ts';
import { print, withStore } from '../../operations/cli-util.ts';

export function register(program: Command): void {
  const actuals = program.command('actuals').description('delivery results of a dispatch');
  actuals
    .command('import')
    .argument('<dispatchId>', 'dispatch id')
    .argument('<file>', 'CSV or XLSX')
    .option('--json', 'print JSON')
    .action(async (dispatchId: string, file: string, opts: { json?: boolean }, cmd: Command) => {
      const bytes = readFileSync(file);
      await withStore(cmd, async (store) => {
        const r = await importActualsFile(OperationsStore.of(store), dispatchId, path.basename(file), bytes);
        print(
          opts.json,
          r,
          () =>
            `${r.entries} entries (${r.added} new): delivered ${r.delivered}, failed ${r.failed}, picked up ${r.pickedUp}`,
        );
      });
    });
}
