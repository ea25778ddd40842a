/**
 * Filing a record under a case (S-110 §B: reports, arrests, summonses, motor-vehicle
 * violations and the rest each belong to a case with a unique, sequential number): the
 * case chosen, else the case of the CAD incident it started from, else a new case.
 */
import type { AppContext } from '../core/context.ts';
import { PolicyViolation } from '../core/errors.ts';
import type { Tx } from '../db/index.ts';
import type { Actor } from '../core/actor.ts';
import { caseExists } from './case-store.ts';
import { caseOfIncidentIn, openCaseIn } from './cases.ts';

export async function ensureCase(tx: Tx, caseNumber: string, what: string): Promise<void> {
  if (!(await caseExists(tx, caseNumber))) throw new PolicyViolation(`${what}.unknown_case`, `there is no case ${caseNumber}; every record is filed under an existing case`, 'S-110 §B', 422, 'caseNumber');
}

export interface Filing { caseNumber?: string | undefined; incidentNumber?: string | undefined }

export async function fileUnder(tx: Tx, ctx: AppContext, actor: Actor, what: string, filing: Filing, newCase: { type: string; address: string; occurredAt: Date }): Promise<string> {
  if (filing.caseNumber) { await ensureCase(tx, filing.caseNumber, what); return filing.caseNumber; }
  if (filing.incidentNumber) return caseOfIncidentIn(tx, ctx, actor, filing.incidentNumber);
  return openCaseIn(tx, ctx, actor, { type: newCase.type, location: { address: newCase.address }, occurredAt: newCase.occurredAt });
}
