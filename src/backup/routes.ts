import type { Capability } from '../core/plugin.ts';
import { authOf } from '../core/http.ts';
import { drillList, runRestoreDrill, verifyBackup } from './restore.ts';
import * as S from './schemas.ts';
import { backupPolicy, createBackup, listBackups, pruneBackups, setBackupPolicy } from './service.ts';
import { backupSetup } from './setup.ts';

const tags = ['backups'];

/** Backups (S-110 §E): the system administrator's and the IT Director's screen. */
export const backupRoutes: Capability = async (app, { ctx }) => {
  app.get('/backups', {
    config: { permission: 'backup.run' },
    schema: { tags, summary: 'The archives with age, size, off-site copies and last verification; the policy; the restore drills', response: { 200: S.Overview } },
  }, async () => {
    const setup = backupSetup(ctx);
    return {
      policy: await backupPolicy(ctx),
      setup: {
        folder: setup.folder, recipients: setup.recipients.length, identityConfigured: Boolean(setup.identityFile),
        offsite: [...(setup.offsiteFolder ? [setup.offsiteFolder] : []), ...(setup.s3 ? [`s3://${setup.s3.bucket}/${setup.s3.prefix ?? ''}`] : [])],
      },
      archives: await listBackups(ctx),
      drills: await drillList(ctx),
    };
  });

  app.post('/backups', {
    config: { permission: 'backup.run', action: 'backup.created' },
    schema: { tags, summary: 'Back up now: one encrypted archive of the database, the stored files and the audit checkpoints, then the off-site copy', response: { 201: S.Created } },
  }, async (request, reply) => {
    const made = await createBackup(ctx, authOf(request).actor);
    return reply.status(201).send({ name: made.name, size: made.size, sha256: made.sha256, durationMs: made.durationMs, offsite: made.offsite });
  });

  app.post('/backups/:name/verify', {
    config: { permission: 'backup.run' },
    schema: { tags, summary: 'Decrypt an archive and check every entry against its manifest, without restoring', params: S.NameParams, response: { 200: S.Verified } },
  }, async (request) => verifyBackup(ctx, authOf(request).actor, request.params.name));

  app.post('/backups/prune', {
    config: { permission: 'backup.run' },
    schema: { tags, summary: 'Remove on-premises archives past retention (S-110 §E.1), never the last good one', response: { 200: S.Pruned } },
  }, async (request) => ({ pruned: await pruneBackups(ctx, authOf(request).actor) }));

  app.post('/backups/drill', {
    config: { permission: 'backup.run' },
    schema: { tags, summary: 'Restore drill: restore the newest archive into a scratch database, verify its audit trail and counts, record the result', response: { 200: S.Drilled } },
  }, async (request) => runRestoreDrill(ctx, authOf(request).actor));

  app.put('/backups/policy', {
    config: { permission: 'backup.policy' },
    schema: { tags, summary: 'Set retention, frequency and drill interval (S-110 §E.2: the IT Director)', body: S.PolicyBody, response: { 200: S.Policy } },
  }, async (request) => setBackupPolicy(ctx, authOf(request).actor, request.body));
};
