/** The CJIS screens' calls to the server (81A §J) and the shapes they answer with. */
import type { Static } from 'typebox';
import type * as S from '../../../src/cjis/schemas.ts';
import { api, ApiError } from '../shared/api.ts';

export type QueryView = Static<typeof S.QueryView>;
export type HitView = Static<typeof S.HitView>;
export type EntryView = Static<typeof S.EntryView>;
export type MessageView = Static<typeof S.MessageView>;
export type CjisUser = Static<typeof S.CjisUserView>;
export type OpenConfirmation = Static<typeof S.OpenConfirmation>;
export type AgreementsView = Static<typeof S.AgreementsView>;
export type ValidationView = Static<typeof S.ValidationView>;
export type BopItem = Static<typeof S.BopItem>;
export type AuditView = Static<typeof S.AuditView>;
export type QueryLogItem = Static<typeof S.QueryLogItem>;
export type DocumentMeta = Static<typeof S.DocumentMeta>;

export type Codes = Static<typeof S.CodesView>;

export const cjisCodes = () => api<Codes>('/api/v1/cjis/codes');

/** A query as the server's route takes it (its request schema). */
export type QueryRequest = Static<typeof S.QueryBody>;

export const runQuery = (body: QueryRequest) => api<QueryView>('/api/v1/cjis/queries', { method: 'POST', body });
export const readQuery = (id: string) => api<QueryView>(`/api/v1/cjis/queries/${id}`);
export const requestConfirmation = (hit: string, priority: 'urgent' | 'routine') => api<QueryView>(`/api/v1/cjis/hits/${hit}/confirmations`, { method: 'POST', body: { priority } });
export const placeLocate = (hit: string, incident?: string) => api<QueryView>(`/api/v1/cjis/hits/${hit}/locate`, { method: 'POST', body: incident ? { incident } : {} });
export const modifyWms = (hit: string, change: { caution?: string; remarks?: string }) => api<QueryView>(`/api/v1/cjis/hits/${hit}/wms`, { method: 'POST', body: change });

/** Upload a document's bytes (PDF, JPEG or PNG) as a kind of CJIS document. */
export async function uploadDocument(kind: string, file: File): Promise<DocumentMeta> {
  const response = await fetch(`/api/v1/cjis/documents?kind=${encodeURIComponent(kind)}&filename=${encodeURIComponent(file.name.slice(0, 120))}`, {
    method: 'POST', headers: { 'content-type': file.type || 'application/pdf' }, body: file, credentials: 'same-origin',
  });
  const body = await response.json();
  if (!response.ok) throw new ApiError(body);
  return body as DocumentMeta;
}

/** The text of a refusal, with the clause that decided it. */
export { problemText as refusalText } from '../shared/problem.ts';

/** The console's command line hands a query result to the CJIS result panel with this event. */
export const RESULT_EVENT = 'precinct:cjis-result';

export function showResult(view: QueryView): void {
  window.dispatchEvent(new CustomEvent<QueryView>(RESULT_EVENT, { detail: view }));
}
