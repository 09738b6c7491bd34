import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The real `loupe` executable (it runs the bundle when `npm run build` wrote one). */
export const BIN = fileURLToPath(new URL('../../bin/loupe.js', import.meta.url));

export interface ServeProcess {
  child: ChildProcess;
  /** Everything it printed up to its ready line. */
  out: string;
  /** The viewer/API base URL from its ready line. */
  url: string;
  /** The OTLP/gRPC port from its ready line, when it listens for gRPC. */
  grpcPort: number | undefined;
  /** SIGTERM, resolving with the exit code. */
  stop(): Promise<number | null>;
}

/** Spawns `loupe serve <args>` and resolves once it printed its ready line; rejects if it exits first. */
export function spawnServe(args: string[]): Promise<ServeProcess> {
  const child = spawn(process.execPath, [BIN, 'serve', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let out = '';
  return new Promise((resolve, reject) => {
    child.stderr.on('data', (d: Buffer) => (out += d));
    child.stdout.on('data', (d: Buffer) => {
      out += d;
      const m = /viewer (http:\/\/127\.0\.0\.1:\d+)\/.*?(?:OTLP\/gRPC 127\.0\.0\.1:(\d+))?\s·\sAPI/.exec(out);
      if (!m) return;
      const stop = (): Promise<number | null> => {
        child.kill('SIGTERM');
        return exited;
      };
      resolve({ child, out, url: m[1]!, grpcPort: m[2] === undefined ? undefined : Number(m[2]), stop });
    });
    void exited.then((code) => reject(new Error(`serve exited with ${code}: ${out}`)));
  });
}
