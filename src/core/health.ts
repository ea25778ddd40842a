import { Type } from 'typebox';

/** What `GET /api/health` answers: the server is up, on which database, at which version. */
export const HealthAnswer = Type.Object({ status: Type.Literal('ok'), database: Type.String(), version: Type.String() });
