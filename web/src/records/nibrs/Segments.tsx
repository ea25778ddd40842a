import { useContext, useEffect, useState } from 'react';
import { api } from '../../shared/api.ts';
import { PersonPicker } from '../Pickers.tsx';
import type { Person } from '../types.ts';
import type { Entry } from './draft.ts';
import { Check, CodeMulti, CodePick, Messages, SegmentMessages, TextField } from './fields.tsx';

export interface SegmentProps { k: string; entry: Entry; set: (entry: Entry) => void }

/** One offense (Data Elements 6–13): the agency's code (mapped to NIBRS), location, weapons, bias, entry. */
export function OffenseFields({ k, entry, set }: SegmentProps) {
  const put = (key: string) => (value: unknown) => set({ ...entry, [key]: value });
  return (<>
    <SegmentMessages k={k} />
    <div className="row">
      <TextField k={`${k}.agencyCode`} label="Agency offense code" hint="mapped to NIBRS by the offense mapping" list="nibrs-agency-codes" value={entry.agencyCode} onChange={put('agencyCode')} />
      <Check k={`${k}.attempted`} label="Attempted, not completed" value={entry.attempted} onChange={put('attempted')} />
      <CodePick k={`${k}.locationType`} label="Location type" list="locationTypes" value={entry.locationType} onChange={put('locationType')} />
      <CodeMulti k={`${k}.weapons`} label="Weapon or force" list="weapons" max={3} value={entry.weapons} onChange={put('weapons')} />
      <CodePick k={`${k}.bias`} label="Bias motivation" list="bias" value={entry.bias} onChange={put('bias')} none="— none given (NONE) —" />
    </div>
    <div className="row">
      <CodeMulti k={`${k}.suspectedUsing`} label="Offender suspected of using" list="suspectedUsing" max={3} value={entry.suspectedUsing} onChange={put('suspectedUsing')} />
      <CodeMulti k={`${k}.criminalActivity`} label="Criminal activity / gang" list="criminalActivity" max={3} value={entry.criminalActivity} onChange={put('criminalActivity')} />
      <CodePick k={`${k}.entryMethod`} label="Method of entry (burglary)" list="entryMethods" value={entry.entryMethod} onChange={put('entryMethod')} />
      <TextField k={`${k}.premisesEntered`} label="Premises entered (hotels, storage)" size={4} value={entry.premisesEntered} onChange={put('premisesEntered')} />
    </div>
  </>);
}

/** One property entry (Data Elements 14–22); drugs (description 10) carry type, quantity and measurement. */
export function PropertyFields({ k, entry, set }: SegmentProps) {
  const put = (key: string) => (value: unknown) => set({ ...entry, [key]: value });
  const drug = (entry.drug ?? {}) as Entry;
  const putDrug = (key: string) => (value: unknown) => set({ ...entry, drug: { ...drug, [key]: value } });
  return (<>
    <SegmentMessages k={k} />
    <div className="row">
      <CodePick k={`${k}.lossType`} label="Type of loss" list="lossTypes" value={entry.lossType} onChange={put('lossType')} />
      <CodePick k={`${k}.description`} label="Property description" list="propertyDescriptions" value={entry.description} onChange={put('description')} />
      <TextField k={`${k}.value`} label="Value (whole dollars)" size={8} value={entry.value} onChange={put('value')} />
      <TextField k={`${k}.recoveredOn`} label="Recovered on" type="date" value={entry.recoveredOn} onChange={put('recoveredOn')} />
      <TextField k={`${k}.quantity`} label="Quantity" size={4} value={entry.quantity} onChange={put('quantity')} />
    </div>
    {entry.description === '10' && (
      <div className="row">
        <CodePick k={`${k}.drug.type`} label="Suspected drug type" list="drugTypes" value={drug.type} onChange={putDrug('type')} />
        <TextField k={`${k}.drug.quantity`} label="Estimated drug quantity" size={8} value={drug.quantity} onChange={putDrug('quantity')} />
        <CodePick k={`${k}.drug.unit`} label="Measurement" list="drugUnits" value={drug.unit} onChange={putDrug('unit')} />
      </div>
    )}
  </>);
}

/** A master name's label: the name, never its id. */
function useMasterLabel(entry: Entry): string | null {
  const id = typeof entry.personId === 'string' ? entry.personId : null;
  const [label, setLabel] = useState<string | null>(typeof entry._personLabel === 'string' ? entry._personLabel : null);
  useEffect(() => {
    if (!id || label) return undefined;
    let live = true;
    api<Person>(`/api/v1/names/${id}`).then((p) => { if (live) setLabel(`${p.name.first} ${p.name.last}${p.dob ? ` (born ${p.dob})` : ''}`); }, () => { if (live) setLabel('a master name'); });
    return () => { live = false; };
  }, [id, label]);
  return id ? label ?? 'a master name' : null;
}

/** Age, sex, race, ethnicity and residence (Data Elements 26–30, 37–39A, 47–51), or a master name to take age, sex and race from. */
export function PersonFields({ k, entry, set, ranges = false }: SegmentProps & { ranges?: boolean }) {
  const put = (key: string) => (value: unknown) => set({ ...entry, [key]: value });
  const label = useMasterLabel(entry);
  const problem = useContext(Messages).find((m) => m.field === `${k}.personId`);
  return (
    <div className="row">
      <PersonPicker form="nibrs" field={`${k}.personId`} label="Master name" picked={label ? { id: String(entry.personId), label } : null}
        onPick={(p) => set({ ...entry, personId: p?.id, _personLabel: p?.label })} problem={problem ? { field: problem.field, text: problem.message } : null} />
      <TextField k={`${k}.age`} label="Age" size={8} list="nibrs-age-words"
        hint={`years${ranges ? ', a range such as 25-30' : ''}, or NEONATAL, NEWBORN, BABY, UNKNOWN; empty with a master name: from the date of birth`} value={entry.age} onChange={put('age')} />
      <CodePick k={`${k}.sex`} label="Sex" list="sexes" value={entry.sex} onChange={put('sex')} />
      <CodePick k={`${k}.race`} label="Race" list="races" value={entry.race} onChange={put('race')} />
      <CodePick k={`${k}.ethnicity`} label="Ethnicity" list="ethnicities" value={entry.ethnicity} onChange={put('ethnicity')} />
      {k.startsWith('offenders') ? null : <CodePick k={`${k}.resident`} label="Resident status" list="resident" value={entry.resident} onChange={put('resident')} />}
    </div>
  );
}

/** One victim (Data Elements 24–35): the offenses suffered, the person, injuries, circumstances and relationship to each offender. */
export function VictimFields({ k, entry, set, offenses, offenders }: SegmentProps & { offenses: number; offenders: number }) {
  const put = (key: string) => (value: unknown) => set({ ...entry, [key]: value });
  const suffered = Array.isArray(entry.offenses) ? (entry.offenses as number[]) : [];
  const relationships = Array.isArray(entry.relationships) ? (entry.relationships as Entry[]) : [];
  const justifiable = Array.isArray(entry.circumstances) && (entry.circumstances as string[]).some((c) => c === '20' || c === '21');
  const relationTo = (offender: number) => relationships.find((r) => Number(r.offender) === offender)?.relationship;
  const setRelation = (offender: number, relationship: string | undefined) => set({
    ...entry, relationships: [...relationships.filter((r) => Number(r.offender) !== offender), ...(relationship ? [{ offender, relationship }] : [])].sort((a, b) => Number(a.offender) - Number(b.offender)),
  });
  return (<>
    <SegmentMessages k={k} />
    <div className="row">
      <CodePick k={`${k}.type`} label="Victim type" list="victimTypes" value={entry.type} onChange={put('type')} />
      <fieldset className="inline-checks" aria-label={`Offenses suffered by victim ${k.match(/\d+/)?.[0] ?? ''}`}>
        <legend>Offenses suffered</legend>
        {Array.from({ length: offenses }, (_, i) => i + 1).map((n) => (
          <Check key={n} k={`${k}.offenses.${n}`} label={`Offense ${n}`} value={suffered.includes(n)}
            onChange={(on) => set({ ...entry, offenses: on ? [...suffered, n].sort((a, b) => a - b) : suffered.filter((x) => x !== n) })} />
        ))}
        <SegmentMessages k={`${k}.offenses`} />
      </fieldset>
    </div>
    {(entry.type === 'I' || entry.type === 'L') && (<>
      <PersonFields k={k} entry={entry} set={set} />
      <div className="row">
        <CodeMulti k={`${k}.injuries`} label="Injuries" list="injuries" max={5} value={entry.injuries} onChange={put('injuries')} />
        <CodeMulti k={`${k}.circumstances`} label="Aggravated assault/homicide circumstances" list="circumstances" max={2} value={entry.circumstances} onChange={put('circumstances')} />
        {(justifiable || entry.justifiableHomicide !== undefined) && (
          <CodePick k={`${k}.justifiableHomicide`} label="Justifiable homicide circumstances" hint="with circumstance 20 or 21" list="justifiableHomicide"
            value={entry.justifiableHomicide} onChange={put('justifiableHomicide')} />
        )}
        {Array.from({ length: offenders }, (_, i) => i + 1).map((n) => (
          <CodePick key={n} k={`${k}.relationships.${n}`} label={`Relationship to offender ${n} (the victim is the offender’s …)`} list="relationships"
            value={relationTo(n)} onChange={(v) => setRelation(n, v)} />
        ))}
        <SegmentMessages k={`${k}.relationships`} />
      </div>
      {entry.type === 'L' && <OfficerFields k={k} entry={entry} set={set} />}
    </>)}
  </>);
}

/** A law enforcement officer victim killed or assaulted (LEOKA, Data Elements 25A–25C): activity, assignment, the other jurisdiction's ORI. */
function OfficerFields({ k, entry, set }: SegmentProps) {
  const officer = (entry.officer ?? {}) as Entry;
  const put = (key: string) => (value: unknown) => set({ ...entry, officer: { ...officer, [key]: value } });
  return (<>
    <SegmentMessages k={`${k}.officer`} />
    <fieldset className="row" aria-label={`Officer killed or assaulted, victim ${k.match(/\d+/)?.[0] ?? ''}`}>
      <legend>Officer killed or assaulted (LEOKA)</legend>
      <CodePick k={`${k}.officer.activity`} label="Officer’s activity" list="officerActivities" value={officer.activity} onChange={put('activity')} />
      <CodePick k={`${k}.officer.assignment`} label="Officer’s assignment" list="officerAssignments" value={officer.assignment} onChange={put('assignment')} />
      <TextField k={`${k}.officer.otherOri`} label="ORI of the other jurisdiction" size={10} hint="when the officer was from or assisting another agency; up to nine letters and digits"
        value={officer.otherOri} onChange={(v) => put('otherOri')(v.toUpperCase())} />
    </fieldset>
  </>);
}

/** One arrestee (Data Elements 40–52). */
export function ArresteeFields({ k, entry, set }: SegmentProps) {
  const put = (key: string) => (value: unknown) => set({ ...entry, [key]: value });
  return (<>
    <SegmentMessages k={k} />
    <div className="row">
      <TextField k={`${k}.transactionNumber`} label="Arrest transaction number" value={entry.transactionNumber} onChange={put('transactionNumber')} />
      <TextField k={`${k}.arrestedOn`} label="Arrested on" type="date" value={entry.arrestedOn} onChange={put('arrestedOn')} />
      <CodePick k={`${k}.arrestType`} label="Type of arrest" list="arrestTypes" value={entry.arrestType} onChange={put('arrestType')} />
      <TextField k={`${k}.chargeAgencyCode`} label="Charge (agency offense code)" list="nibrs-agency-codes" value={entry.chargeAgencyCode} onChange={put('chargeAgencyCode')} />
      <CodeMulti k={`${k}.armedWith`} label="Armed with" list="armedWith" max={2} value={entry.armedWith} onChange={put('armedWith')} />
      <CodePick k={`${k}.juvenileDisposition`} label="Juvenile disposition (under 18)" list="juvenileDispositions" value={entry.juvenileDisposition} onChange={put('juvenileDisposition')} />
    </div>
    <PersonFields k={k} entry={entry} set={set} />
  </>);
}
