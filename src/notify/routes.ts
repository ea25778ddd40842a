import { Type } from 'typebox';
import type { Capability } from '../core/plugin.ts';
import { authOf } from '../core/http.ts';
import { pageParams, pageSchema } from '../core/paging.ts';
import { callDownPage, callDownRecord, CALLDOWN_PAGE, closeCallDown, recordAttempt, startCallDown } from './calldowns.ts';
import { listChoices, notificationLists, saveList } from './lists.ts';
import { CallDownRecord, CallDownSummary, IncidentNumber, Kind, ListBody, ListView, N, Outcome, Strict, text } from './schemas.ts';

const tags = ['notification list'];
const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) }, Strict);

/** The emergency notification list and its call-downs (S-110 §A.1.h), from the dispatch floor. */
export const notifyRoutes: Capability = async (app, { ctx }) => {
  app.get('/notification-lists', {
    config: { permission: ['notify.calldown', 'notify.lists'] },
    schema: {
      tags, summary: 'The emergency notification lists by kind of town emergency, each with its calling order (S-110 §A.1.h); no residential number',
      querystring: Type.Object({ inactive: Type.Optional(Type.Boolean({ description: 'retired lists too' })) }, Strict), response: { 200: Type.Array(ListView) },
    },
  }, async (request) => notificationLists(ctx, request.query.inactive ?? false));

  app.get('/notification-lists/choices', {
    config: { permission: 'notify.lists' },
    schema: {
      tags, summary: 'Whom a list can name: the directory’s contacts and the agency’s people (by name)',
      response: { 200: Type.Object({
        contacts: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), organization: N(Type.String()), phone: N(Type.String()) })),
        people: Type.Array(Type.Object({ login: Type.String(), name: Type.String(), residentialOnFile: Type.Boolean() })),
      }) },
    },
  }, async () => listChoices(ctx));

  app.put('/notification-lists/:kind', {
    config: { permission: 'notify.lists' },
    schema: {
      tags, summary: 'Create or replace a kind of emergency’s list: its name, notes and whole calling order; `active: false` retires it (S-110 §A.1.h)',
      params: Type.Object({ kind: Kind }, Strict), body: ListBody, response: { 200: ListView },
    },
  }, async (request) => {
    await saveList(ctx, authOf(request).actor, request.params.kind, request.body);
    return (await notificationLists(ctx, true)).find((l) => l.kind === request.params.kind)!;
  });

  app.get('/call-downs', {
    config: { permission: 'notify.calldown' },
    schema: {
      tags, summary: 'Call-downs newest first, a page at a time: open ones, one kind’s or one incident’s, with how many were called and reached',
      querystring: Type.Object({
        open: Type.Optional(Type.Boolean()), kind: Type.Optional(Kind), incident: Type.Optional(IncidentNumber), ...pageParams(CALLDOWN_PAGE.default, CALLDOWN_PAGE.max),
      }, Strict),
      response: { 200: pageSchema(CallDownSummary) },
    },
  }, async (request) => {
    const { limit, after, ...filter } = request.query;
    return callDownPage(ctx, filter, { limit, after });
  });

  app.post('/call-downs', {
    config: { permission: 'notify.calldown' },
    schema: {
      tags, summary: 'Start a call-down for a kind of emergency, optionally for an incident (its timeline notes it; S-110 §A.1.h)',
      body: Type.Object({ kind: Kind, incidentNumber: Type.Optional(IncidentNumber), reason: Type.Optional(text(500, 0)) }, Strict),
      response: { 201: CallDownRecord },
    },
  }, async (request, reply) => {
    const actor = authOf(request).actor;
    const id = await startCallDown(ctx, actor, request.body);
    return reply.status(201).send(await callDownRecord(ctx, actor, id));
  });

  app.get('/call-downs/:id', {
    config: { permission: 'notify.calldown' },
    schema: {
      tags, summary: 'One call-down: whom to call in order with their numbers, each call with its outcome, time and dispatcher (a residential number only to holders of directory.residential, the read audited)',
      params: IdParams, response: { 200: CallDownRecord },
    },
  }, async (request) => callDownRecord(ctx, authOf(request).actor, request.params.id));

  app.post('/call-downs/:id/attempts', {
    config: { permission: 'notify.calldown' },
    schema: {
      tags, summary: 'Record a call: reached, no answer, left a message or wrong number, with a note; the call-down completes when everyone required is reached',
      params: IdParams, body: Type.Object({ entryId: Type.String({ format: 'uuid' }), outcome: Outcome, note: Type.Optional(text(1000, 0)) }, Strict),
      response: { 200: CallDownRecord },
    },
  }, async (request) => {
    const actor = authOf(request).actor;
    await recordAttempt(ctx, actor, request.params.id, request.body);
    return callDownRecord(ctx, actor, request.params.id);
  });

  app.post('/call-downs/:id/close', {
    config: { permission: 'notify.calldown' },
    schema: {
      tags, summary: 'Close a call-down once everyone required has been called, some not reached',
      params: IdParams, response: { 200: CallDownRecord },
    },
  }, async (request) => {
    const actor = authOf(request).actor;
    await closeCallDown(ctx, actor, request.params.id);
    return callDownRecord(ctx, actor, request.params.id);
  });
};
