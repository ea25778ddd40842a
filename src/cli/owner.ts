import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { createConnection, createServer, type Server } from 'node:net';
import { join } from 'node:path';

/**
 * The embedded database has one owner. The process that opens it (the server, or a
 * command run while no server is up) writes its pid into `<data>/precinct.pid`; anyone
 * else finds it there, and a command goes through the running server's administration
 * socket `<data>/admin.sock` (permission 0600: only the server's own OS user and root
 * may connect) instead of opening the database beside it.
 */
export const LOCK_FILE = 'precinct.pid';
export const ADMIN_SOCKET = 'admin.sock';

/** Who holds the data folder: a live process's pid, or undefined when free (a lock left by a dead process is cleared). */
export function dataFolderOwner(dataDir: string): number | undefined {
  const path = join(dataDir, LOCK_FILE);
  if (!existsSync(path)) return undefined;
  const pid = Number(readFileSync(path, 'utf8').trim());
  if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && alive(pid)) return pid;
  if (pid === process.pid) return undefined;
  rmSync(path, { force: true });
  return undefined;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Take the data folder for this process; returns the release, or the pid that holds it. */
export function claimDataFolder(dataDir: string): { release: () => void } | { heldBy: number } {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const path = join(dataDir, LOCK_FILE);
  for (let attempt = 0; attempt < 3; attempt++) {
    const owner = dataFolderOwner(dataDir);
    if (owner !== undefined) return { heldBy: owner };
    try {
      const fd = openSync(path, 'wx', 0o600);
      writeSync(fd, `${process.pid}\n`);
      closeSync(fd);
      const release = () => {
        if (existsSync(path) && readFileSync(path, 'utf8').trim() === String(process.pid)) rmSync(path, { force: true });
      };
      process.once('exit', release);
      return { release };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  return { heldBy: dataFolderOwner(dataDir) ?? -1 };
}

/** A command sent to the running server: its arguments, standard input when it reads one, and the operator's OS user. */
export interface AdminRequest { argv: string[]; stdin?: string; operator: string }
export interface AdminAnswer { out: string[]; err: string[]; code: number }

/** Listen on `<data>/admin.sock`, created 0600, answering each request with `handle`. */
export async function listenAdminSocket(dataDir: string, handle: (request: AdminRequest) => Promise<AdminAnswer>): Promise<Server> {
  const path = join(dataDir, ADMIN_SOCKET);
  rmSync(path, { force: true });
  let queue = Promise.resolve();
  const server = createServer((socket) => {
    let buffer = '';
    socket.setEncoding('utf8');
    socket.on('error', () => undefined);
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      if (buffer.length > 1_000_000) socket.destroy();
      const end = buffer.indexOf('\n');
      if (end < 0) return;
      const line = buffer.slice(0, end);
      // One command at a time: the handler swaps the CLI's output for the socket's.
      queue = queue.then(async () => {
        let answer: AdminAnswer;
        try {
          answer = await handle(JSON.parse(line) as AdminRequest);
        } catch (error) {
          answer = { out: [], err: [`precinct: ${(error as Error).message}`], code: 1 };
        }
        socket.end(`${JSON.stringify(answer)}\n`);
      });
    });
  });
  const mask = process.umask(0o177);
  try {
    await new Promise<void>((resolve, reject) => server.once('error', reject).listen(path, resolve));
  } finally {
    process.umask(mask);
  }
  server.once('close', () => rmSync(path, { force: true }));
  return server;
}

/** Send a command to the running server and wait for its answer. */
export function sendAdminCommand(dataDir: string, request: AdminRequest): Promise<AdminAnswer> {
  return new Promise((resolve, reject) => {
    const socket = createConnection(join(dataDir, ADMIN_SOCKET));
    let buffer = '';
    socket.setEncoding('utf8');
    socket.on('connect', () => socket.write(`${JSON.stringify(request)}\n`));
    socket.on('data', (chunk: string) => { buffer += chunk; });
    socket.on('error', reject);
    socket.on('end', () => {
      try {
        resolve(JSON.parse(buffer) as AdminAnswer);
      } catch {
        reject(new Error('the running server gave no answer'));
      }
    });
  });
}
