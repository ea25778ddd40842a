import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { INSTALL_ROOT } from '../../core/paths.ts';
import { CODE_LISTS, type CodeListName } from './codes.ts';

// The NIBRS data editor's pickers offer exactly the codes the FBI's schema (IEPD 2019.1) accepts,
// list by list (S-110 §A.1.q): a code the schema lacks would be refused at submission, a code
// missing from a picker could not be reported. The schema's enumerations are read with xmllint.
const XSD = join(INSTALL_ROOT, 'standards/nibrs-2019.1/base-xsd');
const NIBRS = join(XSD, 'nibrs/2019/nibrs-codes.xsd');
const UCR = join(XSD, 'niem/codes/fbi_ucr/3.2/fbi_ucr.xsd');

const SCHEMA_TYPES: [CodeListName, string, string][] = [
  ['locationTypes', NIBRS, 'LocationCategoryCodeSimpleType'], ['criminalActivity', NIBRS, 'CriminalActivityCategoryCodeSimpleType'],
  ['relationships', NIBRS, 'VictimToSubjectRelationshipCodeSimpleType'], ['weapons', UCR, 'ForceCategoryCodeSimpleType'],
  ['propertyDescriptions', UCR, 'PropertyCategoryCodeSimpleType'], ['drugTypes', UCR, 'DrugCategoryCodeSimpleType'],
  ['drugUnits', UCR, 'DrugMeasurementCodeSimpleType'], ['ethnicities', UCR, 'EthnicityCodeSimpleType'], ['injuries', UCR, 'InjuryCategoryCodeSimpleType'],
  ['resident', UCR, 'ResidentCodeSimpleType'], ['victimTypes', UCR, 'VictimCategoryCodeSimpleType'], ['arrestTypes', UCR, 'ArrestCategoryCodeSimpleType'],
  ['armedWith', UCR, 'ArresteeWeaponCodeSimpleType'], ['clearances', UCR, 'IncidentExceptionalClearanceCodeSimpleType'],
  ['officerActivities', UCR, 'LEOKAActivityCategoryCodeSimpleType'], ['officerAssignments', UCR, 'LEOKAOfficerAssignmentCategoryCodeSimpleType'],
  ['circumstances', UCR, 'AggravatedAssaultHomicideFactorsCodeSimpleType'], ['justifiableHomicide', UCR, 'JustifiableHomicideFactorsCodeSimpleType'], ['entryMethods', UCR, 'MethodOfEntryCodeSimpleType'],
];

function schemaCodes(file: string, type: string): string[] {
  const out = execFileSync('xmllint', ['--xpath', `//*[local-name()='simpleType' and @name='${type}']//*[local-name()='enumeration']/@value`, file]).toString();
  return [...out.matchAll(/value="([^"]*)"/g)].map((m) => m[1]!).sort();
}

describe('the NIBRS pickers and the FBI schema (S-110 §A.1.q)', () => {
  test.each(SCHEMA_TYPES.map(([list, file, type]) => ({ list, file, type })))('$list offers exactly the codes of the schema’s $type', ({ list, file, type }) => {
    const schema = schemaCodes(file, type);
    expect(schema.length).toBeGreaterThan(1);
    expect(CODE_LISTS[list].map((c) => c.code).sort()).toEqual(schema);
    // a short code (01, 13A, B) is shown with its words, not alone; codes that are words (Acquaintance) may be their own
    for (const c of CODE_LISTS[list]) if (c.code.length <= 3) expect(c.label.trim(), `${list} ${c.code} has words`).not.toBe(c.code);
  });
});
