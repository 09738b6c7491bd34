// Child processes: the server under test runs alone in its own process, so the load
// generator's CPU never counts against it.
import { fork } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const CHILDREN = fileURLToPath(new URL('../children/', import.meta.url));

/** Resident set size of a process in MB, from /proc (Linux); undefined elsewhere. */
export function rssMb(pid) {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** CPU time (user + system) of a process in ms, from /proc (Linux); undefined elsewhere. */
export function cpuMs(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    // utime and stime are fields 14 and 15 of stat, in clock ticks (100 Hz on Linux).
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined;
  }
}

/**
 * CPU time (ms) of a process's threads by role, from /proc (Linux); undefined elsewhere.
 * Node names no threads, so roles come from what the store does to them: the process's main
 * thread has its pid as tid; the search worker lowers its own priority (nice > 0); the writer
 * worker is the busiest of the rest. `other` is V8's helper threads (GC, compiler) and libuv's pool.
 */
export function threadCpuMs(pid) {
  let tids;
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return undefined;
  }
  const threads = [];
  for (const tid of tids) {
    try {
      const f = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8').split(') ')[1].split(' ');
      // utime, stime: fields 14 and 15; nice: field 19 (stat counts from 1, this array from field 3).
      threads.push({ tid: Number(tid), ms: (Number(f[11]) + Number(f[12])) * 10, nice: Number(f[16]) });
    } catch {
      // The thread ended between the listing and the read.
    }
  }
  const roles = { main: 0, writer: 0, search: 0, other: 0 };
  const rest = [];
  let searchSeen = false;
  for (const t of threads) {
    if (t.tid === pid) roles.main += t.ms;
    else if (t.nice > 0) {
      roles.search += t.ms;
      searchSeen = true;
    } else rest.push(t);
  }
  // Where a thread may not lower its priority, the search worker cannot be told apart: no split.
  if (!searchSeen) return undefined;
  rest.sort((a, b) => b.ms - a.ms);
  if (rest.length > 0) roles.writer = rest.shift().ms;
  for (const t of rest) roles.other += t.ms;
  return roles;
}

/** Busy and total CPU time of the whole machine in ms (all cores), from /proc/stat; undefined elsewhere. */
export function machineCpuMs() {
  try {
    const f = readFileSync('/proc/stat', 'utf8').split('\n')[0].split(/\s+/).slice(1).map(Number);
    const total = f.reduce((a, b) => a + b, 0) * 10;
    // idle and iowait are fields 4 and 5 of the cpu line.
    return { busy: total - (f[3] + f[4]) * 10, total };
  } catch {
    return undefined;
  }
}

/** Children not yet exited: a row that fails midway must not leave a server running behind it. */
const running = new Set();

/** Kills every child still running (after a failed row, and when the bench ends). */
export function killRunningChildren() {
  for (const child of running) child.kill('SIGKILL');
  running.clear();
}

/**
 * Forks `children/<script>` with `args`; resolves with the first IPC message it sends (its
 * "ready" report) and a `stop()` that asks it to finish cleanly (so --cpu-prof profiles are written).
 */
export async function startChild(script, args = [], { execArgv = [], readyTimeoutMs = 600_000 } = {}) {
  const child = fork(CHILDREN + script, args, { execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  running.add(child);
  child.once('exit', () => running.delete(child));
  const exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  // A child that never reports (a hang in the code under test) is killed, and the row fails, instead of the whole run hanging.
  const watchdog = setTimeout(() => child.kill('SIGKILL'), readyTimeoutMs);
  const ready = await new Promise((resolve, reject) => {
    child.once('message', (m) => {
      clearTimeout(watchdog);
      resolve(m);
    });
    child.once('exit', (code, signal) => {
      clearTimeout(watchdog);
      reject(new Error(`${script} ${args.slice(0, 1).join(' ')} exited (${signal ?? code}) before reporting`));
    });
  });
  return {
    ready,
    pid: child.pid,
    child,
    /** Next message from the child. */
    next: () => new Promise((resolve) => child.once('message', resolve)),
    send: (msg) => child.send(msg),
    async stop() {
      // A child that already finished on its own has closed the channel: ignore the send error.
      if (child.exitCode === null && child.connected) child.send({ type: 'stop' }, () => {});
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}

/**
 * The Node flags the `loupe` command runs with: the ones on its `#!/usr/bin/env -S node …` line,
 * so the server children here are tuned exactly as `loupe serve` is.
 */
export function loupeNodeFlags() {
  const first = readFileSync(new URL('../../packages/cli/bin/loupe.js', import.meta.url), 'utf8').split('\n')[0];
  const words = first.split(/\s+/);
  const node = words.indexOf('node');
  return node < 0 ? [] : words.slice(node + 1).filter(Boolean);
}

/** Starts `loupe serve`'s server (startServer + openSqliteStore) on `db` in a child process, with `loupe`'s Node flags. */
export async function startServerChild(db, { cpuProfDir } = {}) {
  const execArgv = [...loupeNodeFlags(), ...(cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${cpuProfDir}`] : [])];
  const c = await startChild('server.mjs', [db], { execArgv });
  return { ...c, url: c.ready.url };
}

/** Writes bodies as one file of length-prefixed records, for a child to read. */
export function writeBodies(path, bodies) {
  const parts = [];
  for (const b of bodies) {
    const len = Buffer.alloc(4);
    len.writeUInt32LE(b.length);
    parts.push(len, b);
  }
  writeFileSync(path, Buffer.concat(parts));
}

export function readBodies(path) {
  const all = readFileSync(path);
  const out = [];
  for (let i = 0; i < all.length; ) {
    const len = all.readUInt32LE(i);
    out.push(all.subarray(i + 4, i + 4 + len));
    i += 4 + len;
  }
  return out;
}
