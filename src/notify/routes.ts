import { Type } from 'typebox';
import type { Capability } from '../core/plugin.ts';
import { authOf } from '../core/http.ts';
import { pageParams, pageSchema } from '../core/paging.ts';
import { callDownPage, callDownRecord, CALLDOWN_PAGE, closeCallDown, recordAttempt, startCallDown } from './calldowns.ts';
import { listChoices, notificationLists, saveList } from './lists.ts';
import { OUTCOMES } from './rules.ts';

const tags = ['notification list'];
const Strict = { additionalProperties: false } as const;
const N = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const text = (max: number, min = 1) => Type.String({ minLength: min, maxLength: max });
const Kind = Type.String({ minLength: 2, maxLength: 40, pattern: '^[A-Z][A-Z0-9_]+$', description: 'the kind of emergency’s code, e.g. WATER_MAIN' });
const IncidentNumber = Type.String({ pattern: '^[0-9]{2}-[0-9]{5,}$' });
const Phone = Type.Object({
  label: text(60, 0), number: Type.String({ minLength: 3, maxLength: 40, pattern: '^(?=.*[0-9])[0-9A-Za-z+()#*.,/ -]+$', description: 'digits, with spaces, dashes, parentheses or "ext"' }),
}, Strict);
const PhoneView = Type.Object({ label: Type.String(), number: Type.String() });
const Outcome = Type.Union(OUTCOMES.map((o) => Type.Literal(o)));

const ListBody = Type.Object({
  name: text(100), notes: Type.Optional(text(2000, 0)), active: Type.Optional(Type.Boolean()),
  entries: Type.Array(Type.Object({
    directoryEntryId: Type.Optional(Type.String({ format: 'uuid' })), person: Type.Optional(text(64)),
    name: Type.Optional(text(200, 0)), role: Type.Optional(text(200, 0)), phones: Type.Optional(Type.Array(Phone, { maxItems: 5 })),
    notes: Type.Optional(text(1000, 0)), required: Type.Optional(Type.Boolean()),
  }, Strict), { maxItems: 100, description: 'the calling order, first to call first' }),
}, Strict);
const ListView = Type.Object({
  kind: Type.String(), name: Type.String(), notes: N(Type.String()), active: Type.Boolean(), updatedByName: Type.String(), updatedAt: Type.String(),
  entries: Type.Array(Type.Object({
    position: Type.Integer(), source: Type.String({ description: 'directory, person or other' }), directoryEntryId: N(Type.String()), person: N(Type.String()),
    name: Type.String(), role: N(Type.String()), phones: Type.Array(PhoneView),
    residentialOnFile: Type.Boolean({ description: 'a residential number is on file; the number itself appears only in a call-down, to readers holding directory.residential (81A §B.2.b.iii)' }),
    notes: N(Type.String()), required: Type.Boolean(),
  })),
});
const summaryFields = {
  id: Type.String(), kind: Type.String(), kindName: Type.String(), incidentNumber: N(Type.String()),
  startedAt: Type.String(), startedBy: Type.String(), startedByName: Type.String(),
  completedAt: N(Type.String()), completedByName: N(Type.String()), completion: N(Type.String({ description: 'all_reached or closed' })),
  toCall: Type.Integer(), called: Type.Integer(), reached: Type.Integer(),
};
const CallDownSummary = Type.Object(summaryFields);
const CallDownRecord = Type.Object({
  ...summaryFields, listNotes: N(Type.String()), reason: N(Type.String()),
  entries: Type.Array(Type.Object({
    id: Type.String(), position: Type.Integer(), source: Type.String(), name: Type.String(), role: N(Type.String()), phones: Type.Array(PhoneView),
    notes: N(Type.String()), required: Type.Boolean(),
    residentialPhone: N(Type.String({ description: 'to readers holding directory.residential only; each such read is audited (81A §B.2.b.iii)' })),
    residentialWithheld: Type.Boolean(),
    attempts: Type.Array(Type.Object({ outcome: Type.String(), outcomeWords: Type.String(), note: N(Type.String()), at: Type.String(), by: Type.String(), byName: Type.String() })),
  })),
});
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
