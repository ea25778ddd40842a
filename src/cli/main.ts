import { randomBytes } from 'node:crypto';
import { Command, CommanderError } from 'commander';
import { ConfigError, loadConfig } from '../core/config.ts';
import type { AppContext } from '../core/context.ts';
import { Problem } from '../core/errors.ts';
import { buildServer } from '../app/server.ts';
import { closeContext, openContext } from '../app/start.ts';
import { VERSION } from '../core/version.ts';
import { seedDemo, type DemoAccount } from '../app/demo.ts';
import { startAliFeedFromEnv } from '../dispatch/ali/listener.ts';
import { verifyAuditChain } from '../core/audit/trail.ts';
import { anchorChain } from '../core/audit/anchor.ts';
import { applyGrants, grantStatements, validRoleName } from '../db/grants.ts';
import { DatabaseUnavailable, migrate, openDatabase } from '../db/index.ts';
import { ROLES } from '../core/permissions.ts';
import { resetMfa } from '../identity/mfa.ts';
import { addUser, consoleActor, countUsers, disableUser, resetPassword } from '../identity/service.ts';
import { disableInactiveLogins, unlockUser } from '../identity/users.ts';
import { simulateRecorder } from '../recordings/cli.ts';
// Geography
import { geoCommands } from '../geo/cli.ts';
import { startAvlFromEnv } from '../geo/avl-listener.ts';
import { backupCommands } from '../backup/cli.ts';

/** Something the operator must fix: printed as one line, exit 1. */
class CliError extends Error {}

async function withContext<T>(work: (ctx: AppContext) => Promise<T>): Promise<T> {
  const ctx = await openContext(loadConfig());
  try {
    return await work(ctx);
  } finally {
    await closeContext(ctx);
  }
}

function printAccounts(accounts: DemoAccount[], dataDir: string): void {
  console.log('\nDemo agency loaded. Demo logins (also in %s/demo-accounts.json):', dataDir);
  for (const a of accounts) console.log(`  ${a.username.padEnd(12)} ${a.password.padEnd(18)} ${a.roles.join(', ')}`);
  console.log('');
}

function generatedPassword(): string {
  return `${randomBytes(12).toString('base64url')}-${randomBytes(3).toString('hex')}`;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

export function program(): Command {
  const cli = new Command('precinct')
    .description('Precinct: police CAD, records management and Knox Box key custody')
    .version(VERSION)
    .showHelpAfterError('(run with --help for usage)');

  cli.command('serve')
    .description('start the server (migrates the database first)')
    .option('--demo-if-empty', 'load the demo agency when the database has no users, unless PRECINCT_DEMO=0')
    .action(async (options: { demoIfEmpty?: boolean }) => {
      const config = loadConfig();
      const ctx = await openContext(config);
      const wantDemo = config.demo === 'on' || (config.demo === 'default' && options.demoIfEmpty);
      if (wantDemo && (await countUsers(ctx)) === 0) printAccounts(await seedDemo(ctx), config.dataDir);
      const app = await buildServer(ctx, { logger: true });
      const aliFeed = await startAliFeedFromEnv(ctx); // PRECINCT_ALI_FEED_PORT: the E-911 ALI feed (81A §C.2.b)
      const avl = await startAvlFromEnv(ctx); // PRECINCT_AVL_UDP_PORT / PRECINCT_AVL_TCP_PORT: vehicle locations
      const shutdown = async () => {
        await aliFeed?.close();
        await avl?.close();
        await app.close();
        await closeContext(ctx);
        process.exit(0);
      };
      process.once('SIGINT', shutdown);
      process.once('SIGTERM', shutdown);
      await app.listen({ port: config.port, host: config.host });
      const shown = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
      console.log(`Precinct ${VERSION} on ${ctx.database.kind}: console at http://${shown}:${config.port}/`);
    });

  cli.command('migrate')
    .description('apply pending database migrations and exit')
    .action(async () => {
      const config = loadConfig();
      const database = await openDatabase({ url: config.databaseUrl, dataDir: config.databaseUrl ? undefined : config.dataDir });
      try {
        const applied = await migrate(database.db);
        console.log(applied.length ? `applied: ${applied.join(', ')}` : 'the database is up to date');
      } finally {
        await database.close();
      }
    });

  cli.command('seed-demo')
    .description('load the demo agency into an empty database and print its logins')
    .action(() => withContext(async (ctx) => {
      if ((await countUsers(ctx)) > 0) throw new CliError('the database already has users; the demo agency loads only into an empty one');
      printAccounts(await seedDemo(ctx), ctx.config.dataDir);
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
        const password = options.passwordStdin ? await readStdin() : generatedPassword();
        const added = await addUser(ctx, consoleActor(), {
          username: options.username, firstName: options.first, lastName: options.last, badge: options.badge, unit: options.unit,
          roles: options.roles.split(',').map((r) => r.trim()).filter(Boolean), password,
        });
        console.log(`added ${added.username} (${added.firstName} ${added.lastName}): ${added.roles.join(', ')}`);
        if (!options.passwordStdin) console.log(`initial password (must be changed at first sign-in): ${password}`);
      }));
  user.command('disable <username>')
    .description('disable a login; it stays on record and cannot sign in (S-110 §D.6)')
    .requiredOption('--reason <text>', 'why, for the audit trail')
    .action((username: string, options: { reason: string }) => withContext(async (ctx) => {
      await disableUser(ctx, consoleActor(), username, options.reason);
      console.log(`disabled ${username}`);
    }));
  user.command('reset-password <username>')
    .description('set a new initial password (printed once), unlock the login, and require a change at next sign-in')
    .action((username: string) => withContext(async (ctx) => {
      const password = generatedPassword();
      await resetPassword(ctx, consoleActor(), username, password);
      console.log(`new initial password for ${username}: ${password}`);
    }));

  user.command('unlock <username>')
    .description('unlock a login locked by failed sign-ins')
    .action((username: string) => withContext(async (ctx) => {
      await unlockUser(ctx, consoleActor(), username);
      console.log(`unlocked ${username}`);
    }));
  user.command('reset-mfa <username>')
    .description('remove a login’s authenticator and recovery codes (lost device); the user enrolls again')
    .action((username: string) => withContext(async (ctx) => {
      await resetMfa(ctx, consoleActor(), username);
      console.log(`authenticator of ${username} removed`);
    }));
  user.command('disable-inactive')
    .description('disable logins unused for security.inactiveDisableDays now (the server also does it at start and daily)')
    .action(() => withContext(async (ctx) => {
      const disabled = await disableInactiveLogins(ctx);
      console.log(disabled.length ? `disabled: ${disabled.join(', ')}` : 'no login is unused that long');
    }));

  cli.command('recorder-simulate')
    .description('export simulated recordings into the recorder drop folder, as a call recorder does (81A §L; docs/recordings.md)')
    .option('--to <dir>', 'the drop folder (default PRECINCT_RECORDER_DROP, else <data>/recorder-drop)')
    .option('--count <n>', 'how many recordings', '3')
    .option('--line <line>', 'e911, emergency, business or radio', 'e911')
    .option('--position <position>', 'the dispatch position of a telephone line', '1')
    .option('--talkgroup <id>', 'the talkgroup of a radio recording', '1001')
    .option('--ani <number>', 'the caller’s number')
    .action((options: { to?: string; count: string; line: string; position: string; talkgroup: string; ani?: string }) => simulateRecorder(loadConfig().dataDir, options));

  // Geography: precinct geo import / simulate-avl
  geoCommands(cli, withContext, consoleActor);
  backupCommands(cli, withContext, consoleActor);

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
  audit.command('checkpoint')
    .description('append a signed checkpoint (rows, head, time) to the checkpoint file, and send it to syslog when PRECINCT_AUDIT_SYSLOG is set')
    .action(() => withContext(async (ctx) => {
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

export async function main(argv: string[]): Promise<number> {
  const cli = program().exitOverride();
  try {
    await cli.parseAsync(argv);
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    const known = error instanceof CliError || error instanceof ConfigError || error instanceof DatabaseUnavailable || error instanceof Problem;
    const message = error instanceof Error ? error.message : String(error);
    console.error(`precinct: ${known ? message : `unexpected error: ${message.split('\n')[0]}`}`);
    return 1;
  }
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('src/cli/main.ts')) {
  main(process.argv).then((code) => {
    if (code !== 0) process.exit(code);
  });
}
