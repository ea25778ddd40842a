import type { AppContext } from '../core/context.ts';
import type { Actor } from '../core/actor.ts';
import { readableAccesses } from './access.ts';
import * as store from './store.ts';

/** A filed reporting form as the case file lists it. */
export interface FiledForm {
  id: string;
  kind: string;
  title: string;
  accessId: string;
  box: string;
  building: string;
  officer: string;
  /** "Name #badge" of the accessing officer. */
  officerName: string;
  filedAt: string;
  filedBy: string;
  filedByName: string;
  sha256: string;
  url: string;
}

/**
 * The filed originals of the Knox Box Access Reporting Forms of an incident's accesses
 * that this reader may read (O-604 §III.H: "the original of the reporting form is to be
 * forwarded … to the Records Bureau for retention"). The Records Bureau's case file of
 * the incident lists them, whether the case was opened before the form was filed or
 * after; the original itself is never changed or deleted (migration 0021).
 */
export async function filedForms(ctx: AppContext, actor: Actor, incidentNumber: string): Promise<FiledForm[]> {
  const rows = (await store.filedFormsOf(ctx.db, incidentNumber)).map((r) => ({ ...r, documentId: r.id, id: r.access_id }));
  const readable = await readableAccesses(ctx, actor, rows);
  if (readable.length === 0) return [];
  const boxes = new Map((await store.boxes(ctx.db)).map((b) => [b.id, b]));
  const names = await store.people(ctx.db, readable.flatMap((r) => [r.officer, r.filed_by]));
  return readable.map((r) => {
    const building = boxes.get(r.box_id)?.building ?? r.box_id;
    return {
      id: r.documentId, kind: r.kind, title: `Knox Box Access Reporting Form — ${building}`, accessId: r.access_id, box: r.box_id, building,
      officer: r.officer, officerName: store.displayName(names.get(r.officer), r.officer),
      filedAt: r.filed_at.toISOString(), filedBy: r.filed_by, filedByName: store.displayName(names.get(r.filed_by), r.filed_by), sha256: r.sha256, url: `/api/v1/knox/accesses/${r.access_id}/report.pdf`,
    };
  });
}
