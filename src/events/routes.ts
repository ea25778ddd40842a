import { Type } from 'typebox';
import type { Capability } from '../core/plugin.ts';
import { authOf } from '../core/http.ts';
import { permissionsOf } from '../core/permissions.ts';
import { eventsAfter, recentEvents, type DispatchEvent } from '../core/events/log.ts';
import type { Authenticated } from '../core/actor.ts';

/**
 * What a user may see of an event. A confidential one (81A §E.2.c) keeps its place
 * in the sequence, so no console thinks it missed something, but loses its contents
 * for anyone without `dispatch.confidential`.
 */
export function visibleTo(auth: Authenticated): (event: DispatchEvent) => DispatchEvent {
  const seesConfidential = permissionsOf(auth.actor.roles).has('dispatch.confidential');
  return (event) => (event.confidential && !seesConfidential ? { ...event, subjectId: '', payload: {} } : event);
}

// The hub hands every console the same event objects: encode each once, not once per console.
const encodings = new WeakMap<DispatchEvent, string>();
function encoded(event: DispatchEvent): string {
  let text = encodings.get(event);
  if (text === undefined) {
    text = JSON.stringify(event);
    encodings.set(event, text);
  }
  return text;
}

const EventView = Type.Object({
  seq: Type.Integer(),
  at: Type.String({ format: 'date-time' }),
  kind: Type.String(),
  subjectType: Type.String(),
  subjectId: Type.String(),
  actor: Type.Object({ user: Type.Union([Type.String(), Type.Null()]), unit: Type.Union([Type.String(), Type.Null()]) }),
  confidential: Type.Boolean(),
  payload: Type.Record(Type.String(), Type.Unknown()),
});

const After = Type.Object(
  {
    after: Type.Integer({ minimum: 0, default: 0, description: 'the last sequence number the client has' }),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 500 })),
  },
  { additionalProperties: false },
);

export const eventRoutes: Capability = async (app, { ctx }) => {
  app.get('/events', {
    config: { permission: 'events.read' },
    schema: { tags: ['events'], summary: 'Events after a sequence number, oldest first', querystring: After, response: { 200: Type.Array(EventView) } },
  }, async (request) => {
    const events = await eventsAfter(ctx.db, request.query.after, request.query.limit ?? 500);
    return events.map(visibleTo(authOf(request)));
  });

  app.get('/events/recent', {
    config: { permission: 'events.read' },
    schema: {
      tags: ['events'], summary: 'The newest events, oldest first: a console starts its stream after the last one',
      querystring: Type.Object({ limit: Type.Integer({ minimum: 1, maximum: 500, default: 40 }) }, { additionalProperties: false }),
      response: { 200: Type.Array(EventView) },
    },
  }, async (request) => (await recentEvents(ctx.db, request.query.limit)).map(visibleTo(authOf(request))));

  app.get('/stream', {
    websocket: true,
    config: { permission: 'events.read' },
    schema: {
      tags: ['events'],
      summary: 'WebSocket: every event after `after`, then each new one as it happens (one JSON event per message)',
      querystring: Type.Object({ after: Type.Integer({ minimum: 0, default: 0 }) }, { additionalProperties: false }),
      response: { 101: Type.Null({ description: 'Switching Protocols: then one event per message, each shaped as the events list' }) },
    },
  }, (socket, request) => {
    const visible = visibleTo(authOf(request));
    const after = (request.query as { after: number }).after;
    const unsubscribe = ctx.hub.subscribe(after, async (events) => {
      for (const event of events) {
        if (socket.readyState !== socket.OPEN) return;
        const shown = visible(event);
        socket.send(shown === event ? encoded(event) : JSON.stringify(shown));
      }
    });
    const ping = setInterval(() => socket.ping(), 20_000);
    socket.on('close', () => {
      clearInterval(ping);
      unsubscribe();
    });
  });
};
