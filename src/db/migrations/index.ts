import type { Migration } from 'kysely/migration';
import * as m0001 from './0001_foundation.ts';
import * as m0002 from './0002_dispatch_core.ts';
import * as m0003 from './0003_identity.ts';
import * as m0004 from './0004_calls.ts';
import * as m0005 from './0005_units.ts';
import * as m0006 from './0006_knox.ts';
import * as m0007 from './0007_records.ts';
import * as m0008 from './0008_audit_chain.ts';
import * as m0011 from './0011_role_approvals.ts';
import * as m0012 from './0012_cjis.ts';
import * as m0013 from './0013_recordings.ts';
// officer safety: the field terminal's emergency credential
import * as m0016 from './0016_emergency_credential.ts';
import * as m0015 from './0015_case_file.ts';
// Geography
import * as m0018 from './0018_geography.ts';
import * as m0014 from './0014_backup_it_records.ts';
// NIBRS
import * as m0019 from './0019_nibrs.ts';
// release of records, CORI checks, daily logs
import * as m0020 from './0020_release.ts';
// Knox custody: an incident closes with its master keys back; the filed form is retained
import * as m0021 from './0021_knox_close.ts';
// Recordings at scale: the purge deletes each recording's playback tickets by index
import * as m0022 from './0022_recordings_speed.ts';
import * as m0023 from './0023_knox_access_key.ts';
import * as m0025 from './0025_incident_merge.ts';
// officer safety: caution flags on addresses and people
import * as m0026 from './0026_caution_flags.ts';
// public records requests: the request, its records, redactions and releases
import * as m0027 from './0027_public_records.ts';
import * as m0028 from './0028_public_records_digest.ts';
// lists answer a page at a time: an index for each list's order
import * as m0029 from './0029_list_pages.ts';
import * as m0030 from './0030_list_pages_records.ts';
// emergency medical dispatch (81A §I): protocol cards, certifications; the policy's greetings
import * as m0031 from './0031_emd.ts';
// the call-back list of abandoned E-911 calls (81A §C.2.f)
import * as m0032 from './0032_call_callbacks.ts';
import * as m0033 from './0033_unit_retired.ts';
import * as m0034 from './0034_audit_browser.ts';
import * as m0035 from './0035_message_acknowledged.ts';
import * as m0038 from './0038_custody_recipient.ts';
// criminal intelligence records under 28 CFR Part 23 (S-110 §A.1.m)
import * as m0040 from './0040_intelligence.ts';
import * as m0037 from './0037_traffic_lists.ts';
// the call list a page at a time by key
import * as m0041 from './0041_case_search.ts';
import * as m0042 from './0042_call_list_pages.ts';
import * as m0043 from './0043_audit_user_index.ts';
// department inventory (S-110 §A.1.f)
import * as m0044 from './0044_inventory.ts';
// employee attendance (S-110 §A.1.i)
import * as m0045 from './0045_attendance.ts';
import * as m0049 from './0049_trend_rollup.ts';
import * as m0050 from './0050_report_address_search.ts';
// the response-time histogram; report offense codes that are NIBRS codes mapped to themselves
import * as m0051 from './0051_trend_response_nibrs_fill.ts';
import * as m0054 from './0054_trend_month_counts.ts';
import * as m0052 from './0052_ranges_leave_reminders.ts';
import * as m0056 from './0056_report_address_order.ts';
import * as m0057 from './0057_person_last_names.ts';
// alarm premises (S-110 §A.1.a)
import * as m0046 from './0046_alarm_premises.ts';
// the emergency notification list and its call-downs (S-110 §A.1.h)
import * as m0047 from './0047_notification_lists.ts';
import * as m0048 from './0048_street_file.ts';

/**
 * Every migration, in order. Names are numbered; a capability adds its own file
 * and one line here. Migrations are never edited once released: a change is a new file.
 */
export const migrations: Record<string, Migration> = {
  '0001_foundation': m0001,
  '0002_dispatch_core': m0002,
  '0003_identity': m0003,
  '0004_calls': m0004,
  '0005_units': m0005,
  '0006_knox': m0006,
  '0007_records': m0007,
  '0008_audit_chain': m0008,
  '0011_role_approvals': m0011,
  '0012_cjis': m0012,
  '0013_recordings': m0013,
  '0014_backup_it_records': m0014,
  '0015_case_file': m0015,
  // officer safety
  '0016_emergency_credential': m0016,
  // Geography
  '0018_geography': m0018,
  // NIBRS
  '0019_nibrs': m0019,
  // release of records, CORI checks, daily logs
  '0020_release': m0020,
  // Knox custody: an incident closes with its master keys back; the filed form is retained
  '0021_knox_close': m0021,
  // Recordings at scale: the purge deletes each recording's playback tickets by index
  '0022_recordings_speed': m0022,
  // Knox custody: an access names the access key its officer holds
  '0023_knox_access_key': m0023,
  '0025_incident_merge': m0025,
  '0026_caution_flags': m0026,
  // public records requests
  '0027_public_records': m0027,
  '0028_public_records_digest': m0028,
  '0029_list_pages': m0029,
  '0030_list_pages_records': m0030,
  '0031_emd': m0031,
  '0032_call_callbacks': m0032,
  // units are retired, never deleted (the administration screens)
  '0033_unit_retired': m0033,
  // the audit browser: the trail by person, record, action and refusal, newest first
  '0034_audit_browser': m0034,
  // an emergency message's delivery: who recorded it, who acknowledged it
  '0035_message_acknowledged': m0035,
  // who receives an item: one of the agency's people, or an outside recipient marked as such
  '0038_custody_recipient': m0038,
  // criminal intelligence records (28 CFR Part 23)
  '0040_intelligence': m0040,
  // the citation, crash, tow and order lists, newest first
  '0037_traffic_lists': m0037,
  // cases by officer and by an address's start, read from indexes that do not grow with the file
  '0041_case_search': m0041,
  '0042_call_list_pages': m0042,
  // an audit row writes one index fewer
  '0043_audit_user_index': m0043,
  '0044_inventory': m0044,
  '0045_attendance': m0045,
  '0046_alarm_premises': m0046,
  '0047_notification_lists': m0047,
  // street files: hand-entered streets, premises notes and hazards (S-110 §A.1.v)
  '0048_street_file': m0048,
  // the Trends page's roll-up: a narrow row per incident, call and unit assignment, kept by triggers
  '0049_trend_rollup': m0049,
  // reports by address index-only (issue 22)
  '0050_report_address_search': m0050,
  // the response-time chart's histogram by month, priority, sector and watch in 30-second buckets (issue 23)
  '0051_trend_response_nibrs_fill': m0051,
  // centerline address ranges, leave balances and minimum staffing, call-down reminders (issue 23)
  '0052_ranges_leave_reminders': m0052,
  // the Trends page's counts by agency month: incidents by type, priority and sector; calls and incidents by day and hour (issue 23 "Speed")
  '0054_trend_month_counts': m0054,
  // reports by address: the candidates sorted from the indexes, only the page read (issue 22)
  '0056_report_address_order': m0056,
  // name search: surnames spelled alike from the distinct surnames, the names by equality (issue 16)
  '0057_person_last_names': m0057,
};
