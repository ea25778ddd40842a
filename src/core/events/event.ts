/** An event as clients see it (`GET /api/v1/events`, the stream). */
export interface DispatchEvent {
  seq: number;
  at: string;
  kind: string;
  subjectType: string;
  subjectId: string;
  /** `name`: the person behind the login, added where an event is sent to a screen. */
  actor: { user: string | null; unit: string | null; name?: string };
  confidential: boolean;
  payload: Record<string, unknown>;
}
