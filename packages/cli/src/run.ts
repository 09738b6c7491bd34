import { RemoteError } from '@loupe/server';
import { CliError, UsageError } from './cli-error.js';
import type { Command } from './command.js';
import { demoCommand } from './commands/demo.js';
import { exportCommand } from './commands/export.js';
import { feedbackCommand } from './commands/feedback.js';
import { historyCommand } from './commands/history.js';
import { importCommand } from './commands/import.js';
import { searchCommand } from './commands/search.js';
import { serveCommand } from './commands/serve.js';
import { showCommand } from './commands/show.js';
import { statsCommand } from './commands/stats.js';
import { writeLine, type CliIO } from './io.js';

export const COMMANDS: Command[] = [serveCommand, demoCommand, historyCommand, searchCommand, showCommand, statsCommand, feedbackCommand, exportCommand, importCommand];

function usage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'Usage: loupe <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    "Run 'loupe <command> --help' for a command's options.",
  ].join('\n');
}

/** Runs one CLI invocation and returns its exit status: 0 ok, 1 failure, 2 usage error. Never throws. */
export async function run(argv: string[], io: CliIO): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    writeLine(name === undefined ? io.stderr : io.stdout, usage());
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    writeLine(io.stderr, `loupe: unknown command "${name}"\n\n${usage()}`);
    return 2;
  }
  try {
    return await command.run(rest, io);
  } catch (err) {
    if (err instanceof UsageError) {
      writeLine(io.stderr, `loupe ${name}: ${err.message}\nRun 'loupe ${name} --help' for usage.`);
      return 2;
    }
    if (err instanceof CliError || err instanceof RemoteError) {
      writeLine(io.stderr, `loupe ${name}: ${err.message}`);
      return 1;
    }
    const e = err as Error;
    writeLine(io.stderr, `loupe ${name}: unexpected error: ${e?.message ?? String(err)}`);
    if (process.env.LOUPE_DEBUG) writeLine(io.stderr, e?.stack ?? '');
    return 1;
  }
}
