/** `gongpei audit [--limit N] [--json]`: the audit log of API and command-line writes, newest first. */
import type { Command } from 'commander';
import { openCommandStore } from '../store-arg.ts';
import { formatTable } from './scenarios.ts';

export function register(program: Command): void {
  program
    .command('audit')
    .description('list the audit log of API and command-line writes (who, role, what, when, from where)')
    .option('--limit <n>', 'entries (default 50)', '50')
    .option('--json', 'print JSON')
    .action((opts: { limit: string; json?: boolean }, cmd: Command) => {
      const limit = Number(opts.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 100_000)
        throw new Error(`--limit: a whole number 1..100000, got "${opts.limit}"`);
      const store = openCommandStore(cmd);
      try {
        const { entries, total } = store.listAudit(limit, 0);
        if (opts.json) {
          process.stdout.write(`${JSON.stringify({ entries, total })}\n`);
          return;
        }
        const rows = [
          ['at', 'who', 'role', 'action', 'status', 'from', 'request'],
          ...entries.map((e) => [e.at, e.who, e.role, e.action, String(e.status), e.ip, e.requestId]),
        ];
        process.stdout.write(formatTable(rows));
        if (total > entries.length) process.stdout.write(`… ${total - entries.length} older entries (--limit)\n`);
      } finally {
        store.close();
      }
    });
}
