/** An event as clients see it (`GET /api/v1/events`, the stream). */
export interface DispatchEvent {
  seq: number;
  at: string;
  kind: string;
  subjectType: string;
  subjectId: string;
  actor: { user: string | null; unit: string | null };
  confidential: boolean;
  payload: Record<string, unknown>;
}
