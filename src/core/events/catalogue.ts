/**
 * The event catalogue: every kind of event the system writes to the log, in one list.
 * `appendEvent` accepts only these (`EventKind` is derived from the list), so a new kind
 * is added here first, and the access matrix (test/access-matrix.test.ts) fails until it
 * checks the new kind against the rule of its record on every channel, or says why its
 * setup cannot reach it (issue 13 point 6).
 */
export const EVENT_KINDS = [
  // agency, code tables, settings
  'agency.demo_loaded', 'agency.changed', 'code.changed', 'calls.settings_changed', 'dispatch.timers_changed',
  // calls (81A §C)
  'call.received', 'call.answered', 'call.held', 'call.resumed', 'call.details', 'call.ali_checked', 'call.transferred',
  'call.relayed', 'call.closed', 'call.ended', 'call.linked', 'call.referred_to_screening', 'call.screened',
  'call.callback_attempt', 'call.callback_closed',
  // incidents (81A §E)
  'incident.created', 'incident.note', 'incident.correction', 'incident.caller_linked', 'incident.units_dispatched',
  'incident.response_overridden', 'incident.unit_cleared', 'incident.unit_status', 'incident.backup_on_scene',
  'incident.closed', 'incident.marked_confidential', 'incident.recording_linked',
  'incident.corrected', 'incident.reopened', 'incident.merged', 'incident.duplicate_merged',
  // emergency medical dispatch on an incident (81A §I): a key question answered, a pre-arrival instruction given
  'incident.emd_answer', 'incident.emd_instruction',
  // units
  'unit.added', 'unit.changed', 'unit.retired', 'unit.status_changed', 'unit.location', 'unit.personnel', 'unit.standby', 'unit.contact_made',
  'unit.call_unanswered', 'unit.position', 'unit.positions',
  // alerts, officer safety, facility alarms
  'alert.raised', 'alert.acknowledged', 'alert.cleared', 'alert.shift_commander_notified', 'radio.registered',
  'emergency_credential.issued', 'emergency_credential.revoked', 'facility_alarm.received', 'facility_alarm.told',
  // emergency messages (81A §H)
  'message.received', 'message.decided', 'message.delivery', 'message.requester_told',
  // dispatcher resources (81A §B.2.b)
  'directory.entry_added', 'directory.entry_changed', 'directory.residential_phone_set', 'roster.posted',
  // geography
  'geo.layer_imported', 'geo.modem_assigned',
  // CJIS (81A §J)
  'cjis.query', 'cjis.entry.made', 'cjis.entry.recalled', 'cjis.entry.cleared', 'cjis.entry.cancelled', 'cjis.confirmation.requested', 'cjis.confirmation.answered',
  'cjis.confirmation.overdue', 'cjis.locate.placed', 'cjis.wms.modified', 'cjis.message.received',
  'cjis.certification.recorded', 'cjis.certification.expiring',
  // Knox custody (O-604)
  'knox.box_registered', 'knox.box_changed', 'knox.key_registered', 'knox.key_retired', 'knox.key_assigned',
  'knox.key_returned', 'knox.key_unreturned', 'knox.key_lost', 'knox.master_keys_missing', 'knox.alert_acknowledged',
  'knox.outbound_set', 'knox.access_requested', 'knox.access_authorized', 'knox.master_keys_removed',
  'knox.master_keys_returned', 'knox.report_filed', 'knox.close_overridden',
  // records (S-110)
  'records.person.created', 'records.person.updated', 'records.person.changed', 'records.person.merged',
  'records.person.merge_undone', 'records.vehicle.created', 'records.business.created', 'records.case.opened',
  'records.case.status', 'records.report.created', 'records.report.supplemented', 'records.report.submitted',
  'records.report.approved', 'records.report.returned', 'records.photo.added',
  'records.order.restraining', 'records.order.trespass', 'records.order.served', 'records.order.vacated',
  'records.caution.flagged', 'records.caution.removed',
  'records.property.recorded', 'records.property.received', 'records.property.authorized', 'records.property.transfer', 'records.property.lab',
  'records.property.court', 'records.property.returned', 'records.property.release', 'records.property.destruction',
  'records.property.recovered', 'records.property.audit_started', 'records.property.scanned', 'records.property.audit_closed',
  'records.citation.issued', 'records.citation.disposition', 'records.crash.reported', 'records.crash.diagram',
  'records.tow.logged', 'records.tow.owner_notified', 'records.tow.released',
] as const;

export type EventKind = typeof EVENT_KINDS[number];

/** A kind the tests write to exercise the log itself; never written by the system. */
export type TestEventKind = `test.${string}`;
