import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { FastifySchemaCompiler } from 'fastify';

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

function ajv(coerceTypes: boolean | 'array'): Ajv {
  // Unknown fields are refused, never silently dropped: schemas say additionalProperties: false.
  const instance = new Ajv({ coerceTypes, removeAdditional: false, useDefaults: true, allErrors: false, strict: false });
  addFormats(instance);
  return instance;
}

const bodies = ajv(false); // a JSON body means what it says: "5" is not 5
const urls = ajv('array'); // query strings and paths arrive as text

/** Validation at the edge: strict for JSON bodies, type-coercing for paths and query strings. */
export const validatorCompiler: FastifySchemaCompiler<unknown> = ({ schema, httpPart }) => {
  const validate = (httpPart === 'body' ? bodies : urls).compile(schema as object);
  return (data: unknown) => (validate(data) ? { value: data } : { error: Object.assign(new Error('invalid'), { validation: validate.errors }) });
};
