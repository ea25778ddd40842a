import { expect, test } from 'vitest';
import { isCommonPassword } from './common-passwords.ts';
import { agencyPasswordWords, loginProblem, passwordProblem, remoteSignInDecision } from './rules.ts';
import { defaultAgency } from '../core/config.ts';
import { withinHours } from '../core/clock.ts';

const person = { username: 'jsmith', firstName: 'Jordan', lastName: 'Smith', minLength: 12 };

test.each([
  ['short1!A', /at least 12/], // S-110 §D.1, CJIS IA-5(1) minimum length (configurable)
  ['Jsmith-2026-winter', /login or the holder/], // not the user's own login
  ['Jordan-is-on-patrol', /login or the holder/], // not the user's own name
  ['aaaaaaaaaaaaaaa', /different characters/],
  ['Password12345!', /commonly used/], // shipped common-password list, dressed up with digits
  ['qwertyuiop123', /commonly used/],
  ['iloveyouiloveyou', /commonly used/],
])('the password %s is refused (%s)', (password, reason) => {
  expect(passwordProblem(password, person)).toMatch(reason);
});

test.each(['Rainy-Harbor-Lantern-42', 'correct horse battery staple x'])('the password %s is accepted', (password) => {
  expect(passwordProblem(password, person)).toBeUndefined();
});

const withAgency = { ...person, agencyWords: agencyPasswordWords(defaultAgency) };

test.each([
  ['Millbrook2026!', /millbrook/], // the agency's name and town
  ['Precinct2026!x', /precinct/], // the product's name
  ['M1llbr00k-Winter', /millbrook/], // dressed up with digits for letters
  ['ma0999900-Harbor', /ma0999900/], // the ORI
  ['J0rdan-Harbor-Quiver', /holder/], // the person's own name, in digits for letters
])('CJIS IA-5(1), S-110 §D: the password %s is refused: the agency, product and person are a guesser’s first words', (password, word) => {
  expect(passwordProblem(password, withAgency)).toMatch(word);
});

test('the agency words come from the profile: name, town, ORI and the product', () => {
  expect(agencyPasswordWords(defaultAgency)).toEqual(expect.arrayContaining(['millbrook', 'police', 'ma0999900', 'precinct']));
  expect(passwordProblem('Rainy-Harbor-Lantern-42', withAgency)).toBeUndefined();
});

test('the common-password list is the shipped one, tens of thousands long, case-blind', () => {
  expect(isCommonPassword('DRAGON')).toBe(true);
  expect(isCommonPassword('Trout-Lamppost-Quiver')).toBe(false);
});

test.each(['admin', 'root', 'dispatch', 'sysadmin', 'test', 'admin2', 'dispatch.1', 'sergeant', 'itadmin', 'dispatch2', 'frontdesk', 'sgt.night', 'patrolsgt', 'lt3', 'comms-center'])('the generic login %s is refused (S-110 §D.7)', (login) => {
  expect(loginProblem(login, 'Pat', 'Lee')).toMatch(/generic/);
});

test.each([['Shared', 'Account'], ['Front', 'Desk'], ['Dispatch', 'Two'], ['Sergeant', 'Smith'], ['Night', 'Shift']])(
  'S-110 §D.7: the display name "%s %s" is not a person’s, and is refused', (first, last) => {
    expect(loginProblem('plee', first, last)).toMatch(/not a person’s name.*S-110 §D\.7/);
  });

test.each(['jday', 'tcarver', 'mreyes', 'itorres', 'carla.ito', 'deskins'])('a person’s login such as %s is not mistaken for a generic one', (login) => {
  expect(loginProblem(login, 'Pat', 'Lee')).toBeUndefined();
});

test('a login needs a person’s first and last name (S-110 §D.7)', () => {
  expect(loginProblem('plee', '', 'Lee')).toMatch(/first and last name/);
  expect(loginProblem('plee', 'Pat', 'Lee')).toBeUndefined();
});

const courtHours = { days: [1, 2, 3, 4, 5], start: '08:30', end: '16:30' };
const zone = 'America/New_York';
// 2026-11-25 is a Wednesday; 15:00 UTC is 10:00 in New York, 23:00 UTC is 18:00.
const wednesdayMorning = new Date('2026-11-25T15:00:00Z');
const wednesdayEvening = new Date('2026-11-25T23:00:00Z');
const saturdayMorning = new Date('2026-11-28T15:00:00Z');

test.each([
  [wednesdayMorning, true],
  [wednesdayEvening, false],
  [saturdayMorning, false],
  [new Date('2026-11-25T13:29:00Z'), false], // 08:29 local
  [new Date('2026-11-25T13:30:00Z'), true], // 08:30 local
])('court hours are read in the agency’s time zone: %s → %s', (at, inside) => {
  expect(withinHours(at, courtHours, zone)).toBe(inside);
});

test.each([
  // S-110 §H: system administrators; §H.1 chief and captains; §H.2 court administrator during court hours; all with a second factor
  [['system_administrator'], true, wednesdayEvening, undefined],
  [['chief'], true, saturdayMorning, undefined],
  [['captain'], true, wednesdayEvening, undefined],
  [['court_administrator'], true, wednesdayMorning, undefined],
  [['court_administrator'], true, wednesdayEvening, 'auth.remote_outside_hours'],
  [['captain'], false, wednesdayMorning, 'auth.mfa_not_enrolled'],
  [['dispatcher'], true, wednesdayMorning, 'auth.remote_not_allowed'],
  [['patrol_officer', 'records_clerk'], true, wednesdayMorning, 'auth.remote_not_allowed'],
  [['auditor'], true, wednesdayMorning, 'auth.remote_not_allowed'],
  [['court_administrator', 'captain'], true, wednesdayEvening, undefined],
])('remote sign-in for %j with MFA %s at %s: %s', (roles, mfaEnrolled, at, refusal) => {
  const decision = remoteSignInDecision({ roles, mfaEnrolled, at, courtHours, timeZone: zone });
  expect(decision.allowed ? undefined : decision.code).toBe(refusal);
});
