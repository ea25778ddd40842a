import { Type, type TSchema } from 'typebox';
import { Value } from 'typebox/value';

/**
 * What each code table's attributes must hold, where the server reads them. A table not
 * named here keeps whatever attributes it is given (records tables: NIBRS codes, laws).
 */
const Priority = Type.Integer({ minimum: 1, maximum: 5, description: '1 is the most urgent' });
const Clause = Type.String({ minLength: 1, maxLength: 100 });

export const CODE_ATTRIBUTES: Record<string, TSchema> = {
  // 81A §E.3 (two or more officers), §E.4 (a supervisor responds)
  incident_type: Type.Object({
    priority: Priority,
    minUnits: Type.Integer({ minimum: 1, maximum: 10 }),
    supervisor: Type.Boolean(),
    clauses: Type.Optional(Type.Array(Clause, { maxItems: 10 })),
    service: Type.Optional(Type.Union([Type.Literal('police'), Type.Literal('fire'), Type.Literal('ems')])),
    statusCheckMinutes: Type.Optional(Type.Integer({ minimum: 1, maximum: 1440 })),
    medical: Type.Optional(Type.Boolean({ description: 'a medical call: the console opens the EMD protocol cards (81A §I)' })),
  }, { additionalProperties: false }),
  call_line: Type.Object({
    priority: Type.Optional(Priority),
    greeting: Type.Optional(Type.String({ minLength: 1, maxLength: 300 })),
  }, { additionalProperties: false }),
  out_of_service_reason: Type.Object({
    clause: Type.Optional(Clause),
    statusCheckMinutes: Type.Optional(Type.Integer({ minimum: 1, maximum: 1440 })),
  }, { additionalProperties: false }),
  disposition: Type.Object({}, { additionalProperties: false }),
};

export interface AttributeProblem {
  /** The request field at fault, e.g. `attrs.priority`. */
  field: string;
  message: string;
}

/** The first thing wrong with a code's attributes for its table, or undefined when they are fine. */
export function attributeProblem(table: string, attrs: Record<string, unknown>): AttributeProblem | undefined {
  const schema = CODE_ATTRIBUTES[table];
  if (!schema) return undefined;
  const [error] = Value.Errors(schema, attrs);
  if (!error) return undefined;
  const path = error.instancePath.replace(/^\//, '').replaceAll('/', '.');
  const params = error.params as { requiredProperties?: string[]; additionalProperties?: string[] };
  if (error.keyword === 'required' && params.requiredProperties?.length) {
    const name = [path, params.requiredProperties[0]].filter(Boolean).join('.');
    return { field: `attrs.${name}`, message: `attrs.${name} is required for a code of ${table}` };
  }
  if (error.keyword === 'additionalProperties' && params.additionalProperties?.length) {
    const name = [path, params.additionalProperties[0]].filter(Boolean).join('.');
    return { field: `attrs.${name}`, message: `attrs.${name} is not an attribute of ${table}` };
  }
  const field = path ? `attrs.${path}` : 'attrs';
  if (error.schemaPath.endsWith('/additionalProperties')) return { field, message: `${field} is not an attribute of ${table}` };
  return { field, message: `${field} ${error.message}` };
}
