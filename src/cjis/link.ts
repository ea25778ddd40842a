import { readFileSync } from 'node:fs';
import type { AppContext } from '../core/context.ts';
import { NcicSwitchAdapter, type AdapterOptions, type SwitchEndpoint } from './gateway/adapter.ts';
import type { StateSwitch } from './gateway/switch.ts';
import { TrainingSwitch } from './training/switch.ts';
import { receiveFromSwitch } from './inbound.ts';

/** The link of one server process to the state switch, and the training switch when that is the other end. */
export interface CjisLink {
  switch: StateSwitch;
  training: TrainingSwitch | null;
}

export interface CjisLinkOptions {
  /** The state switch's endpoint; when absent the built-in training switch is started and used. */
  endpoint?: SwitchEndpoint | undefined;
  /** How long an answer may take (default 10 s). */
  timeoutMs?: number | undefined;
  backoffMs?: { initial: number; max: number } | undefined;
  /** Training switch: how long the simulated entering agency takes to answer a YQ (default 20 s). */
  confirmDelayMs?: number | undefined;
  /** Training switch: a fixed port to listen on (default any free port on 127.0.0.1). */
  trainingPort?: number | undefined;
  log?: AdapterOptions['log'];
}

const links = new WeakMap<AppContext, Promise<CjisLink>>();
const options = new WeakMap<AppContext, CjisLinkOptions>();

/**
 * The settings of the CJIS link from the environment:
 * `PRECINCT_CJIS_SWITCH=host:port` connects to the agency's state switch (else the training
 * switch runs), `PRECINCT_CJIS_TLS_CA` (a PEM file) makes the link TLS, with
 * `PRECINCT_CJIS_TLS_CERT` / `PRECINCT_CJIS_TLS_KEY` when the state asks for a client
 * certificate; `PRECINCT_CJIS_TIMEOUT_MS`; `PRECINCT_CJIS_TRAINING_PORT`.
 */
export function linkOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): CjisLinkOptions {
  const result: CjisLinkOptions = {};
  if (env.PRECINCT_CJIS_SWITCH) {
    const m = /^([^:]+):(\d{1,5})$/.exec(env.PRECINCT_CJIS_SWITCH.trim());
    if (!m) throw new Error(`PRECINCT_CJIS_SWITCH must be host:port, not "${env.PRECINCT_CJIS_SWITCH}"`);
    result.endpoint = {
      host: m[1]!, port: Number(m[2]),
      tls: env.PRECINCT_CJIS_TLS_CA ? {
        ca: readFileSync(env.PRECINCT_CJIS_TLS_CA),
        ...(env.PRECINCT_CJIS_TLS_CERT ? { cert: readFileSync(env.PRECINCT_CJIS_TLS_CERT) } : {}),
        ...(env.PRECINCT_CJIS_TLS_KEY ? { key: readFileSync(env.PRECINCT_CJIS_TLS_KEY) } : {}),
      } : undefined,
    };
  }
  if (env.PRECINCT_CJIS_TIMEOUT_MS) result.timeoutMs = Number(env.PRECINCT_CJIS_TIMEOUT_MS);
  if (env.PRECINCT_CJIS_TRAINING_PORT) result.trainingPort = Number(env.PRECINCT_CJIS_TRAINING_PORT);
  if (env.PRECINCT_CJIS_CONFIRM_DELAY_MS) result.confirmDelayMs = Number(env.PRECINCT_CJIS_CONFIRM_DELAY_MS);
  return result;
}

/** Set how this server's link is made, before it is first used (the routes plugin passes its logger; tests shorten delays). */
export function configureCjisLink(ctx: AppContext, change: CjisLinkOptions): void {
  options.set(ctx, { ...linkOptionsFromEnv(), ...options.get(ctx), ...change });
}

async function open(ctx: AppContext): Promise<CjisLink> {
  const o = options.get(ctx) ?? linkOptionsFromEnv();
  let training: TrainingSwitch | null = null;
  let endpoint = o.endpoint;
  if (!endpoint) {
    training = new TrainingSwitch(ctx.db, { confirmDelayMs: o.confirmDelayMs ?? 20_000 });
    endpoint = { host: '127.0.0.1', port: await training.listen(o.trainingPort ?? 0) };
  }
  const adapter = new NcicSwitchAdapter({
    endpoint, ori: ctx.config.agency.ori, mode: training ? 'training' : 'live', timeoutMs: o.timeoutMs, backoffMs: o.backoffMs, log: o.log,
  });
  adapter.onUnsolicited((message) => receiveFromSwitch(ctx, message, adapter.mode === 'training'));
  await adapter.start(false);
  return { switch: adapter, training };
}

/** This server's link to the switch, opened on first use. */
export function cjisLink(ctx: AppContext): Promise<CjisLink> {
  let link = links.get(ctx);
  if (!link) {
    link = open(ctx);
    links.set(ctx, link);
    link.catch(() => links.delete(ctx));
  }
  return link;
}

/** Whether the link is to the training switch (without opening it). */
export function isTraining(ctx: AppContext): boolean {
  return !(options.get(ctx) ?? linkOptionsFromEnv()).endpoint;
}

/** Close the link and stop the training switch (the server is shutting down). */
export async function closeCjisLink(ctx: AppContext): Promise<void> {
  const link = links.get(ctx);
  links.delete(ctx);
  if (!link) return;
  const opened = await link.catch(() => undefined);
  await opened?.switch.close();
  await opened?.training?.stop();
}
