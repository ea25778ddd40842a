/**
 * Request and response schemas of the NIBRS routes (TypeBox). The shapes are checked here;
 * whether a code is one the FBI accepts is an edit (rules.ts), so a wrong code is kept and
 * held back in the inbox with its field named rather than refused.
 */
import { Type, type TSchema } from 'typebox';
import { CASE_NUMBER_PATTERN } from '../case-numbers.ts';
import { AGE_WORDS } from './model.ts';
import { CODE_LISTS, type CodeListName } from './codes.ts';

const Strict = { additionalProperties: false } as const;
const Opt = <T extends TSchema>(t: T) => Type.Optional(t);
const N = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const Code = (max = 4) => Type.String({ minLength: 1, maxLength: max, pattern: '^[0-9A-Z]+$' });
const Codes = (max = 4, items = 5) => Type.Array(Code(max), { maxItems: items });
const Day = Type.String({ format: 'date' });

export const AgencyCode = Type.String({ minLength: 1, maxLength: 40, pattern: '^[A-Za-z0-9_ -]+$', description: 'the agency’s own offense code' });
export const MonthParam = Type.String({ pattern: '^[0-9]{4}-(0[1-9]|1[0-2])$', description: 'YYYY-MM' });

const Age = Type.Union([
  Type.Integer({ minimum: 0, maximum: 120, description: 'years' }),
  Type.Object({ min: Type.Integer({ minimum: 0, maximum: 120 }), max: Type.Integer({ minimum: 0, maximum: 120 }) }, { ...Strict, description: 'an estimated range (offenders)' }),
  Type.Union([Type.Literal(AGE_WORDS[0]), Type.Literal(AGE_WORDS[1]), Type.Literal(AGE_WORDS[2]), Type.Literal(AGE_WORDS[3])]),
]);
const PersonFacts = {
  personId: Opt(Type.String({ format: 'uuid', description: 'a master name: its date of birth, sex and race fill the age, sex and race not given' })),
  age: Opt(Age), sex: Opt(Code(1)), race: Opt(Code(1)), ethnicity: Opt(Code(1)), resident: Opt(Code(1)),
};
const Seq = Type.Integer({ minimum: 1, maximum: 999 });

export const NibrsData = Type.Object({
  clearance: Opt(Type.Object({ code: Code(1), date: Opt(Day) }, Strict)),
  offenses: Type.Array(Type.Object({
    agencyCode: AgencyCode, attempted: Type.Boolean(), locationType: Code(2),
    weapons: Opt(Codes(3, 3)), bias: Opt(Type.String({ minLength: 1, maxLength: 60, pattern: '^[A-Z _-]+$' })),
    suspectedUsing: Opt(Codes(1, 3)), criminalActivity: Opt(Codes(1, 3)),
    premisesEntered: Opt(Type.Integer({ minimum: 1, maximum: 999 })), entryMethod: Opt(Type.Union([Type.Literal('F'), Type.Literal('N')])),
  }, Strict), { maxItems: 20 }),
  property: Opt(Type.Array(Type.Object({
    lossType: Type.String({ minLength: 1, maxLength: 40, pattern: '^[A-Z_]+$' }), description: Code(2),
    value: Opt(Type.Integer({ minimum: 0, maximum: 999_999_999 })), recoveredOn: Opt(Day), quantity: Opt(Type.Integer({ minimum: 1, maximum: 999 })),
    drug: Opt(Type.Object({
      type: Code(1), quantity: Opt(Type.Number({ exclusiveMinimum: 0, maximum: 999_999_999 })), unit: Opt(Code(2)),
    }, { ...Strict, description: 'drugs/narcotics (description 10): Data Elements 20–22' })),
  }, Strict), { maxItems: 200 })),
  victims: Opt(Type.Array(Type.Object({
    type: Code(1), offenses: Type.Array(Seq, { maxItems: 20 }), ...PersonFacts,
    injuries: Opt(Codes(1, 5)), circumstances: Opt(Codes(2, 2)), justifiableHomicide: Opt(Code(1)),
    officer: Opt(Type.Object({
      activity: Opt(Code(2)), assignment: Opt(Code(1)),
      otherOri: Opt(Type.String({ pattern: '^[A-Z0-9]{1,9}$', description: 'ORI of the other jurisdiction (Data Element 25C): up to nine capital letters and digits' })),
    }, { ...Strict, description: 'LEOKA, victim type L only: Data Elements 25A–25C' })),
    relationships: Opt(Type.Array(Type.Object({ offender: Seq, relationship: Type.String({ minLength: 1, maxLength: 60 }) }, Strict), { maxItems: 99 })),
  }, Strict), { maxItems: 999 })),
  offenders: Opt(Type.Array(Type.Object(PersonFacts, Strict), { maxItems: 99 })),
  arrestees: Opt(Type.Array(Type.Object({
    transactionNumber: Type.String({ minLength: 1, maxLength: 40 }), arrestedOn: Day, arrestType: Code(1), chargeAgencyCode: AgencyCode,
    ...PersonFacts, armedWith: Opt(Codes(3, 2)), juvenileDisposition: Opt(Code(1)),
  }, Strict), { maxItems: 99 })),
}, Strict);

export const CaseParam = Type.Object({ number: Type.String({ pattern: CASE_NUMBER_PATTERN }) }, Strict);
export const SaveNibrs = Type.Object({
  version: Opt(Type.Integer({ minimum: 1, description: 'the version last read; absent when the incident has no NIBRS data yet' })),
  data: NibrsData,
}, Strict);
export const DeleteNibrs = Type.Object({ reason: Type.String({ minLength: 1, maxLength: 500 }) }, Strict);
export const MappingParam = Type.Object({ agencyCode: AgencyCode }, Strict);
export const MappingBody = Type.Object({ nibrsCode: Type.String({ pattern: '^[0-9]{2}[0-9A-Z]$' }), description: Opt(Type.String({ maxLength: 200 })) }, Strict);
export const NewSubmission = Type.Object({ month: MonthParam }, Strict);
export const SubmissionParam = Type.Object({ id: Type.String({ format: 'uuid' }) }, Strict);
export const FileParam = Type.Object({ id: Type.String({ format: 'uuid' }), seq: Type.Integer({ minimum: 1, maximum: 1_000_000 }) }, Strict);

const EditError = Type.Object({ field: Type.String(), message: Type.String() });
const By = { updatedBy: Type.String(), updatedByName: Type.String({ description: 'the person by name and badge' }), updatedAt: Type.String() };
export const Mapping = Type.Object({
  agencyCode: Type.String(), nibrsCode: Type.String(), nibrsName: Type.String(), group: Type.String(), description: Type.String(), ...By,
});
export const OffenseCode = Type.Object({ code: Type.String(), name: Type.String(), group: Type.String(), against: Type.String() });
export const NibrsView = Type.Object({
  caseNumber: Type.String(), version: Type.Integer(), data: NibrsData, errors: Type.Array(EditError),
  status: Type.Union([Type.Literal('ready'), Type.Literal('held'), Type.Literal('submitted'), Type.Literal('deleted')]),
  report: Type.Union([Type.Literal('group_a'), Type.Literal('group_b'), Type.Literal('none')], { description: 'what the incident is reported as' }),
  submittedVersion: N(Type.Integer()), submittedAt: N(Type.String()), ...By,
});
export const InboxEntry = Type.Object({ caseNumber: Type.String(), type: Type.String(), occurredAt: Type.String(), errors: Type.Array(EditError), ...By });
export const MonthFilter = Type.Object({ month: Opt(MonthParam) }, Strict);
export const StatusCounts = Type.Object({
  month: N(Type.String()), ready: Type.Integer({ description: 'passing every edit, not yet sent as they are' }), held: Type.Integer({ description: 'held back in the inbox' }),
  submitted: Type.Integer({ description: 'sent as they are now' }), deleted: Type.Integer({ description: 'withdrawn' }),
});
const CodeLabel = Type.Object({ code: Type.String(), label: Type.String() });
export const CodeLists = Type.Object(Object.fromEntries(Object.keys(CODE_LISTS).map((name) => [name, Type.Array(CodeLabel)])) as Record<CodeListName, ReturnType<typeof Type.Array<typeof CodeLabel>>>);
const FileView = Type.Object({ seq: Type.Integer(), caseNumber: N(Type.String()), category: Type.String(), action: Type.String(), sha256: Type.String() });
export const SubmissionView = Type.Object({
  id: Type.String(), month: Type.String(), createdBy: Type.String(), createdByName: Type.String(), createdAt: Type.String(),
  incidents: Type.Integer(), replacements: Type.Integer(), deletes: Type.Integer(), arrests: Type.Integer(), zeroReport: Type.Boolean(), held: Type.Integer(),
  files: Type.Array(FileView),
});
export const SubmissionMade = Type.Object({ ...SubmissionView.properties, heldBack: Type.Array(Type.Object({ caseNumber: Type.String(), errors: Type.Array(EditError) })) });
export const SubmissionSummary = Type.Object({
  id: Type.String(), month: Type.String(), createdBy: Type.String(), createdByName: Type.String(), createdAt: Type.String(),
  incidents: Type.Integer(), replacements: Type.Integer(), deletes: Type.Integer(), arrests: Type.Integer(), zeroReport: Type.Boolean(), held: Type.Integer(),
});

const Loose = Type.Object({}, { additionalProperties: true });
const FilledList = Type.Array(Type.Object({ value: Loose, source: Type.String({ description: 'the report or property item the value came from, in words' }) }));
export const FromReports = Type.Object({
  offenses: FilledList, property: FilledList, victims: FilledList, offenders: FilledList, arrestees: FilledList,
  notes: Type.Array(Type.String(), { description: 'what could not be carried, in words' }),
}, { description: 'what the case’s reports and property items say that NIBRS needs; victims’ offenses are numbers into these offenses' });
