/** Where a command writes. Injected so tests can run commands in-process and read their output. */
export interface CliIO {
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stderr: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  /** Resolves when the user asks a long-running command (serve, demo) to stop. */
  stopSignal?: Promise<void>;
}

export function writeLine(stream: NodeJS.WritableStream, line = ''): void {
  stream.write(line + '\n');
}
