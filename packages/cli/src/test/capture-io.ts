import { PassThrough } from 'node:stream';
import type { CliIO } from '../io.js';
import { run } from '../run.js';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `loupe <argv>` in-process, the way the bin does, and captures what it printed. */
export async function runCli(argv: string[], stopSignal?: Promise<void>): Promise<CliResult> {
  const out = new PassThrough();
  const err = new PassThrough();
  let stdout = '';
  let stderr = '';
  out.on('data', (d: Buffer) => (stdout += d.toString()));
  err.on('data', (d: Buffer) => (stderr += d.toString()));
  const io: CliIO = { stdout: out, stderr: err, ...(stopSignal && { stopSignal }) };
  const code = await run(argv, io);
  return { code, stdout, stderr };
}
