/**
 * The code tables a fresh database starts with, from the policies' own lists.
 * An administrator edits them afterwards (`PUT /api/v1/code-tables/{table}/{code}`)
 * or overrides them in the config file; start-up only adds codes that are missing.
 */
export interface CodeEntry {
  code: string;
  name: string;
  attrs?: Record<string, unknown>;
}

/** priority 1 is the most urgent. multiOfficer: 81A §E.3; supervisor: 81A §E.4. */
function type(code: string, name: string, priority: number, clauses: { multi?: string; supervisor?: string } = {}): CodeEntry {
  return {
    code,
    name,
    attrs: {
      priority,
      minUnits: clauses.multi ? 2 : 1,
      supervisor: Boolean(clauses.supervisor),
      clauses: [clauses.multi && `81A §E.3.${clauses.multi}`, clauses.supervisor && `81A §E.4.a.${clauses.supervisor}`].filter(Boolean),
    },
  };
}

/** A medical incident type: its calls open the EMD protocol cards (81A §I). */
function medical(entry: CodeEntry): CodeEntry {
  return { ...entry, attrs: { ...entry.attrs, medical: true } };
}

/**
 * The words each line is answered with (81A §C.2.b.i, §C.2.c.i), word for word; the 7-digit
 * emergency and business lines name the agency where the policy names "Lexington Police".
 */
export function defaultGreetings(agencyName: string): Record<'e911' | 'emergency' | 'business', string> {
  return {
    e911: '9-1-1. This call is being recorded. What is your emergency?',
    emergency: `${agencyName}. This call is being recorded. How may I help you?`,
    business: `${agencyName}. This call is being recorded. How may I help you?`,
  };
}

/** The default code tables, with the greetings naming this agency. */
export function defaultCodeTables(agencyName: string): Record<string, CodeEntry[]> {
  const greeting = defaultGreetings(agencyName);
  return {
    ...DEFAULT_CODE_TABLES,
    call_line: DEFAULT_CODE_TABLES.call_line!.map((line) => line.code in greeting
      ? { ...line, attrs: { ...line.attrs, greeting: greeting[line.code as keyof typeof greeting] } }
      : line),
  };
}

/** The default code tables for the default agency name (the greetings of `defaultCodeTables` name the agency actually configured). */
export const DEFAULT_CODE_TABLES: Record<string, CodeEntry[]> = {
  incident_type: [
    type('DISTURB', 'Disturbance', 2, { multi: 'a' }),
    type('OFFICER_EMERG', 'Officer emergency / duress alarm', 1, { multi: 'b', supervisor: 'xi' }),
    type('FLEEING', 'Fleeing suspect(s)', 1, { multi: 'c' }),
    type('CRIME_PROGRESS', 'Crime in progress', 1, { multi: 'd' }),
    type('DOMESTIC', 'Domestic disturbance', 1, { multi: 'e' }),
    type('ALARM_COMM', 'Commercial alarm', 2, { multi: 'f' }),
    type('ALARM_PANIC', 'Panic alarm', 1, { multi: 'f' }),
    type('DRUG', 'Drug law violation', 3, { multi: 'g' }),
    type('ASSAULT', 'Assault / crime of violence', 1, { multi: 'h' }),
    type('BURGLARY', 'B&E / burglary', 2, { multi: 'i' }),
    type('NOISE', 'Noise complaint', 3, { multi: 'j' }),
    type('SEX_OFFENSE', 'Sex offense', 2, { multi: 'k' }),
    type('WARRANT', 'Warrant service', 3, { multi: 'l' }),
    type('WEAPONS', 'Weapons violation', 1, { multi: 'm' }),
    type('ROBBERY', 'Robbery', 1, { multi: 'n', supervisor: 'ii' }),
    type('MISSING_CHILD', 'Missing child', 1, { supervisor: 'i' }),
    type('SCHOOL_DISTURB', 'School disturbance', 1, { multi: 'a', supervisor: 'iii' }),
    type('MURDER', 'Murder', 1, { multi: 'h', supervisor: 'iv' }),
    type('HOSTAGE', 'Hostage situation', 1, { multi: 'd', supervisor: 'v' }),
    type('BOMB', 'Bomb threat / suspicious materials / critical incident', 1, { supervisor: 'vi' }),
    type('LARGE_FIRE', 'Large-scale fire', 1, { supervisor: 'vi' }),
    type('UNATTENDED_DEATH', 'Unattended death', 2, { supervisor: 'vii' }),
    type('CIVIL_DISTURB', 'Major civil disturbance', 1, { multi: 'a', supervisor: 'viii' }),
    type('EMPLOYEE_INJURY', 'Injury resulting from an employee’s actions', 1, { supervisor: 'ix' }),
    type('RAID', 'Raid on property or premises', 2, { multi: 'd', supervisor: 'x' }),
    type('SERIOUS', 'Serious or dangerous incident', 1, { supervisor: 'xi' }),
    type('MVA_MUNICIPAL', 'Accident involving a police, fire or municipal vehicle', 2, { supervisor: 'xii' }),
    type('MVA_SERIOUS', 'MV accident with serious injury or death', 1, { supervisor: 'xiii' }),
    type('MVA', 'Motor vehicle accident', 2),
    // a medical call: the console opens the agency's EMD protocol cards beside it (81A §I)
    medical(type('MEDICAL', 'Medical emergency', 1)),
    type('FIRE', 'Fire', 1),
    type('WELFARE', 'Welfare check', 2),
    type('SUSPICIOUS', 'Suspicious activity', 2),
    type('LARCENY', 'Larceny / theft report', 3),
    type('VANDALISM', 'Vandalism', 3),
    type('PARKING', 'Parking complaint', 4),
    type('ANIMAL', 'Animal complaint', 4),
    type('LOCKOUT', 'Vehicle / house lockout', 4),
    type('MV_STOP', 'Motor vehicle stop', 3),
    type('HANGUP_911', '911 hang-up', 2),
    type('ASSIST', 'Assist citizen / other agency', 3),
    type('OTHER', 'Other', 3),
  ],
  disposition: [
    { code: 'REPORT', name: 'Report taken' },
    { code: 'ARREST', name: 'Arrest made' },
    { code: 'SUMMONS', name: 'Summons issued' },
    { code: 'CITATION', name: 'Citation issued' },
    { code: 'WARNING', name: 'Verbal / written warning' },
    { code: 'ADVISED', name: 'Advised / assisted' },
    { code: 'GOA', name: 'Gone on arrival' },
    { code: 'UNFOUNDED', name: 'Unfounded' },
    { code: 'REFERRED', name: 'Referred to other agency' },
    { code: 'TRANSPORT', name: 'Transported' },
    { code: 'SERVICES', name: 'Services rendered' },
    { code: 'CANCELLED', name: 'Cancelled' },
    { code: 'DUPLICATE', name: 'Duplicate: merged into another incident' },
    // an alarm incident closed so counts against its premises in the alarm register (S-110 §A.1.a)
    { code: 'FALSE_ALARM', name: 'False alarm' },
  ],
  out_of_service_reason: [
    { code: 'REPORTS', name: 'Reports', attrs: { clause: '81A §E.5.a.vii(a)' } },
    { code: 'DINNER', name: 'Dinner break', attrs: { clause: '81A §E.5.a.vii(b)' } },
    { code: 'ADMIN', name: 'Administrative duties', attrs: { clause: '81A §E.5.a.vii(c)' } },
    { code: 'OUT_OF_TOWN', name: 'Leaving the jurisdiction on an assignment', attrs: { clause: '81A §E.5.a.vii(d)' } },
    { code: 'OFFICER_INIT', name: 'Officer-initiated activity', attrs: { clause: '81A §E.5.a.vii(e)' } },
    { code: 'COURT', name: 'Court', attrs: { clause: '81A §E.5.a.vii(f)' } },
    { code: 'OTHER', name: 'Other purposes', attrs: { clause: '81A §E.5.a.vii(g)' } },
    { code: 'PRISONER_TRANSPORT', name: 'Prisoner transport', attrs: { clause: '81A §E.5.a.iv' } },
    { code: 'CITIZEN_TRANSPORT', name: 'Citizen transport', attrs: { clause: '81A §E.5.a.v' } },
    { code: 'MV_STOP', name: 'Motor vehicle stop', attrs: { clause: '81A §E.5.a.vi' } },
  ],
  call_line: [
    { code: 'e911', name: 'E-911', attrs: { priority: 1, greeting: '9-1-1. This call is being recorded. What is your emergency?' } },
    { code: 'emergency', name: 'Emergency line (7-digit)', attrs: { priority: 1, greeting: 'Millbrook Police Department. This call is being recorded. How may I help you?' } },
    { code: 'business', name: 'Business line', attrs: { priority: 3, greeting: 'Millbrook Police Department. This call is being recorded. How may I help you?' } },
    { code: 'radio', name: 'Radio', attrs: { priority: 2 } },
    { code: 'walk_in', name: 'Walk-in', attrs: { priority: 3 } },
    { code: 'report', name: 'Report by mail, e-mail or telephone', attrs: { priority: 4 } },
    { code: 'officer_initiated', name: 'Officer-initiated', attrs: { priority: 3 } },
  ],
  // The call-taker's questions by category (81A §C.3); answers are stored on the call.
  call_category: [
    { code: 'emergency', name: 'Emergency', attrs: { priority: 1, questions: [
      { code: 'valid', text: 'Is the call valid?', clause: '81A §C.3.a.i(a)' },
      { code: 'in_progress', text: 'Is the emergency in progress or a past event?', clause: '81A §C.3.a.i(b)' },
      { code: 'injury_potential', text: 'Is there a potential for injury or death?', clause: '81A §C.3.a.i(c)' },
      { code: 'caller_standing_by', text: 'Caller kept on the line and asked to stand by?', clause: '81A §C.3.a.iii' },
    ] } },
    { code: 'fire_in_building', name: 'Fire — caller inside the burning building', attrs: { priority: 1, questions: [
      { code: 'location', text: 'Location of the fire confirmed?', clause: '81A §C.3.b.ii(a)' },
      { code: 'told_everyone_to_leave', text: 'Caller told that everyone in the building must leave immediately?', clause: '81A §C.3.b.ii(a)' },
      { code: 'call_back_from_safe_phone', text: 'Caller asked to call back from the nearest phone in a safe place?', clause: '81A §C.3.b.ii(b)' },
    ] } },
    { code: 'fire', name: 'Fire — caller away from the fire', attrs: { priority: 1, questions: [
      { code: 'location', text: 'Location of the fire?', clause: '81A §C.3.b.i' },
    ] } },
    { code: 'medical', name: 'Medical (EMD)', attrs: { priority: 1, questions: [
      { code: 'emergency', text: 'Is there an emergency warranting an EMS response?', clause: '81A §C.3.c.i' },
      { code: 'emd_protocol', text: 'EMD protocol (card) initiated', clause: '81A §C.3.c.ii' },
      { code: 'keep_on_line', text: 'Caller kept on the line until responders arrive?', clause: '81A §C.3.c.iii, v' },
    ] } },
    { code: 'non_emergency', name: 'Non-emergency', attrs: { priority: 3, questions: [
      { code: 'advised_unit_will_respond', text: 'Caller advised a unit will respond as soon as possible?', clause: '81A §C.3.d.ii' },
      { code: 'delay_reason', text: 'Reason for any delay explained', clause: '81A §C.3.d.iii' },
      { code: 'advised_call_back', text: 'Caller advised to call back if the situation changes?', clause: '81A §C.3.d.iv' },
    ] } },
  ],
  // Calls closed without a police response, kept with their type (81A §D.1).
  call_no_response: [
    { code: 'DIRECTIONS', name: 'Directions', attrs: { clause: '81A §D.1.a' } },
    { code: 'HOURS', name: 'Hours of operation', attrs: { clause: '81A §D.1.a' } },
    { code: 'REFERRAL', name: 'Referred to another agency', attrs: { clause: '81A §D.1.a, §C.5.b.ii' } },
    { code: 'PROCEDURAL', name: 'Procedural question answered', attrs: { clause: '81A §D.1.b' } },
    { code: 'OFFICER_CALLBACK', name: 'Information taken for an officer to call back', attrs: { clause: '81A §D.1.c' } },
    { code: 'HANG_UP', name: 'Hang-up / abandoned', attrs: { clause: '81A §C.2.f' } },
    { code: 'MISDIAL', name: 'Misdial', attrs: {} },
    { code: 'INFO', name: 'Information given', attrs: { clause: '81A §D.1.a' } },
  ],
  // Records (S-110 §A.1.p, §A.1.q): motor-vehicle violations for citations, and report offenses with their NIBRS code.
  mv_violation: [
    { code: '90-17', name: 'Speeding', attrs: { law: 'M.G.L. c.90 §17' } },
    { code: '89-9', name: 'Failure to stop / yield (sign or signal)', attrs: { law: 'M.G.L. c.89 §9' } },
    { code: '90-13B', name: 'Use of a mobile phone while driving', attrs: { law: 'M.G.L. c.90 §13B' } },
    { code: '90-7', name: 'Defective equipment', attrs: { law: 'M.G.L. c.90 §7' } },
    { code: '90-10', name: 'Unlicensed operation', attrs: { law: 'M.G.L. c.90 §10' } },
    { code: '90-23', name: 'Operating after suspension or revocation', attrs: { law: 'M.G.L. c.90 §23' } },
    { code: '90-34J', name: 'Uninsured motor vehicle', attrs: { law: 'M.G.L. c.90 §34J' } },
    { code: '90-9', name: 'Unregistered motor vehicle', attrs: { law: 'M.G.L. c.90 §9' } },
    { code: '90-13A', name: 'Seat belt violation', attrs: { law: 'M.G.L. c.90 §13A' } },
    { code: '89-4A', name: 'Marked lanes violation', attrs: { law: 'M.G.L. c.89 §4A' } },
    { code: '90-24', name: 'Operating under the influence', attrs: { law: 'M.G.L. c.90 §24', criminal: true } },
  ],
  offense: [
    { code: '13A', name: 'Aggravated assault', attrs: { nibrs: '13A', crimeAgainst: 'person' } },
    { code: '13B', name: 'Simple assault', attrs: { nibrs: '13B', crimeAgainst: 'person' } },
    { code: '13C', name: 'Intimidation', attrs: { nibrs: '13C', crimeAgainst: 'person' } },
    { code: '120', name: 'Robbery', attrs: { nibrs: '120', crimeAgainst: 'property' } },
    { code: '220', name: 'Burglary / breaking and entering', attrs: { nibrs: '220', crimeAgainst: 'property' } },
    { code: '23C', name: 'Shoplifting', attrs: { nibrs: '23C', crimeAgainst: 'property' } },
    { code: '23F', name: 'Theft from a motor vehicle', attrs: { nibrs: '23F', crimeAgainst: 'property' } },
    { code: '23H', name: 'All other larceny', attrs: { nibrs: '23H', crimeAgainst: 'property' } },
    { code: '240', name: 'Motor vehicle theft', attrs: { nibrs: '240', crimeAgainst: 'property' } },
    { code: '250', name: 'Counterfeiting / forgery', attrs: { nibrs: '250', crimeAgainst: 'property' } },
    { code: '26A', name: 'False pretenses / swindle / confidence game', attrs: { nibrs: '26A', crimeAgainst: 'property' } },
    { code: '280', name: 'Stolen property offenses', attrs: { nibrs: '280', crimeAgainst: 'property' } },
    { code: '290', name: 'Destruction / damage / vandalism of property', attrs: { nibrs: '290', crimeAgainst: 'property' } },
    { code: '35A', name: 'Drug / narcotic violations', attrs: { nibrs: '35A', crimeAgainst: 'society' } },
    { code: '520', name: 'Weapon law violations', attrs: { nibrs: '520', crimeAgainst: 'society' } },
    { code: '90C', name: 'Disorderly conduct', attrs: { nibrs: '90C', group: 'B' } },
    { code: '90D', name: 'Driving under the influence', attrs: { nibrs: '90D', group: 'B' } },
    { code: '90J', name: 'Trespass of real property', attrs: { nibrs: '90J', group: 'B' } },
    { code: '90Z', name: 'All other offenses', attrs: { nibrs: '90Z', group: 'B' } },
  ],
  weapon: [
    { code: '11', name: 'Firearm', attrs: { nibrs: '11' } }, { code: '20', name: 'Knife / cutting instrument', attrs: { nibrs: '20' } },
    { code: '30', name: 'Blunt object', attrs: { nibrs: '30' } }, { code: '40', name: 'Personal weapons (hands, feet, teeth)', attrs: { nibrs: '40' } },
    { code: '90', name: 'Other', attrs: { nibrs: '90' } }, { code: '95', name: 'Unknown', attrs: { nibrs: '95' } }, { code: '99', name: 'None', attrs: { nibrs: '99' } },
  ],
  premises: [
    { code: '20', name: 'Residence / home', attrs: { nibrs: '20' } }, { code: '13', name: 'Highway / road / alley / street / sidewalk', attrs: { nibrs: '13' } },
    { code: '18', name: 'Parking / drop lot / garage', attrs: { nibrs: '18' } }, { code: '07', name: 'Convenience store', attrs: { nibrs: '07' } },
    { code: '12', name: 'Grocery / supermarket', attrs: { nibrs: '12' } }, { code: '22', name: 'School – elementary / secondary', attrs: { nibrs: '22' } },
    { code: '03', name: 'Bar / nightclub', attrs: { nibrs: '03' } }, { code: '25', name: 'Other / unknown', attrs: { nibrs: '25' } },
  ],
  // How the offense was committed (modus operandi), for the report a prosecutor reads (issue 22 §6).
  method: [
    { code: 'FORCED', name: 'Forced entry' }, { code: 'NO_FORCE', name: 'No force: open or unlocked' },
    { code: 'PRY', name: 'Pried door or window' }, { code: 'GLASS', name: 'Broke glass' },
    { code: 'KEY', name: 'Key or code used' }, { code: 'DECEPTION', name: 'Deception / false pretense' },
    { code: 'CONCEAL', name: 'Concealment (shoplifting)' }, { code: 'THREAT', name: 'Threat or display of force' },
    { code: 'ONLINE', name: 'Online / by phone' }, { code: 'OTHER', name: 'Other' },
  ],
  // Crash reports (S-110 §A.1.e): road surface, light and weather conditions, seeded with the MMUCC values
  // (Model Minimum Uniform Crash Criteria, 5th ed.: Roadway Surface Condition, Light Condition, Weather Conditions).
  crash_road: [
    { code: 'dry', name: 'Dry' }, { code: 'wet', name: 'Wet' }, { code: 'snow', name: 'Snow' }, { code: 'slush', name: 'Slush' },
    { code: 'ice', name: 'Ice / frost' }, { code: 'sand_mud', name: 'Sand, mud, dirt, oil' }, { code: 'water', name: 'Standing or moving water' },
    { code: 'other', name: 'Other' }, { code: 'unknown', name: 'Unknown' },
  ],
  crash_light: [
    { code: 'daylight', name: 'Daylight' }, { code: 'dawn', name: 'Dawn' }, { code: 'dusk', name: 'Dusk' },
    { code: 'dark_lighted', name: 'Dark – lighted roadway' }, { code: 'dark_unlighted', name: 'Dark – roadway not lighted' }, { code: 'unknown', name: 'Unknown' },
  ],
  crash_weather: [
    { code: 'clear', name: 'Clear' }, { code: 'cloudy', name: 'Cloudy' }, { code: 'rain', name: 'Rain' }, { code: 'snow', name: 'Snow' },
    { code: 'sleet_hail', name: 'Sleet, hail' }, { code: 'fog_smoke', name: 'Fog, smog, smoke' }, { code: 'severe_wind', name: 'Severe crosswinds' },
    { code: 'blowing_sand_snow', name: 'Blowing sand, snow' }, { code: 'other', name: 'Other' }, { code: 'unknown', name: 'Unknown' },
  ],
  // Department inventory (S-110 §A.1.f): kinds of equipment; a drive (media) is known to the media register by its serial (S-110 §G.2).
  inventory_category: [
    { code: 'VEHICLE', name: 'Vehicle' }, { code: 'RADIO', name: 'Portable radio' }, { code: 'FIREARM', name: 'Firearm' },
    { code: 'LESS_LETHAL', name: 'Less-lethal weapon' }, { code: 'BODY_ARMOR', name: 'Body armor' }, { code: 'CAMERA', name: 'Camera / body-worn camera' },
    { code: 'COMPUTER', name: 'Computer / mobile data terminal' }, { code: 'MEDIA', name: 'Drive or removable medium', attrs: { media: true } },
    { code: 'EQUIPMENT', name: 'Other equipment' },
  ],
  // Alarm premises (S-110 §A.1.a): the kinds of alarm a premises has (81A §G: response under policy 41F).
  alarm_type: [
    { code: 'BURGLAR', name: 'Burglar / intrusion' }, { code: 'HOLDUP', name: 'Hold-up / panic' }, { code: 'DURESS', name: 'Duress' },
    { code: 'FIRE', name: 'Fire' }, { code: 'MEDICAL', name: 'Medical' }, { code: 'ENVIRONMENT', name: 'Environmental (water, temperature, gas)' },
    { code: 'OTHER', name: 'Other' },
  ],
};
