import type { CliIO } from './io.js';

/** One `loupe <name>` subcommand. `run` resolves to the process exit status. */
export interface Command {
  name: string;
  summary: string;
  usage: string;
  run(argv: string[], io: CliIO): Promise<number>;
}
