/**
 * NIBRS (S-110 §A.1.q): what an incident carries for the FBI, and the FBI's code lists
 * (NIBRS IEPD 2019.1, `standards/nibrs-2019.1/base-xsd`). Codes are the schema's own values.
 */

/** Data Element 6: the offense codes of the 2019 schema, with group and what the crime is against. */
export type CrimeAgainst = 'person' | 'property' | 'society';
export interface NibrsOffense { code: string; name: string; group: 'A' | 'B'; against: CrimeAgainst }

const A = (code: string, name: string, against: CrimeAgainst): NibrsOffense => ({ code, name, group: 'A', against });
const B = (code: string, name: string): NibrsOffense => ({ code, name, group: 'B', against: 'society' });

export const OFFENSES: readonly NibrsOffense[] = [
  A('09A', 'Murder and nonnegligent manslaughter', 'person'), A('09B', 'Negligent manslaughter', 'person'), A('09C', 'Justifiable homicide', 'person'),
  A('100', 'Kidnapping/abduction', 'person'), A('11A', 'Rape', 'person'), A('11B', 'Sodomy', 'person'), A('11C', 'Sexual assault with an object', 'person'),
  A('11D', 'Fondling', 'person'), A('120', 'Robbery', 'property'), A('13A', 'Aggravated assault', 'person'), A('13B', 'Simple assault', 'person'),
  A('13C', 'Intimidation', 'person'), A('200', 'Arson', 'property'), A('210', 'Extortion/blackmail', 'property'), A('220', 'Burglary/breaking and entering', 'property'),
  A('23A', 'Pocket-picking', 'property'), A('23B', 'Purse-snatching', 'property'), A('23C', 'Shoplifting', 'property'), A('23D', 'Theft from building', 'property'),
  A('23E', 'Theft from coin-operated machine', 'property'), A('23F', 'Theft from motor vehicle', 'property'), A('23G', 'Theft of motor vehicle parts', 'property'),
  A('23H', 'All other larceny', 'property'), A('240', 'Motor vehicle theft', 'property'), A('250', 'Counterfeiting/forgery', 'property'),
  A('26A', 'False pretenses/swindle/confidence game', 'property'), A('26B', 'Credit card/ATM fraud', 'property'), A('26C', 'Impersonation', 'property'),
  A('26D', 'Welfare fraud', 'property'), A('26E', 'Wire fraud', 'property'), A('26F', 'Identity theft', 'property'), A('26G', 'Hacking/computer invasion', 'property'),
  A('270', 'Embezzlement', 'property'), A('280', 'Stolen property offenses', 'property'), A('290', 'Destruction/damage/vandalism of property', 'property'),
  A('35A', 'Drug/narcotic violations', 'society'), A('35B', 'Drug equipment violations', 'society'), A('36A', 'Incest', 'person'), A('36B', 'Statutory rape', 'person'),
  A('370', 'Pornography/obscene material', 'society'), A('39A', 'Betting/wagering', 'society'), A('39B', 'Operating/promoting/assisting gambling', 'society'),
  A('39C', 'Gambling equipment violations', 'society'), A('39D', 'Sports tampering', 'society'), A('40A', 'Prostitution', 'society'),
  A('40B', 'Assisting or promoting prostitution', 'society'), A('40C', 'Purchasing prostitution', 'society'), A('510', 'Bribery', 'property'),
  A('520', 'Weapon law violations', 'society'), A('64A', 'Human trafficking, commercial sex acts', 'person'), A('64B', 'Human trafficking, involuntary servitude', 'person'),
  A('720', 'Animal cruelty', 'society'),
  B('90A', 'Bad checks'), B('90B', 'Curfew/loitering/vagrancy violations'), B('90C', 'Disorderly conduct'), B('90D', 'Driving under the influence'),
  B('90E', 'Drunkenness'), B('90F', 'Family offenses, nonviolent'), B('90G', 'Liquor law violations'), B('90H', 'Peeping Tom'), B('90I', 'Runaway'),
  B('90J', 'Trespass of real property'), B('90Z', 'All other offenses'),
];
export const OFFENSE_BY_CODE = new Map(OFFENSES.map((o) => [o.code, o]));

/** Data Element 9. */
export const LOCATION_TYPES = ['01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '11', '12', '13', '14', '15', '16', '17', '18', '19', '20', '21', '22', '23', '24', '25',
  '37', '38', '39', '40', '41', '42', '44', '45', '46', '47', '48', '49', '50', '51', '52', '53', '54', '55', '56', '57', '58'] as const;
/** Data Element 13 (an A suffix: automatic). */
export const FORCE_CODES = ['11', '11A', '12', '12A', '13', '13A', '14', '14A', '15', '15A', '20', '30', '35', '40', '50', '60', '65', '70', '85', '90', '95', '99'] as const;
/** Data Element 8A. */
export const BIAS_CODES = ['NONE', 'UNKNOWN', 'ANTIWHITE', 'ANTIBLACK_AFRICAN AMERICAN', 'ANTIAMERICAN INDIAN_ ALASKAN NATIVE', 'ANTIASIAN', 'ANTIMULTIRACIAL GROUP',
  'ANTINATIVEHAWAIIAN_OTHERPACIFICISLANDER', 'ANTIARAB', 'ANTIHISPANIC_LATINO', 'ANTIOTHER ETHNICITY_NATIONAL ORIGIN', 'ANTIJEWISH', 'ANTICATHOLIC', 'ANTIPROTESTANT',
  'ANTIISLAMIC', 'ANTIOTHER RELIGION', 'ANTIMULTIRELIGIOUS GROUP', 'ANTIATHEIST_AGNOSTIC', 'ANTIMORMON', 'ANTIJEHOVAHWITNESS', 'ANTIEASTERNORTHODOX',
  'ANTIOTHER CHRISTIAN', 'ANTIBUDDHIST', 'ANTIHINDU', 'ANTISIKH', 'ANTIMALE HOMOSEXUAL', 'ANTIFEMALE HOMOSEXUAL', 'ANTIHOMOSEXUAL', 'ANTIHETEROSEXUAL',
  'ANTIBISEXUAL', 'ANTIPHYSICAL DISABILITY', 'ANTIMENTAL DISABILITY', 'ANTIMALE', 'ANTIFEMALE', 'ANTITRANSGENDER', 'ANTIGENDER_NONCONFORMING'] as const;
/** Data Element 8: offender suspected of using (A alcohol, C computer, D drugs, N not applicable). */
export const SUSPECTED_USING = ['A', 'C', 'D', 'N'] as const;
/** Data Element 12, criminal activity / gang information. */
export const CRIMINAL_ACTIVITY = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'I', 'J', 'N', 'O', 'P', 'S', 'T', 'U'] as const;
/** Data Element 14, type of property loss (the schema's words). */
export const LOSS_TYPES = ['NONE', 'BURNED', 'COUNTERFEITED', 'DESTROYED_DAMAGED_VANDALIZED', 'RECOVERED', 'SEIZED', 'STOLEN', 'UNKNOWN'] as const;
/** Data Element 15. */
export const PROPERTY_DESCRIPTIONS = ['01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '11', '12', '13', '14', '15', '16', '17', '18', '19', '20', '21', '22', '23',
  '24', '25', '26', '27', '28', '29', '30', '31', '32', '33', '34', '35', '36', '37', '38', '39', '41', '42', '43', '44', '45', '46', '47', '48', '49', '59', '64', '65', '66',
  '67', '68', '69', '70', '71', '72', '73', '74', '75', '76', '77', '78', '79', '80', '88'] as const;
/** Motor vehicles among the property descriptions (automobiles, buses, recreational vehicles, trucks, other motor vehicles). */
export const MOTOR_VEHICLES = ['03', '05', '24', '28', '37'];
/** Data Element 20, suspected drug type (X: over three types). */
export const DRUG_TYPES = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J', 'K', 'L', 'M', 'N', 'O', 'P', 'U', 'X'] as const;
/** Data Element 22, type drug measurement (XX: not reported). */
export const DRUG_UNITS = ['GM', 'KG', 'OZ', 'LB', 'ML', 'LT', 'FO', 'GL', 'DU', 'NP', 'XX'] as const;
/** Data Element 25. */
export const VICTIM_TYPES = ['I', 'B', 'F', 'G', 'L', 'O', 'R', 'S', 'U'] as const;
/** Data Element 25A, the officer's type of activity/circumstance when assaulted or killed (LEOKA). */
export const OFFICER_ACTIVITIES = ['01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '11'] as const;
/** Data Element 25B, the officer's assignment type (F–H uniformed in a vehicle, I–J detective or special, K–L other; the second of each "assisted"). */
export const OFFICER_ASSIGNMENTS = ['F', 'G', 'H', 'I', 'J', 'K', 'L'] as const;
/** Offenses a law enforcement officer victim (L) may be connected to (Data Element 24 with 25 = L). */
export const OFFICER_VICTIM_OFFENSES = ['09A', '13A', '13B', '13C'] as const;
/** Data Element 33. */
export const INJURIES = ['N', 'B', 'I', 'L', 'M', 'O', 'T', 'U'] as const;
export const SEXES = ['M', 'F', 'U'] as const;
export const RACES = ['W', 'B', 'I', 'A', 'P', 'U'] as const;
export const ETHNICITIES = ['H', 'N', 'U'] as const;
export const RESIDENT = ['R', 'N', 'U'] as const;
/** Data Element 31. */
export const ASSAULT_CIRCUMSTANCES = ['01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '20', '21', '30', '31', '32', '33', '34'] as const;
/** Data Element 32, additional justifiable homicide circumstances (with circumstance 20 or 21 only). */
export const JUSTIFIABLE_HOMICIDE = ['A', 'B', 'C', 'D', 'E', 'F', 'G'] as const;
/** Data Element 35, in the schema's words. */
export const RELATIONSHIPS = ['Acquaintance', 'Babysittee', 'Boyfriend_Girlfriend', 'Child of Boyfriend_Girlfriend', 'Employee', 'Employer', 'Ex_Relationship', 'Ex_Spouse',
  'Family Member', 'Family Member_Child', 'Family Member_Grandchild', 'Family Member_Grandparent', 'Family Member_In-Law', 'Family Member_Parent', 'Family Member_Sibling',
  'Family Member_Spouse', 'Family Member_Spouse_Common Law', 'Family Member_Stepchild', 'Family Member_Stepparent', 'Family Member_Stepsibling', 'Friend', 'Neighbor',
  'NonFamily_Otherwise Known', 'Relationship Unknown', 'Stranger', 'Victim Was Offender'] as const;
/** Data Element 43: O on-view, S summoned/cited, T taken into custody. */
export const ARREST_TYPES = ['O', 'S', 'T'] as const;
/** Data Element 46. */
export const ARMED_WITH = ['01', '11', '11A', '12', '12A', '13', '13A', '14', '14A', '15', '15A', '16', '17'] as const;
/** Data Element 52: H handled within the department, R referred to other authorities. */
export const JUVENILE_DISPOSITIONS = ['H', 'R'] as const;
/** Data Element 4 (N: not applicable). */
export const CLEARANCES = ['A', 'B', 'C', 'D', 'E', 'N'] as const;
/** Age words of Data Elements 26/37/47 besides a number of years. */
export const AGE_WORDS = ['NEONATAL', 'NEWBORN', 'BABY', 'UNKNOWN'] as const;

/** An age: whole years, a range of years (offenders), or one of the FBI's words. */
export type Age = number | { min: number; max: number } | (typeof AGE_WORDS)[number];

export interface OffenseEntry {
  /** The agency's own offense code, mapped to NIBRS through the editable table. */
  agencyCode: string;
  attempted: boolean;
  locationType: string;
  weapons?: string[] | undefined;
  bias?: string | undefined;
  suspectedUsing?: string[] | undefined;
  criminalActivity?: string[] | undefined;
  premisesEntered?: number | undefined;
  entryMethod?: 'F' | 'N' | undefined;
}
export interface PropertyEntry {
  lossType: string; description: string; value?: number | undefined; recoveredOn?: string | undefined; quantity?: number | undefined;
  /** Drugs/narcotics (description 10): suspected drug type, estimated quantity and its measurement (Data Elements 20–22). */
  drug?: { type: string; quantity?: number | undefined; unit?: string | undefined } | undefined;
}
export interface PersonFacts {
  /** A master name: its date of birth, sex and race fill the age, sex and race not given (when saved). */
  personId?: string | undefined;
  age?: Age | undefined; sex?: string | undefined; race?: string | undefined; ethnicity?: string | undefined; resident?: string | undefined;
}
export interface VictimEntry extends PersonFacts {
  type: string;
  /** 1-based numbers of the offenses this victim suffered (Data Element 24). */
  offenses: number[];
  injuries?: string[] | undefined;
  circumstances?: string[] | undefined;
  /** Data Element 32: how the criminal came to be killed, for a justifiable homicide (circumstance 20 or 21). */
  justifiableHomicide?: string | undefined;
  /** A law enforcement officer victim (type L) killed or assaulted (LEOKA): the activity (25A), the assignment (25B) and, when the officer was from or assisting another jurisdiction, its ORI (25C). */
  officer?: { activity?: string | undefined; assignment?: string | undefined; otherOri?: string | undefined } | undefined;
  /** Relationship to each offender, by the offender's 1-based number (Data Elements 34–35). */
  relationships?: { offender: number; relationship: string }[] | undefined;
}
export type OffenderEntry = PersonFacts;
export interface ArresteeEntry extends PersonFacts {
  transactionNumber: string;
  arrestedOn: string;
  arrestType: string;
  /** The agency's offense code of the arrest charge (mapped like offenses). */
  chargeAgencyCode: string;
  armedWith?: string[] | undefined;
  juvenileDisposition?: string | undefined;
}
export interface NibrsData {
  clearance?: { code: string; date?: string | undefined } | undefined;
  offenses: OffenseEntry[];
  property?: PropertyEntry[] | undefined;
  victims?: VictimEntry[] | undefined;
  /** Empty when nothing is known of the offenders (reported as offender 00). */
  offenders?: OffenderEntry[] | undefined;
  arrestees?: ArresteeEntry[] | undefined;
}

/** An incident as the edits and the XML see it: the NIBRS data plus what the case says. */
export interface NibrsIncident {
  incidentNumber: string;
  /** When the incident happened (the case's time), as an ISO string. */
  occurredAt: string;
  /** The agency's local date and time of the incident: `YYYY-MM-DDTHH:MM:SS`. */
  localDateTime: string;
  data: NibrsData;
  /** Agency offense code → NIBRS offense code (the mapping table). */
  mapping: ReadonlyMap<string, string>;
}

/** One failed edit: the field to fix and a sentence saying what is wrong. */
export interface EditError { field: string; message: string }
