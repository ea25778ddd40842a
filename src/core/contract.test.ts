import { Type } from 'typebox';
import { describe, expect, test } from 'vitest';
import { contractBreaks, responseSchemaFor } from './contract.ts';

const Unit = Type.Object({
  callSign: Type.String(), status: Type.Union([Type.Literal('available'), Type.Literal('dispatched')]),
  incident: Type.Union([Type.String(), Type.Null()]), personnel: Type.Optional(Type.Array(Type.String())),
});

describe('an answer checked against its response schema', () => {
  test('an answer that fits its schema loses nothing', () => {
    expect(contractBreaks(Unit, { callSign: '2A', status: 'available', incident: null, personnel: ['Ofc. Reyes'] })).toEqual([]);
  });

  test('a field the schema does not declare is named, since Fastify would drop it before the dispatcher sees it', () => {
    expect(contractBreaks(Type.Array(Unit), [{ callSign: '2A', status: 'available', incident: null, placeName: 'Town Hall' }]))
      .toEqual(['[0].placeName is not declared']);
  });

  test('a null where the schema promises a string is named, since it would be sent as an empty string', () => {
    expect(contractBreaks(Type.Object({ address: Type.String() }), { address: null })).toEqual(['.address is null, declared string']);
  });

  test('open maps keep every key and check each value', () => {
    expect(contractBreaks(Type.Record(Type.String(), Type.Integer()), { a: 1, b: 2 })).toEqual([]);
    expect(contractBreaks(Type.Object({}, { additionalProperties: Type.String() }), { a: 1 })).toEqual(['.a is integer, declared string']);
  });

  test('a range such as 4xx answers for any status in it', () => {
    const responses = { 200: Unit, '4xx': Type.Object({ code: Type.String() }) };
    expect(responseSchemaFor(responses, 200)).toBe(Unit);
    expect(responseSchemaFor(responses, 409)).toBe(responses['4xx']);
    expect(responseSchemaFor(responses, 201)).toBeUndefined();
  });
});
