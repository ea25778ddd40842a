import { Type } from 'typebox';
import type { Capability } from '../core/plugin.ts';
import { authOf } from '../core/http.ts';
import { pageParams, pageSchema } from '../core/paging.ts';
import { holders, INVENTORY_PAGE, itemPage, itemRecord, recordMovement, registerItem } from './service.ts';
import { MOVEMENTS } from './rules.ts';

const tags = ['inventory'];
const Strict = { additionalProperties: false } as const;
const N = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Literals = (values: readonly string[]) => Type.Union(values.map((v) => Type.Literal(v)));
const text = (max: number, min = 1) => Type.String({ minLength: min, maxLength: max });
const Tag = Type.String({ minLength: 1, maxLength: 40, pattern: '^[A-Za-z0-9][A-Za-z0-9-]*$', description: 'the asset tag on the item’s label' });
const Status = Type.Union([Type.Literal('in_stock'), Type.Literal('assigned'), Type.Literal('in_repair'), Type.Literal('lost'), Type.Literal('retired')]);

const ItemBody = Type.Object({
  tag: Tag, category: text(40), description: text(300), make: Type.Optional(text(100, 0)), model: Type.Optional(text(100, 0)),
  serial: Type.Optional(text(100, 0)), valueCents: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000_000 })),
  acquiredOn: Type.Optional(Type.String({ format: 'date' })), location: text(200),
}, Strict);
const MovementBody = Type.Object({
  action: Literals(MOVEMENTS), holder: Type.Optional(text(64)), holderKind: Type.Optional(Literals(['person', 'unit'])),
  location: Type.Optional(text(200, 0)), reason: Type.Optional(text(500, 0)),
}, Strict);
const itemFields = {
  tag: Type.String(), category: Type.String(), description: Type.String(), make: N(Type.String()), model: N(Type.String()), serial: N(Type.String()),
  valueCents: N(Type.Integer()), acquiredOn: N(Type.String()), status: Type.String({ description: 'in_stock, assigned, in_repair, lost or retired' }),
  holder: N(Type.String()), holderKind: N(Type.String()), holderName: N(Type.String({ description: 'a person by name and badge, a unit by call sign' })), location: Type.String(),
  registeredBy: Type.String(), registeredByName: Type.String(), registeredAt: Type.String(),
};
const ItemView = Type.Object(itemFields);
const ItemRecord = Type.Object({
  ...itemFields,
  mediaRegister: N(Type.Object({ serial: Type.String(), status: Type.String(), location: Type.String() }, { description: 'the drive’s entry in the media register (S-110 §G.2), for readers of the IT records' })),
  movements: Type.Array(Type.Object({
    at: Type.String(), action: Type.String(), holder: N(Type.String()), holderKind: N(Type.String()), holderName: N(Type.String()),
    location: Type.String(), reason: N(Type.String()), by: Type.String(), byName: Type.String(),
  })),
});
const TagParams = Type.Object({ tag: Tag }, Strict);

/** Department inventory (S-110 §A.1.f): the Supply Supervisor's and the IT Director's register of equipment. */
export const inventoryRoutes: Capability = async (app, { ctx }) => {
  app.get('/inventory', {
    config: { permission: 'inventory.read' },
    schema: {
      tags, summary: 'Department inventory (S-110 §A.1.f) by asset tag, a page at a time; by category, status, holder, or text in the tag, serial, description, make or model',
      querystring: Type.Object({
        category: Type.Optional(text(40)), status: Type.Optional(Status), holder: Type.Optional(text(64)), q: Type.Optional(text(100)),
        ...pageParams(INVENTORY_PAGE.default, INVENTORY_PAGE.max),
      }, Strict),
      response: { 200: pageSchema(ItemView) },
    },
  }, async (request) => {
    const { limit, after, ...filter } = request.query;
    return itemPage(ctx, filter, { limit, after });
  });

  app.post('/inventory', {
    config: { permission: 'inventory.manage' },
    schema: { tags, summary: 'Register an item: asset tag, category, description, make, model, serial, value, where it is kept (S-110 §A.1.f)', body: ItemBody, response: { 201: ItemRecord } },
  }, async (request, reply) => {
    const actor = authOf(request).actor;
    const tag = await registerItem(ctx, actor, request.body);
    return reply.status(201).send(await itemRecord(ctx, actor, tag));
  });

  app.get('/inventory-holders', {
    config: { permission: 'inventory.manage' },
    schema: {
      tags, summary: 'Who an item can be issued to: people with an active login (by name) and the units in service',
      response: { 200: Type.Object({
        people: Type.Array(Type.Object({ login: Type.String(), name: Type.String() })),
        units: Type.Array(Type.Object({ callSign: Type.String(), description: N(Type.String()) })),
      }) },
    },
  }, async () => holders(ctx));

  app.get('/inventory/:tag', {
    config: { permission: 'inventory.read' },
    schema: { tags, summary: 'An item with every movement since it was registered', params: TagParams, response: { 200: ItemRecord } },
  }, async (request) => itemRecord(ctx, authOf(request).actor, request.params.tag.toUpperCase()));

  app.post('/inventory/:tag/movements', {
    config: { permission: 'inventory.manage' },
    schema: {
      tags, summary: 'Issue an item to a person or unit, take it back, move it, send it for repair, report it lost or found, or retire it (never deleted)',
      params: TagParams, body: MovementBody, response: { 200: ItemRecord },
    },
  }, async (request) => {
    const actor = authOf(request).actor;
    const tag = request.params.tag.toUpperCase();
    await recordMovement(ctx, actor, tag, request.body);
    return itemRecord(ctx, actor, tag);
  });
};
