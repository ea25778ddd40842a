/**
 * Every server path the console and field view use, in one place. The paths of
 * shared/API.md are fixed; the others (marked "ours") follow the CAD issues and
 * are adjusted here if the CAD services name them differently.
 */
const v1 = '/api/v1';
const seg = encodeURIComponent;

export const endpoints = {
  agency: `${v1}/agency`,
  events: (after: number, limit: number) => `${v1}/events?after=${after}&limit=${limit}`,
  recentEvents: (limit: number) => `${v1}/events/recent?limit=${limit}`,
  stream: (after: number) => `${v1}/stream?after=${after}`,
  units: `${v1}/units`,
  unitPositions: `${v1}/geo/units`,
  unitStatus: (callSign: string) => `${v1}/units/${seg(callSign)}/status`,
  unitEmergency: (callSign: string) => `${v1}/units/${seg(callSign)}/emergency`,
  incidentTypes: `${v1}/incident-types`,
  /** Deactivated types too, for the names of old incidents (ours). */
  allIncidentTypes: `${v1}/code-tables/incident_type?inactive=true`,
  dispositions: `${v1}/dispositions`,
  outOfServiceReasons: `${v1}/code-tables/out_of_service_reason`,
  callLines: `${v1}/code-tables/call_line`,
  roster: `${v1}/agency/roster`,
  calls: `${v1}/calls`,
  incidents: `${v1}/incidents`,
  incident: (number: string) => `${v1}/incidents/${seg(number)}`,
  dispatch: (number: string) => `${v1}/incidents/${seg(number)}/dispatch`,
  close: (number: string) => `${v1}/incidents/${seg(number)}/close`,
  // beyond the fixed contract: as call-taking (calls, incidents) and dispatching (units, alerts) name them
  openIncidents: `${v1}/incidents?limit=500`,
  notes: (number: string) => `${v1}/incidents/${seg(number)}/notes`,
  callCategories: `${v1}/code-tables/call_category`,
  callQueue: `${v1}/calls/queue`,
  /** Calls not finished: the waiting queue, then the answered ones (a reload lists them). */
  unfinishedCalls: `${v1}/calls/queue?answered=true`,
  /** The closed-call log, a page at a time. */
  callLog: `${v1}/calls?status=closed&limit=50`,
  /** A call typed at the console taken into a new incident (one request, one transaction). */
  callIntake: `${v1}/calls/intake`,
  callIncident: (id: string) => `${v1}/calls/${seg(id)}/incident`,
  callIncidentLink: (id: string) => `${v1}/calls/${seg(id)}/incident-link`,
  answerCall: (id: string) => `${v1}/calls/${seg(id)}/answer`,
  callDetails: (id: string) => `${v1}/calls/${seg(id)}/details`,
  aliChecks: (id: string) => `${v1}/calls/${seg(id)}/ali-checks`,
  callSuggestions: (id: string) => `${v1}/calls/${seg(id)}/suggestions`,
  linkCall: (id: string) => `${v1}/calls/${seg(id)}/link`,
  holdCall: (id: string) => `${v1}/calls/${seg(id)}/hold`,
  closeCall: (id: string) => `${v1}/calls/${seg(id)}/close`,
  noResponseTypes: `${v1}/code-tables/call_no_response`,
  confidential: (number: string) => `${v1}/incidents/${seg(number)}/confidential`,
  recommendation: (number: string) => `${v1}/incidents/${seg(number)}/recommendation`,
  standby: (callSign: string) => `${v1}/units/${seg(callSign)}/standby`,
  unanswered: (callSign: string) => `${v1}/units/${seg(callSign)}/unanswered`,
  contact: (callSign: string) => `${v1}/units/${seg(callSign)}/contact`,
  assignment: (callSign: string) => `${v1}/units/${seg(callSign)}/assignment`,
  backup: (callSign: string) => `${v1}/units/${seg(callSign)}/backup`,
  alerts: `${v1}/alerts`,
  acknowledge: (id: string) => `${v1}/alerts/${seg(id)}/acknowledge`,
  radioEmergency: `${v1}/radio/emergency`,
  // the field terminal's emergency credential (81A §E.6.e)
  emergencyCredential: (callSign: string) => `${v1}/units/${seg(callSign)}/emergency-credential`,
  emergency: `${v1}/emergency`,
  // officer-initiated work (81A §E.5.a.vi)
  initiate: (callSign: string) => `${v1}/units/${seg(callSign)}/initiate`,
  selfAssign: (callSign: string) => `${v1}/units/${seg(callSign)}/self-assign`,
};
