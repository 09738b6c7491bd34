import { run } from './run.js';

const stopSignal = new Promise<void>((resolve) => {
  process.once('SIGINT', () => resolve());
  process.once('SIGTERM', () => resolve());
});
process.exitCode = await run(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, stopSignal });
// Long-running commands resolve only after their servers closed; anything left (keep-alive sockets) must not hold the exit.
process.exit();
