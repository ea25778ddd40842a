/**
 * The NIBRS code lists with the FBI's words for each code (NIBRS Technical Specification,
 * IEPD 2019.1), for the records clerk's pickers (S-110 §A.1.q). The codes themselves are
 * model.ts's lists, which the edits check; this file only names them.
 */
import {
  AGE_WORDS, ARMED_WITH, ARREST_TYPES, ASSAULT_CIRCUMSTANCES, BIAS_CODES, CLEARANCES, CRIMINAL_ACTIVITY, DRUG_TYPES, DRUG_UNITS, ETHNICITIES, FORCE_CODES,
  INJURIES, JUSTIFIABLE_HOMICIDE, JUVENILE_DISPOSITIONS, LOCATION_TYPES, LOSS_TYPES, OFFICER_ACTIVITIES, OFFICER_ASSIGNMENTS, PROPERTY_DESCRIPTIONS, RACES, RELATIONSHIPS, RESIDENT, SEXES, SUSPECTED_USING, VICTIM_TYPES,
} from './model.ts';

export interface CodeLabel { code: string; label: string }

/** Data Element 9. */
const LOCATION = {
  '01': 'Air/bus/train terminal', '02': 'Bank/savings and loan', '03': 'Bar/nightclub', '04': 'Church/synagogue/temple/mosque', '05': 'Commercial/office building',
  '06': 'Construction site', '07': 'Convenience store', '08': 'Department/discount store', '09': 'Drug store/doctor’s office/hospital', '10': 'Field/woods',
  '11': 'Government/public building', '12': 'Grocery/supermarket', '13': 'Highway/road/alley/street/sidewalk', '14': 'Hotel/motel/etc.',
  '15': 'Jail/prison/penitentiary/corrections facility', '16': 'Lake/waterway/beach', '17': 'Liquor store', '18': 'Parking/drop lot/garage',
  '19': 'Rental storage facility', '20': 'Residence/home', '21': 'Restaurant', '22': 'School/college', '23': 'Service/gas station', '24': 'Specialty store',
  '25': 'Other/unknown', '37': 'Abandoned/condemned structure', '38': 'Amusement park', '39': 'Arena/stadium/fairgrounds/coliseum', '40': 'ATM separate from bank',
  '41': 'Auto dealership new/used', '42': 'Camp/campground', '44': 'Daycare facility', '45': 'Dock/wharf/freight/modal terminal', '46': 'Farm facility',
  '47': 'Gambling facility/casino/race track', '48': 'Industrial site', '49': 'Military installation', '50': 'Park/playground', '51': 'Rest area',
  '52': 'School – college/university', '53': 'School – elementary/secondary', '54': 'Shelter – mission/homeless', '55': 'Shopping mall', '56': 'Tribal lands',
  '57': 'Community center', '58': 'Cyberspace',
};
/** Data Element 13 (the A-suffixed codes are the same weapon, automatic). */
const FORCE = {
  11: 'Firearm (type not stated)', 12: 'Handgun', 13: 'Rifle', 14: 'Shotgun', 15: 'Other firearm', 20: 'Knife/cutting instrument', 30: 'Blunt object',
  35: 'Motor vehicle/vessel', 40: 'Personal weapons (hands, fists, feet)', 50: 'Poison', 60: 'Explosives', 65: 'Fire/incendiary device',
  70: 'Drugs/narcotics/sleeping pills', 85: 'Asphyxiation', 90: 'Other', 95: 'Unknown', 99: 'None',
};
const SUSPECTED = { A: 'Alcohol', C: 'Computer equipment', D: 'Drugs/narcotics', N: 'Not applicable' };
/** Data Element 12. */
const ACTIVITY = {
  A: 'Simple/gross neglect (animal)', B: 'Buying/receiving', C: 'Cultivating/manufacturing/publishing', D: 'Distributing/selling', E: 'Exploiting children',
  F: 'Organized abuse (animal fighting)', G: 'Other gang', I: 'Intentional abuse and torture (animal)', J: 'Juvenile gang', N: 'None/unknown gang involvement',
  O: 'Operating/promoting/assisting', P: 'Possessing/concealing', S: 'Animal sexual abuse', T: 'Transporting/transmitting/importing', U: 'Using/consuming',
};
const LOSS = {
  NONE: 'None', BURNED: 'Burned', COUNTERFEITED: 'Counterfeited/forged', DESTROYED_DAMAGED_VANDALIZED: 'Destroyed/damaged/vandalized', RECOVERED: 'Recovered',
  SEIZED: 'Seized', STOLEN: 'Stolen/etc. (bribed, defrauded, embezzled, extorted, ransomed, robbed)', UNKNOWN: 'Unknown',
};
/** Data Element 15. */
const PROPERTY = {
  '01': 'Aircraft', '02': 'Alcohol', '03': 'Automobiles', '04': 'Bicycles', '05': 'Buses', '06': 'Clothes/furs', '07': 'Computer hardware/software',
  '08': 'Consumable goods', '09': 'Credit/debit cards', '10': 'Drugs/narcotics', '11': 'Drug/narcotic equipment', '12': 'Farm equipment', '13': 'Firearms',
  '14': 'Gambling equipment', '15': 'Heavy construction/industrial equipment', '16': 'Household goods', '17': 'Jewelry/precious metals/gems', '18': 'Livestock',
  '19': 'Merchandise', '20': 'Money', '21': 'Negotiable instruments', '22': 'Nonnegotiable instruments', '23': 'Office-type equipment', '24': 'Other motor vehicles',
  '25': 'Purses/handbags/wallets', '26': 'Radios/TVs/VCRs/DVD players', '27': 'Recordings – audio/visual', '28': 'Recreational vehicles',
  '29': 'Structures – single occupancy dwellings', '30': 'Structures – other dwellings', '31': 'Structures – other commercial/business',
  '32': 'Structures – industrial/manufacturing', '33': 'Structures – public/community', '34': 'Structures – storage', '35': 'Structures – other', '36': 'Tools',
  '37': 'Trucks', '38': 'Vehicle parts/accessories', '39': 'Watercraft', '41': 'Aircraft parts/accessories', '42': 'Artistic supplies/accessories',
  '43': 'Building materials', '44': 'Camping/hunting/fishing equipment/supplies', '45': 'Chemicals', '46': 'Collections/collectibles', '47': 'Crops',
  '48': 'Documents – personal or business', '49': 'Explosives', '59': 'Firearm accessories', '64': 'Fuel', '65': 'Identity documents', '66': 'Identity – intangible',
  '67': 'Law enforcement equipment', '68': 'Lawn/yard/garden equipment', '69': 'Logging equipment', '70': 'Medical/medical lab equipment', '71': 'Metals, non-precious',
  '72': 'Musical instruments', '73': 'Pets', '74': 'Photographic/optical equipment', '75': 'Portable electronic communications', '76': 'Recreational/sports equipment',
  '77': 'Other', '78': 'Trailers', '79': 'Watercraft equipment/parts/accessories', '80': 'Weapons – other', '88': 'Pending inventory',
};
/** Data Element 20. */
const DRUG = {
  A: 'Crack cocaine', B: 'Cocaine', C: 'Hashish', D: 'Heroin', E: 'Marijuana', F: 'Morphine', G: 'Opium', H: 'Other narcotics', I: 'LSD', J: 'PCP',
  K: 'Other hallucinogens', L: 'Amphetamines/methamphetamines', M: 'Other stimulants', N: 'Barbiturates', O: 'Other depressants', P: 'Other drugs',
  U: 'Unknown drug type', X: 'Over three drug types',
};
/** Data Element 22. */
const UNIT = {
  GM: 'Gram', KG: 'Kilogram', OZ: 'Ounce', LB: 'Pound', ML: 'Milliliter', LT: 'Liter', FO: 'Fluid ounce', GL: 'Gallon', DU: 'Dosage units/items',
  NP: 'Number of plants', XX: 'Not reported',
};
const VICTIM = {
  I: 'Individual', B: 'Business', F: 'Financial institution', G: 'Government', L: 'Law enforcement officer', O: 'Other', R: 'Religious organization',
  S: 'Society/public', U: 'Unknown',
};
const INJURY = {
  N: 'None', B: 'Apparent broken bones', I: 'Possible internal injury', L: 'Severe laceration', M: 'Apparent minor injury', O: 'Other major injury',
  T: 'Loss of teeth', U: 'Unconsciousness',
};
const SEX = { M: 'Male', F: 'Female', U: 'Unknown' };
const RACE = { W: 'White', B: 'Black or African American', I: 'American Indian or Alaska Native', A: 'Asian', P: 'Native Hawaiian or other Pacific Islander', U: 'Unknown' };
const ETHNICITY = { H: 'Hispanic or Latino', N: 'Not Hispanic or Latino', U: 'Unknown' };
const RESIDENCE = { R: 'Resident', N: 'Nonresident', U: 'Unknown' };
/** Data Element 31. */
const CIRCUMSTANCE = {
  '01': 'Argument', '02': 'Assault on law enforcement officer', '03': 'Drug dealing', '04': 'Gangland (organized crime involvement)', '05': 'Juvenile gang',
  '06': 'Lovers’ quarrel', '07': 'Mercy killing', '08': 'Other felony involved', '09': 'Other circumstances', '10': 'Unknown circumstances',
  '20': 'Criminal killed by private citizen', '21': 'Criminal killed by police officer', '30': 'Child playing with weapon', '31': 'Gun-cleaning accident',
  '32': 'Hunting accident', '33': 'Other negligent weapon handling', '34': 'Other negligent killing',
};
/** Data Element 32. */
const JUSTIFIABLE = {
  A: 'Criminal attacked a police officer and that officer killed the criminal', B: 'Criminal attacked a police officer and was killed by another police officer',
  C: 'Criminal attacked a civilian', D: 'Criminal attempted flight from a crime', E: 'Criminal killed in commission of a crime', F: 'Criminal resisted arrest',
  G: 'Unable to determine / not enough information',
};
/** Data Element 25A: what the officer was doing when killed or assaulted. */
const OFFICER_ACTIVITY = {
  '01': 'Responding to disturbance call (family quarrel, person with firearm, etc.)', '02': 'Burglary in progress or pursuing burglary suspects',
  '03': 'Robbery in progress or pursuing robbery suspects', '04': 'Attempting other arrests', '05': 'Civil disorder (riot, mass disobedience)',
  '06': 'Handling, transporting, custody of prisoners', '07': 'Investigating suspicious persons or circumstances', '08': 'Ambush – no warning',
  '09': 'Handling persons with mental illness', '10': 'Traffic pursuits and stops', '11': 'All other',
};
/** Data Element 25B: the officer's assignment. */
const OFFICER_ASSIGNMENT = {
  F: 'Two-officer vehicle (uniformed)', G: 'One-officer vehicle, alone (uniformed)', H: 'One-officer vehicle, assisted (uniformed)',
  I: 'Detective or special assignment, alone', J: 'Detective or special assignment, assisted', K: 'Other (foot patrol, off duty, etc.), alone',
  L: 'Other (foot patrol, off duty, etc.), assisted',
};
/** Data Element 35: the victim is the offender's … */
const RELATIONSHIP = {
  'Acquaintance': 'Acquaintance', 'Babysittee': 'Babysittee (the baby)', 'Boyfriend_Girlfriend': 'Boyfriend/girlfriend',
  'Child of Boyfriend_Girlfriend': 'Child of boyfriend/girlfriend', 'Employee': 'Employee', 'Employer': 'Employer',
  'Ex_Relationship': 'Ex-relationship (former boyfriend/girlfriend)', 'Ex_Spouse': 'Ex-spouse', 'Family Member': 'Other family member',
  'Family Member_Child': 'Child', 'Family Member_Grandchild': 'Grandchild', 'Family Member_Grandparent': 'Grandparent', 'Family Member_In-Law': 'In-law',
  'Family Member_Parent': 'Parent', 'Family Member_Sibling': 'Sibling', 'Family Member_Spouse': 'Spouse', 'Family Member_Spouse_Common Law': 'Common-law spouse',
  'Family Member_Stepchild': 'Stepchild', 'Family Member_Stepparent': 'Stepparent', 'Family Member_Stepsibling': 'Stepsibling', 'Friend': 'Friend',
  'Neighbor': 'Neighbor', 'NonFamily_Otherwise Known': 'Otherwise known', 'Relationship Unknown': 'Relationship unknown', 'Stranger': 'Stranger',
  'Victim Was Offender': 'Victim was offender',
};
const ARREST = { O: 'On-view arrest', S: 'Summoned/cited', T: 'Taken into custody' };
/** Data Element 46. */
const ARMED = {
  '01': 'Unarmed', 11: 'Firearm (type not stated)', 12: 'Handgun', 13: 'Rifle', 14: 'Shotgun', 15: 'Other firearm', 16: 'Lethal cutting instrument',
  17: 'Club/blackjack/brass knuckles',
};
const JUVENILE = { H: 'Handled within the department', R: 'Referred to other authorities' };
const CLEARANCE = {
  A: 'Death of offender', B: 'Prosecution declined', C: 'In custody of other jurisdiction', D: 'Victim refused to cooperate', E: 'Juvenile, no custody',
  N: 'Not applicable (not cleared exceptionally)',
};
const AGE = { NEONATAL: 'Under 24 hours (neonate)', NEWBORN: '1–6 days old', BABY: '7–364 days old', UNKNOWN: 'Unknown' };

/** "ANTIBLACK_AFRICAN AMERICAN" → "Anti-Black/African American". */
function biasLabel(code: string): string {
  if (code === 'NONE') return 'None (no bias)';
  if (code === 'UNKNOWN') return 'Unknown (offender’s motivation not known)';
  const words = code.slice(4).replaceAll('_', '/').toLowerCase().replace(/(^|[ /])(\w)/g, (_, sep: string, c: string) => sep + c.toUpperCase());
  return `Anti-${words}`;
}

const named = (codes: readonly string[], labels: Record<string, string>, of: (code: string) => string | undefined = (c) => labels[c]): CodeLabel[] =>
  codes.map((code) => ({ code, label: of(code) ?? code }));
/** A weapon code with an A suffix is the same weapon, automatic. */
const automatic = (labels: Record<string, string>) => (code: string) =>
  code.endsWith('A') ? `${labels[code.slice(0, -1)] ?? code.slice(0, -1)}, automatic` : labels[code];

/** Every code list the NIBRS data editor picks from, each code with its words. */
export const CODE_LISTS = {
  locationTypes: named(LOCATION_TYPES, LOCATION), weapons: named(FORCE_CODES, FORCE, automatic(FORCE)),
  bias: BIAS_CODES.map((code) => ({ code, label: biasLabel(code) })), suspectedUsing: named(SUSPECTED_USING, SUSPECTED),
  criminalActivity: named(CRIMINAL_ACTIVITY, ACTIVITY), lossTypes: named(LOSS_TYPES, LOSS), propertyDescriptions: named(PROPERTY_DESCRIPTIONS, PROPERTY),
  drugTypes: named(DRUG_TYPES, DRUG), drugUnits: named(DRUG_UNITS, UNIT), victimTypes: named(VICTIM_TYPES, VICTIM), injuries: named(INJURIES, INJURY),
  sexes: named(SEXES, SEX), races: named(RACES, RACE), ethnicities: named(ETHNICITIES, ETHNICITY), resident: named(RESIDENT, RESIDENCE),
  officerActivities: named(OFFICER_ACTIVITIES, OFFICER_ACTIVITY), officerAssignments: named(OFFICER_ASSIGNMENTS, OFFICER_ASSIGNMENT),
  circumstances: named(ASSAULT_CIRCUMSTANCES, CIRCUMSTANCE), justifiableHomicide: named(JUSTIFIABLE_HOMICIDE, JUSTIFIABLE), relationships: named(RELATIONSHIPS, RELATIONSHIP), arrestTypes: named(ARREST_TYPES, ARREST),
  armedWith: named(ARMED_WITH, ARMED, automatic(ARMED)), juvenileDispositions: named(JUVENILE_DISPOSITIONS, JUVENILE), clearances: named(CLEARANCES, CLEARANCE),
  ageWords: named(AGE_WORDS, AGE), entryMethods: [{ code: 'F', label: 'Force' }, { code: 'N', label: 'No force' }],
} satisfies Record<string, CodeLabel[]>;

export type CodeListName = keyof typeof CODE_LISTS;
