/**
 * `gongpei backup FILE`: a consistent copy of the store (SQLite online backup, safe while a server is
 * writing). `gongpei restore FILE`: replace the store with a backup after PRAGMA integrity_check (a corrupt
 * or foreign file is refused and nothing changes); stop the server first.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { restoreStore } from '../../store/sqlite.ts';
import { dataDirOption, openCommandStore } from '../store-arg.ts';

export function register(program: Command): void {
  program
    .command('backup')
    .description('write a consistent copy of the store to FILE (works while the server runs)')
    .argument('<file>', 'backup file to write')
    .option('--force', 'overwrite FILE if it exists')
    .action(async (file: string, opts: { force?: boolean }, cmd: Command) => {
      const target = resolve(file);
      if (existsSync(target) && !opts.force) throw new Error(`${target} exists (add --force to overwrite it)`);
      const store = openCommandStore(cmd);
      try {
        if (resolve(store.file) === target) throw new Error('the backup file must not be the store itself');
        await store.backup(target);
        process.stderr.write(`gongpei: backed up ${store.file} → ${target}\n`);
      } finally {
        store.close();
      }
    });

  program
    .command('restore')
    .description('replace the store with a backup FILE (integrity-checked first; stop the server before)')
    .argument('<file>', 'backup file written by "gongpei backup"')
    .action((file: string, _opts: unknown, cmd: Command) => {
      const { file: target, scenarios } = restoreStore(resolve(file), dataDirOption(cmd));
      process.stderr.write(`gongpei: restored ${target} from ${resolve(file)} (${scenarios} scenario(s))\n`);
    });
}
