import { pageParams } from '../core/paging.ts';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import multipart from '@fastify/multipart';
import rangeParser from 'range-parser';
import { Type } from 'typebox';
import type { Capability } from '../core/plugin.ts';
import { authOf } from '../core/http.ts';
import { BadRequest, Forbidden, Problem } from '../core/errors.ts';
import { permissionsOf } from '../core/permissions.ts';
import { readSetting, writeSetting } from '../core/settings.ts';
import { recordAudit } from '../core/audit/trail.ts';
import { inTransaction } from '../db/index.ts';
import { audioStore } from './audio-store.ts';
import { dropFolderOf } from './drop-folder.ts';
import { holds, HOLDS_PAGE, placeHold, releaseHold, requestRelease } from './holds.ts';
import type { Purpose } from './model.ts';
import { leavePosition, myPosition, takePosition } from './positions.ts';
import { callDetails, purgeExpired, purgeForecast, retention, setRetention } from './retention.ts';
import { exportRecording, grantPlayback, instantRecallList, playbackAudio, recordingDetail } from './review.ts';
import * as S from './schemas.ts';
import { findRecordings, importRecording, linkRecording } from './service.ts';
import { RECALL_MINUTES, TALKGROUPS } from './settings.ts';
import { Bytes } from '../core/contract.ts';

/** The largest recording accepted over HTTP (a long radio channel at telephone quality). */
const UPLOAD_LIMIT = 512 * 1024 * 1024;
const tags = ['recordings'];
const anyReader = ['recordings.review', 'recordings.replay'] as const;

/** Recordings of E-911, radio and business lines (81A §L–M). */
export const recordingRoutes: Capability = async (app, { ctx }) => {
  await app.register(multipart, { limits: { fileSize: UPLOAD_LIMIT, files: 1, fields: 2, parts: 3 } });

  app.post('/recordings', {
    config: { permission: 'recordings.import' },
    schema: {
      tags, summary: 'The recorder uploads one recording: multipart/form-data with a `metadata` JSON part and an `audio` file (WAV, MP3 or Opus)',
      response: { 201: S.ImportAnswer },
    },
  }, async (request, reply) => {
    if (!request.isMultipart()) throw new Problem(415, 'recording.multipart_required', 'Unsupported media type', 'Send multipart/form-data with a metadata part (JSON) and an audio part.');
    const dir = await mkdtemp(join(tmpdir(), 'precinct-upload-'));
    try {
      let metadata: unknown;
      let audio: string | undefined;
      for await (const part of request.parts()) {
        if (part.type === 'file') {
          if (part.fieldname !== 'audio') throw new BadRequest('recording.unknown_part', `Unknown file part "${part.fieldname}"; send the recording as "audio".`);
          audio = join(dir, 'audio');
          await pipeline(part.file, createWriteStream(audio));
          if (part.file.truncated) throw new Problem(413, 'recording.too_large', 'Payload too large', `A recording may be at most ${UPLOAD_LIMIT / 1024 / 1024} MiB.`);
        } else if (part.fieldname === 'metadata') {
          try {
            metadata = JSON.parse(String(part.value));
          } catch {
            throw new BadRequest('recording.bad_metadata', 'The metadata part is not valid JSON.');
          }
        } else {
          throw new BadRequest('recording.unknown_part', `Unknown part "${part.fieldname}"; send metadata and audio.`);
        }
      }
      if (metadata === undefined) throw new BadRequest('recording.metadata_required', 'The upload has no metadata part.');
      if (!audio) throw new BadRequest('recording.audio_required', 'The upload has no audio part.');
      return reply.status(201).send(await importRecording(ctx, authOf(request).actor, metadata, { via: 'upload', path: audio }));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  app.get('/recordings', {
    config: { permission: anyReader, auditRead: true },
    schema: {
      tags, summary: 'Search recordings, newest first (the commanding officer; a dispatcher only by incident)', querystring: S.SearchQuery,
      response: { 200: Type.Array(S.RecordingViewSchema) },
    },
  }, async (request) => {
    const q = request.query;
    if (!permissionsOf(authOf(request).actor.roles).has('recordings.review') && !q.incident) {
      throw new Forbidden('recording.review_not_permitted', 'Searching recordings is for the commanding officer (81A §M.1.b); a dispatcher sees an incident’s recordings and recalls their own position’s.');
    }
    return findRecordings(ctx, {
      from: q.from ? new Date(q.from) : undefined, to: q.to ? new Date(q.to) : undefined, line: q.line, channel: q.channel, position: q.position,
      talkgroup: q.talkgroup, ani: q.ani, incident: q.incident, callId: q.callId, unit: q.unit, unmatched: q.unmatched, limit: q.limit ?? 100,
    });
  });

  app.get('/recordings/recent', {
    config: { permission: 'recordings.replay' },
    schema: {
      tags, summary: 'Instant recall (81A §M.2): the recordings of my position in the last window (setting recordings.recallMinutes)',
      response: { 200: S.RecentAnswer },
    },
  }, async (request) => instantRecallList(ctx, authOf(request).actor));

  app.get('/recordings/position', {
    config: { permission: 'recordings.replay' }, schema: { tags, summary: 'The dispatch position I sit at', response: { 200: S.PositionAnswer } },
  }, async (request) => myPosition(ctx, authOf(request).actor));

  app.put('/recordings/position', {
    config: { permission: 'recordings.replay' },
    schema: { tags, summary: 'Take a dispatch position (the instant recall recorder of that work station, 81A §M.2.b)', body: S.PositionBody, response: { 200: S.PositionAnswer } },
  }, async (request) => takePosition(ctx, authOf(request).actor, request.body.position));

  app.delete('/recordings/position', {
    config: { permission: 'recordings.replay' }, schema: { tags, summary: 'Leave my dispatch position', response: { 200: S.PositionAnswer } },
  }, async (request) => leavePosition(ctx, authOf(request).actor));

  app.get('/recordings/settings', {
    config: { permission: ['recordings.review', 'recordings.retention', 'codes.edit'] },
    schema: { tags, summary: 'Instant-recall window, recorded talkgroups, where audio is stored, the drop folder', response: { 200: S.SettingsAnswer } },
  }, async () => {
    const store = audioStore(ctx);
    return { recallMinutes: await readSetting(ctx.db, RECALL_MINUTES), talkgroups: await readSetting(ctx.db, TALKGROUPS), store: { kind: store.kind, where: store.where }, dropFolder: dropFolderOf(ctx) };
  });

  app.put('/recordings/settings', {
    config: { permission: 'codes.edit' },
    schema: { tags, summary: 'Change the instant-recall window (81A §M.2) or the recorded talkgroups', body: S.SettingsBody, response: { 200: S.SettingsAnswer } },
  }, async (request, reply) => {
    const actor = authOf(request).actor;
    await inTransaction(ctx.db, async (tx) => {
      if (request.body.recallMinutes !== undefined) await writeSetting(tx, RECALL_MINUTES, request.body.recallMinutes);
      if (request.body.talkgroups !== undefined) await writeSetting(tx, TALKGROUPS, request.body.talkgroups);
      await recordAudit(tx, { actor, action: 'recordings.settings_set', subject: { type: 'setting', id: 'recordings' }, outcome: 'allowed', detail: request.body });
    });
    const store = audioStore(ctx);
    return reply.send({ recallMinutes: await readSetting(ctx.db, RECALL_MINUTES), talkgroups: await readSetting(ctx.db, TALKGROUPS), store: { kind: store.kind, where: store.where }, dropFolder: dropFolderOf(ctx) });
  });

  app.get('/recordings/retention', {
    config: { permission: ['recordings.retention', 'recordings.review', 'recordings.hold'] },
    schema: { tags, summary: 'Retention periods per class (81A §L: not less than three years)', response: { 200: S.RetentionAnswer } },
  }, async () => retention(ctx));

  app.put('/recordings/retention', {
    config: { permission: 'recordings.retention' },
    schema: { tags, summary: 'Set retention periods in whole years; under three years is refused (81A §L.1.a–b, §L.2.a)', body: S.RetentionBody, response: { 200: S.RetentionAnswer } },
  }, async (request) => setRetention(ctx, authOf(request).actor, request.body as Record<string, number>));

  app.get('/recordings/purge-forecast', {
    config: { permission: ['recordings.retention', 'recordings.review'] },
    schema: { tags, summary: 'What the purge will remove in the next days (default 30), held items left out and counted', querystring: S.ForecastQuery, response: { 200: S.ForecastAnswer } },
  }, async (request) => purgeForecast(ctx, request.query.days ?? 30));

  app.post('/recordings/purge', {
    config: { permission: 'recordings.retention' },
    schema: { tags, summary: 'Run the purge now: only what is past its period and not held; each item purged is audited', response: { 200: S.PurgeAnswer } },
  }, async (request) => purgeExpired(ctx, authOf(request).actor));

  app.get('/recordings/holds', {
    config: { permission: ['recordings.hold', 'recordings.review', 'recordings.retention'] },
    schema: {
      tags, summary: 'Litigation holds (active by default), newest first, a page at a time',
      querystring: Type.Object({ all: Type.Optional(Type.Boolean()), ...pageParams(HOLDS_PAGE.default, HOLDS_PAGE.max) }, { additionalProperties: false }),
      response: { 200: S.HoldPage },
    },
  }, async (request) => holds(ctx, !request.query.all, request.query));

  app.post('/recordings/holds', {
    config: { permission: 'recordings.hold' },
    schema: { tags, summary: 'Place a litigation hold on an incident, case, call, person, time range or channel, with the reason and matter', body: S.HoldBody, response: { 201: S.HoldView } },
  }, async (request, reply) => reply.status(201).send(await placeHold(ctx, authOf(request).actor, request.body)));

  app.post('/recordings/holds/:id/release-request', {
    config: { permission: 'recordings.hold' },
    schema: { tags, summary: 'Ask to release a hold, saying why; a second person confirms', params: S.IdParam, body: S.ReleaseRequestBody, response: { 200: S.HoldView } },
  }, async (request) => requestRelease(ctx, authOf(request).actor, request.params.id, request.body.reason));

  app.post('/recordings/holds/:id/release', {
    config: { permission: 'recordings.hold' },
    schema: { tags, summary: 'Confirm the release of a hold (a person other than the one who asked)', params: S.IdParam, response: { 200: S.HoldView } },
  }, async (request) => releaseHold(ctx, authOf(request).actor, request.params.id));

  app.get('/recordings/call-details', {
    config: { permission: 'recordings.review', auditRead: true },
    schema: { tags, summary: 'E-911 call detail records (ANI/ALI) kept in their own right (81A §L.1.b)', querystring: S.CallDetailQuery, response: { 200: Type.Array(S.CallDetailView) } },
  }, async (request) => {
    const q = request.query;
    return callDetails(ctx, { from: q.from ? new Date(q.from) : undefined, to: q.to ? new Date(q.to) : undefined, ani: q.ani, incident: q.incident, limit: q.limit ?? 100 });
  });

  app.get('/recordings/:id', {
    config: { permission: 'recordings.review' },
    schema: { tags, summary: 'One recording with its call and the call’s and incident’s timeline (the review screen; the read is audited)', params: S.IdParam, response: { 200: S.RecordingDetail } },
  }, async (request) => recordingDetail(ctx, authOf(request).actor, request.params.id));

  app.post('/recordings/:id/playback', {
    config: { permission: anyReader },
    schema: {
      tags, summary: 'Play a recording, stating the purpose (81A §M.1.a; instant_recall for a dispatcher’s own position, §M.2): audited, gives the player’s URL',
      params: S.IdParam, body: S.PurposeBody, response: { 200: S.PlaybackAnswer },
    },
  }, async (request) => grantPlayback(ctx, authOf(request).actor, request.params.id, request.body.purpose as Purpose));

  app.get('/recordings/:id/audio', {
    config: { permission: anyReader },
    schema: {
      tags, summary: 'The audio of a granted playback; honours Range for scrubbing', params: S.IdParam,
      querystring: Type.Object({ ticket: Type.String({ maxLength: 64 }) }, { additionalProperties: false }), response: { 200: Bytes('the audio (WAV, MP3 or Opus)'), 206: Bytes('the requested byte range of the audio') },
    },
  }, async (request, reply) => {
    const audio = await playbackAudio(ctx, authOf(request).actor, request.params.id, request.query.ticket, (size) => {
      const header = request.headers.range;
      if (!header) return undefined;
      const ranges = rangeParser(size, header, { combine: true });
      if (ranges === -1) return 'unsatisfiable';
      if (ranges === -2 || ranges.type !== 'bytes' || ranges.length !== 1) return undefined;
      return { start: ranges[0]!.start, end: ranges[0]!.end };
    });
    reply.header('accept-ranges', 'bytes').header('cache-control', 'no-store').header('x-recording-sha256', audio.sha256).type(audio.contentType);
    if (audio.range) {
      reply.status(206).header('content-range', `bytes ${audio.range.start}-${audio.range.end}/${audio.size}`).header('content-length', audio.range.end - audio.range.start + 1);
    } else {
      reply.header('content-length', audio.size);
    }
    return reply.send(audio.stream);
  });

  app.post('/recordings/:id/export', {
    config: { permission: 'recordings.review' },
    schema: { tags, summary: 'Export a recording as a ZIP (audio, manifest.json, SHA256SUMS), stating the purpose (81A §M.1.a); audited', params: S.IdParam, body: S.PurposeBody, response: { 200: Bytes('application/zip') } },
  }, async (request, reply) => {
    const exported = await exportRecording(ctx, authOf(request).actor, request.params.id, request.body.purpose as Purpose);
    return reply.type('application/zip').header('content-disposition', `attachment; filename="${exported.fileName}"`).header('x-recording-sha256', exported.sha256).send(exported.zip);
  });

  app.post('/recordings/:id/link', {
    config: { permission: 'recordings.review' },
    schema: { tags, summary: 'Link an unmatched recording to its call or incident (and units)', params: S.IdParam, body: S.LinkBody, response: { 200: S.RecordingViewSchema } },
  }, async (request) => linkRecording(ctx, authOf(request).actor, request.params.id, request.body));
};
