import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { AppContext } from './context.ts';

/** A capability's routes: registered under /api/v1 with the shared context. */
export type Capability = FastifyPluginAsync<{ ctx: AppContext }, import('node:http').Server, TypeBoxTypeProvider>;
