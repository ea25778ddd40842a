import { defineRecordRule } from '../core/events/visibility.ts';
import { incidentReadRule } from '../dispatch/incidents/access.ts';
import { accessReadRule } from '../keys/custody.ts';
import { businessReadRule, caseReadRule, personReadRule, recordsRoleRules, reportReadRule, vehicleReadRule } from '../records/read-rules.ts';

/*
 * The read rule of every kind of record, one per kind, declared by the capability that
 * owns it. The event log, the recent events and the stream decide each event with the
 * rule of every record it names (docs/access.md).
 */
defineRecordRule(incidentReadRule);
defineRecordRule(reportReadRule);
defineRecordRule(personReadRule);
defineRecordRule(caseReadRule);
defineRecordRule(vehicleReadRule);
defineRecordRule(businessReadRule);
defineRecordRule(accessReadRule);
for (const rule of recordsRoleRules) defineRecordRule(rule);
