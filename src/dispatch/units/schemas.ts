import { Type } from 'typebox';

/**
 * An incident's record as the officer-initiated and self-assign routes answer it: the
 * fields every reader gets are declared; the rest of the record (units, timeline, callers)
 * passes as the incident record of GET /incidents/{number} has it.
 */
export const IncidentRecordSchema = Type.Object({
  number: Type.String(),
  type: Type.String(),
  priority: Type.Integer(),
  status: Type.String(),
  reportedAt: Type.String(),
  confidential: Type.Boolean(),
}, { additionalProperties: true });
