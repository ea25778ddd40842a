import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Command, CommanderError } from 'commander';
import { ConfigError, loadConfig } from '../core/config.ts';
import type { AppContext } from '../core/context.ts';
import { Problem } from '../core/errors.ts';
import { closeContext, openContext } from '../app/start.ts';
// The server, the demo agency, the feeds and the capability tools load only for the commands that use them:
// every other command starts in a fraction of the time (it is what an operator waits for at the prompt).
import { VERSION } from '../core/version.ts';
import type { DemoAccount } from '../app/demo.ts';
import { verifyAuditChain } from '../core/audit/trail.ts';
import { applyGrants, grantStatements, validRoleName } from '../db/grants.ts';
import { DatabaseUnavailable, migrate, openDatabase } from '../db/index.ts';
import { ROLES } from '../core/permissions.ts';
import { resetMfa } from '../identity/mfa.ts';
import { addUser, consoleActor, countUsers, disableUser, operatingSystemUser, resetPassword } from '../identity/service.ts';
import { ADMIN_SOCKET, claimDataFolder, dataFolderOwner, listenAdminSocket, sendAdminCommand, type AdminAnswer } from './owner.ts';
import { disableInactiveLogins, unlockUser } from '../identity/users.ts';
// Geography
import { geoCommands } from '../geo/cli.ts';
import { backupCommands } from '../backup/cli.ts';
import { emdCommands } from '../emd/cli.ts';

/** Something the operator must fix: printed as one line, exit 1. */
class CliError extends Error {}

/** The command already ran in the running server, which answered with this exit code. */
class RanInServer extends Error {
  constructor(readonly code: number) { super('ran in the server'); }
}

/**
 * Where a command's output goes and where its database comes from: the operator's
 * terminal and the data folder (default), or the running server that received the
 * command on its administration socket.
 */
export interface Io {
  out(line: string): void;
  err(line: string): void;
  stdin(): Promise<string>;
  /** Run work with the database: opened here while no server owns it, else sent to the server. */
  context<T>(work: (ctx: AppContext) => Promise<T>): Promise<T>;
  /** The operator's OS user, for the audit trail. */
  operator: string;
  /** True inside the running server. */
  inServer: boolean;
}

/**
 * The terminal's Io. The embedded database has one owner: while a server holds the data
 * folder, a command is sent to it over `<data>/admin.sock` and printed from its answer;
 * otherwise the command takes the folder itself for as long as it runs.
 */
export function terminalIo(argv: string[]): Io {
  return {
    out: (line) => console.log(line),
    err: (line) => console.error(line),
    stdin: readStdin,
    operator: operatingSystemUser(),
    inServer: false,
    async context(work) {
      const config = loadConfig();
      if (config.databaseUrl) return withOpenContext(config, work);
      const owner = dataFolderOwner(config.dataDir);
      if (owner !== undefined) await runInServer(config.dataDir, owner, argv, this);
      const claim = claimDataFolder(config.dataDir);
      if ('heldBy' in claim) throw new CliError(`the data folder ${config.dataDir} is in use by another Precinct process (pid ${claim.heldBy}); try again when it has finished`);
      try {
        return await withOpenContext(config, work);
      } finally {
        claim.release();
      }
    },
  };
}

async function withOpenContext<T>(config: ReturnType<typeof loadConfig>, work: (ctx: AppContext) => Promise<T>): Promise<T> {
  const ctx = await openContext(config);
  try {
    return await work(ctx);
  } finally {
    await closeContext(ctx);
  }
}

/** Send the whole command to the server that owns the data folder, print its answer, and end with its exit code. */
async function runInServer(dataDir: string, owner: number, argv: string[], io: Io): Promise<never> {
  const socket = join(dataDir, ADMIN_SOCKET);
  if (!existsSync(socket)) {
    throw new CliError(`a Precinct server (pid ${owner}) has the data folder ${dataDir} open and no administration socket answers; stop the server, then run the command again`);
  }
  const args = argv.slice(2);
  const stdin = args.includes('--password-stdin') ? await io.stdin() : undefined;
  let answer: AdminAnswer;
  try {
    answer = await sendAdminCommand(dataDir, { argv: args, operator: io.operator, ...(stdin === undefined ? {} : { stdin }) });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliError(code === 'EACCES'
      ? `the running server's administration socket ${socket} is not yours (permission 0600): run the command as the server's operating-system user`
      : `the running server (pid ${owner}) did not take the command: ${(error as Error).message}; stop the server, then run the command again`);
  }
  for (const line of answer.out) io.out(line);
  for (const line of answer.err) io.err(line);
  throw new RanInServer(answer.code);
}

/** Answer commands sent to this server over its administration socket, as if typed here, by the sender's OS user. */
export function serveAdminSocket(ctx: AppContext) {
  return listenAdminSocket(ctx.config.dataDir, async (request) => {
    const out: string[] = [];
    const err: string[] = [];
    const io: Io = {
      out: (line) => out.push(line), err: (line) => err.push(line), stdin: async () => request.stdin ?? '',
      context: (work) => work(ctx), operator: String(request.operator || 'operator'), inServer: true,
    };
    // Commands that print with console.log (geo, backup) print to the operator too, while their command runs.
    const { log, error } = console;
    console.log = (...args: unknown[]) => out.push(args.map(String).join(' '));
    console.error = (...args: unknown[]) => err.push(args.map(String).join(' '));
    try {
      const code = await main(['node', 'precinct', ...request.argv.map(String)], io);
      return { out, err, code };
    } finally {
      console.log = log;
      console.error = error;
    }
  });
}

function printAccounts(io: Io, accounts: DemoAccount[], dataDir: string): void {
  io.out(`\nDemo agency loaded. Demo logins (also in ${dataDir}/demo-accounts.json):`);
  for (const a of accounts) io.out(`  ${a.username.padEnd(12)} ${a.password.padEnd(18)} ${a.roles.join(', ')}`);
  io.out('');
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

export function program(io: Io): Command {
  const withContext = <T>(work: (ctx: AppContext) => Promise<T>) => io.context(work);
  const operator = () => consoleActor(io.operator);
  const cli = new Command('precinct')
    .description('Precinct: police CAD, records management and Knox Box key custody')
    .version(VERSION)
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeOut: (text) => io.out(text.replace(/\n$/, '')), writeErr: (text) => io.err(text.replace(/\n$/, '')) });

  cli.command('serve')
    .description('start the server (migrates the database first)')
    .option('--demo-if-empty', 'load the demo agency when the database has no users, unless PRECINCT_DEMO=0')
    .action(async (options: { demoIfEmpty?: boolean }) => {
      if (io.inServer) throw new CliError('a server is already running on this data folder');
      const config = loadConfig();
      // The embedded database has one owner: this server, until it stops.
      const claim = config.databaseUrl ? { release: () => undefined } : claimDataFolder(config.dataDir);
      if ('heldBy' in claim) throw new CliError(`the data folder ${config.dataDir} is in use by another Precinct process (pid ${claim.heldBy}); stop it first`);
      const ctx = await openContext(config, { progress: (line) => io.out(line) });
      const wantDemo = config.demo === 'on' || (config.demo === 'default' && options.demoIfEmpty);
      if (wantDemo && (await countUsers(ctx)) === 0) {
        io.out('loading the demo agency …');
        printAccounts(io, await (await import('../app/demo.ts')).seedDemo(ctx), config.dataDir);
      }
      const { buildServer } = await import('../app/server.ts');
      const app = await buildServer(ctx, { logger: true });
      const aliFeed = await (await import('../dispatch/ali/listener.ts')).startAliFeedFromEnv(ctx); // PRECINCT_ALI_FEED_PORT: the E-911 ALI feed (81A §C.2.b)
      const admin = config.databaseUrl ? undefined : await serveAdminSocket(ctx);
      const avl = await (await import('../geo/avl-listener.ts')).startAvlFromEnv(ctx); // PRECINCT_AVL_UDP_PORT / PRECINCT_AVL_TCP_PORT: vehicle locations
      const shutdown = async () => {
        admin?.close();
        await aliFeed?.close();
        await avl?.close();
        await app.close();
        await closeContext(ctx);
        claim.release();
        process.exit(0);
      };
      process.once('SIGINT', shutdown);
      process.once('SIGTERM', shutdown);
      await app.listen({ port: config.port, host: config.host });
      const shown = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
      io.out(`Precinct ${VERSION} on ${ctx.database.kind}: console at ${config.tls ? 'https' : 'http'}://${shown}:${config.port}/`);
    });

  cli.command('migrate')
    .description('apply pending database migrations and exit')
    .action(async () => {
      if (io.inServer) {
        io.out('the database is up to date (the running server applied every migration when it started)');
        return;
      }
      const config = loadConfig();
      const claim = config.databaseUrl ? { release: () => undefined } : claimDataFolder(config.dataDir);
      if ('heldBy' in claim) throw new CliError(`a Precinct server (pid ${claim.heldBy}) has the data folder ${config.dataDir} open and has applied every migration at its start`);
      // An empty data folder starts as a copy of the prepared image when it fits, as at a first `serve`.
      const fresh = !config.databaseUrl && !existsSync(join(config.dataDir, 'pglite', 'PG_VERSION'));
      const prepared = fresh ? (await import('../app/database-image.ts')).preparedDatabaseImage() : undefined;
      const image = prepared && 'folder' in prepared ? prepared : undefined;
      const database = await openDatabase({ url: config.databaseUrl, dataDir: config.databaseUrl ? undefined : config.dataDir, image: image?.folder });
      try {
        if (image) io.out(`created the embedded database from the prepared image (${image.migrations} migrations)`);
        const applied = await migrate(database.db);
        io.out(applied.length ? `applied: ${applied.join(', ')}` : 'the database is up to date');
      } finally {
        await database.close();
        claim.release();
      }
    });

  cli.command('prepare')
    .description('make the prepared database image a first start on an empty data folder begins from (npm ci runs it)')
    .action(async () => {
      const started = Date.now();
      const { buildDatabaseImage } = await import('../app/database-image.ts');
      const image = await buildDatabaseImage();
      io.out(`prepared database image: ${image.migrations} migrations, ${image.path} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    });

  cli.command('seed-demo')
    .description('load the demo agency into an empty database and print its logins')
    .action(() => withContext(async (ctx) => {
      if ((await countUsers(ctx)) > 0) throw new CliError('the database already has users; the demo agency loads only into an empty one');
      printAccounts(io, await (await import('../app/demo.ts')).seedDemo(ctx), ctx.config.dataDir);
    }));

  const user = cli.command('user').description('manage logins: add, disable, reset-password');
  user.command('add')
    .description('add a named person’s login; prints a generated initial password unless --password-stdin')
    .requiredOption('--username <login>', 'the login, e.g. jsmith')
    .requiredOption('--first <name>', 'first name')
    .requiredOption('--last <name>', 'last name')
    .requiredOption('--roles <roles>', `comma-separated: ${ROLES.join(', ')}`)
    .option('--badge <number>', 'badge or employee number')
    .option('--unit <name>', 'unit or bureau')
    .option('--password-stdin', 'read the initial password from standard input')
    .action((options: { username: string; first: string; last: string; roles: string; badge?: string; unit?: string; passwordStdin?: boolean }) =>
      withContext(async (ctx) => {
        const password = options.passwordStdin ? await io.stdin() : undefined;
        const { user: added, initialPassword } = await addUser(ctx, operator(), {
          username: options.username, firstName: options.first, lastName: options.last, badge: options.badge, unit: options.unit,
          roles: options.roles.split(',').map((r) => r.trim()).filter(Boolean), password,
        });
        io.out(`added ${added.username} (${added.firstName} ${added.lastName}): ${added.roles.join(', ')}`);
        if (initialPassword) io.out(`initial password (must be changed at first sign-in): ${initialPassword}`);
      }));
  user.command('disable <username>')
    .description('disable a login; it stays on record and cannot sign in (S-110 §D.6)')
    .requiredOption('--reason <text>', 'why, for the audit trail')
    .action((username: string, options: { reason: string }) => withContext(async (ctx) => {
      await disableUser(ctx, operator(), username, options.reason);
      io.out(`disabled ${username}`);
    }));
  user.command('reset-password <username>')
    .description('set a new initial password (printed once), unlock the login, and require a change at next sign-in')
    .action((username: string) => withContext(async (ctx) => {
      const password = await resetPassword(ctx, operator(), username);
      io.out(`new initial password for ${username}: ${password}`);
    }));

  user.command('unlock <username>')
    .description('unlock a login locked by failed sign-ins')
    .action((username: string) => withContext(async (ctx) => {
      await unlockUser(ctx, operator(), username);
      io.out(`unlocked ${username}`);
    }));
  user.command('reset-mfa <username>')
    .description('remove a login’s authenticator and recovery codes (lost device); the user enrolls again')
    .action((username: string) => withContext(async (ctx) => {
      await resetMfa(ctx, operator(), username);
      io.out(`authenticator of ${username} removed`);
    }));
  user.command('disable-inactive')
    .description('disable logins unused for security.inactiveDisableDays now (the server also does it at start and daily)')
    .action(() => withContext(async (ctx) => {
      const disabled = await disableInactiveLogins(ctx);
      io.out(disabled.length ? `disabled: ${disabled.join(', ')}` : 'no login is unused that long');
    }));

  cli.command('recorder-simulate')
    .description('export simulated recordings into the recorder drop folder, as a call recorder does (81A §L; docs/recordings.md)')
    .option('--to <dir>', 'the drop folder (default PRECINCT_RECORDER_DROP, else <data>/recorder-drop)')
    .option('--count <n>', 'how many recordings', '3')
    .option('--line <line>', 'e911, emergency, business or radio', 'e911')
    .option('--position <position>', 'the dispatch position of a telephone line', '1')
    .option('--talkgroup <id>', 'the talkgroup of a radio recording', '1001')
    .option('--ani <number>', 'the caller’s number')
    .action((options: { to?: string; count: string; line: string; position: string; talkgroup: string; ani?: string }) => import('../recordings/cli.ts').then((m) => m.simulateRecorder(loadConfig().dataDir, options)));

  // Geography: precinct geo import / simulate-avl
  geoCommands(cli, withContext, operator);
  backupCommands(cli, withContext, operator);
  emdCommands(cli, withContext, operator);

  const audit = cli.command('audit').description('the audit trail');
  audit.command('verify')
    .description('walk the keyed chain, compare it with the last checkpoint, and report every changed, removed or inserted row and a missing or re-linked tail')
    .action(() => withContext(async (ctx) => {
      const result = await verifyAuditChain(ctx);
      const against = result.checkpoint ? `; last checkpoint ${result.checkpoint.at}, ${result.checkpoint.positions} rows` : '; no checkpoint yet';
      if (result.ok) {
        console.log(`audit chain intact: ${result.rows} rows${against}`);
        return;
      }
      for (const b of result.breaks) console.log(`${b.kind.padEnd(17)} ${b.position === undefined ? '' : `position ${b.position} `}${b.id === undefined ? '' : `row ${b.id} `}${b.problem}`);
      throw new CliError(`audit chain broken: ${result.breakCount} break(s) in ${result.rows} rows${against}`);
    }));
  audit.command('verify-extract <file>')
    .description('check a signed audit extract (PDF): its signature with this server\'s extract key, and each of its rows against the keyed chain')
    .action((file: string) => withContext(async (ctx) => {
      const { readFile } = await import('node:fs/promises');
      const { verifyExtract } = await import('../audit/extract.ts');
      const result = await verifyExtract(ctx, await readFile(file));
      if (result.ok) {
        console.log(`audit extract verified: signature valid, ${result.rows} rows match the chain (produced ${result.producedAt} by ${result.producedBy})`);
        return;
      }
      for (const p of result.problems) console.log(`${p.position === undefined ? '' : `position ${p.position} `}${p.problem}`);
      throw new CliError(`audit extract NOT verified: signature ${result.signature}, ${result.problems.length} problem(s)`);
    }));
  audit.command('checkpoint')
    .description('append a signed checkpoint (rows, head, time) to the checkpoint file, and send it to syslog when PRECINCT_AUDIT_SYSLOG is set')
    .action(() => withContext(async (ctx) => {
      const { anchorChain } = await import('../core/audit/anchor.ts');
      const checkpoint = await anchorChain(ctx.db, ctx.audit.seal, ctx.config.audit.syslog);
      console.log(`audit checkpoint ${checkpoint.at}: ${checkpoint.positions} rows, head ${checkpoint.head}, written to ${ctx.audit.seal.checkpointFile}`);
    }));

  const db = cli.command('db').description('the database');
  db.command('grants')
    .description('print (or, with --apply, run as the owner) the grants of the runtime role: INSERT and SELECT only on the event log and audit trail (PostgreSQL)')
    .option('--runtime-role <name>', 'the role the server runs as', 'precinct_app')
    .option('--apply', 'run the statements on DATABASE_URL, connected as the owner of the tables')
    .action(async (options: { runtimeRole: string; apply?: boolean }) => {
      if (!validRoleName(options.runtimeRole)) throw new CliError(`--runtime-role "${options.runtimeRole}" is not a role name (lower-case letters, digits and _)`);
      const statements = grantStatements(options.runtimeRole);
      if (!options.apply) {
        for (const statement of statements) console.log(`${statement};`);
        return;
      }
      const config = loadConfig();
      if (!config.databaseUrl) throw new CliError('--apply needs DATABASE_URL: the grants are for PostgreSQL (the embedded database has one user)');
      const database = await openDatabase({ url: config.databaseUrl });
      try {
        await applyGrants(database.db, options.runtimeRole);
        console.log(`granted: ${options.runtimeRole} may read and write the working tables and only add to event, audit and audit_link`);
      } finally {
        await database.close();
      }
    });
  return cli;
}

export async function main(argv: string[], io: Io = terminalIo(argv)): Promise<number> {
  const cli = program(io).exitOverride();
  try {
    await cli.parseAsync(argv);
    return 0;
  } catch (error) {
    if (error instanceof RanInServer) return error.code;
    if (error instanceof CommanderError) return error.exitCode;
    const known = error instanceof CliError || error instanceof ConfigError || error instanceof DatabaseUnavailable || error instanceof Problem;
    const message = error instanceof Error ? error.message : String(error);
    io.err(`precinct: ${known ? message : `unexpected error: ${message.split('\n')[0]}`}`);
    return 1;
  }
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('src/cli/main.ts')) {
  main(process.argv).then((code) => {
    if (code !== 0) process.exit(code);
  });
}
