/**
 * `gongpei scenarios [--json]`: the scenarios in the store; `gongpei scenarios delete <id>` removes one
 * (with its plans and jobs).
 */
import type { Command } from 'commander';
import { auditCli, openCommandStore } from '../store-arg.ts';

export function register(program: Command): void {
  const scenarios = program
    .command('scenarios')
    .description('list the scenarios in the store')
    .option('--json', 'print JSON')
    .action((opts: { json?: boolean }, cmd: Command) => {
      const store = openCommandStore(cmd);
      try {
        const list = store.listScenarios();
        if (opts.json) {
          process.stdout.write(`${JSON.stringify(list)}\n`);
          return;
        }
        if (list.length === 0) {
          process.stdout.write(`no scenarios in ${store.file} (add one: gongpei import <folder>)\n`);
          return;
        }
        const rows = [
          ['id', 'name', 'admin code', 'villages', 'stations', 'updated'],
          ...list.map((s) => [s.id, s.name, s.adminCode, String(s.villages), String(s.stations), s.updatedAt]),
        ];
        process.stdout.write(formatTable(rows));
      } finally {
        store.close();
      }
    });

  scenarios
    .command('delete')
    .description('delete a stored scenario with its plans and jobs')
    .argument('<id>', 'scenario id')
    .option('--force', 'delete even while jobs of the scenario are queued or running (a server drops them)')
    .action((id: string, opts: { force?: boolean }, cmd: Command) => {
      const store = openCommandStore(cmd);
      try {
        // A server in another process may be solving for this scenario: refuse unless told to.
        const active = store.listJobs(id).filter((j) => j.status === 'queued' || j.status === 'running');
        if (active.length > 0 && !opts.force) {
          throw new Error(
            `scenario "${id}" has ${active.length} queued or running job(s) (${active.map((j) => j.id).join(', ')}): ` +
              `cancel them (DELETE /api/jobs/<id>) or delete through the server (DELETE /api/scenarios/${id}), or add --force`,
          );
        }
        if (!store.deleteScenario(id)) throw new Error(`no stored scenario "${id}"`);
        auditCli(store, `scenarios delete ${id}${opts.force ? ' --force' : ''}`);
        process.stderr.write(`gongpei: deleted scenario "${id}"\n`);
      } finally {
        store.close();
      }
    });
}

/** Left-aligned columns; width counts CJK characters as two. */
export function formatTable(rows: string[][]): string {
  const width = (s: string) => [...s].reduce((w, ch) => w + (/[\u1100-\uffff]/.test(ch) ? 2 : 1), 0);
  const cols = Math.max(...rows.map((r) => r.length));
  const widths = Array.from({ length: cols }, (_, c) => Math.max(...rows.map((r) => width(r[c] ?? ''))));
  return (
    rows
      .map((r) =>
        r.map((cell, c) => (c === r.length - 1 ? cell : cell + ' '.repeat(widths[c] - width(cell)))).join('  '),
      )
      .join('\n') + '\n'
  );
}
