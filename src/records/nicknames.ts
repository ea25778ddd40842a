/**
 * The shipped nickname table: each line is a formal given name and the names people
 * go by for it (Bill/William, Peggy/Margaret…). A search for any name in a group also
 * looks for the others. Lower case; a name may sit in more than one group.
 */
const GROUPS = `
abigail: abby, gail, nabby
albert: al, bert, bertie
alexander: alex, al, sandy, xander, lex
alexandra: alex, sandra, sandy, lexi, alexa
alfred: al, alf, fred, freddie
allison: allie, ally
andrew: andy, drew
angela: angie
anthony: tony, ant
arthur: art, artie
barbara: barb, barbie, babs
benjamin: ben, benny, benji
bernard: bernie, barney
beverly: bev
bradley: brad
catherine: cathy, cat, kate, katie, kitty
katherine: kathy, kate, katie, kat, kitty, kay
kathleen: kathy, kate, katie, kay
charles: charlie, chuck, chas, chaz, chip
charlotte: charlie, lottie, lotte
christina: chris, tina, christy, chrissy
christine: chris, tina, christy, chrissy
christopher: chris, kit, topher
clifford: cliff
cynthia: cindy
daniel: dan, danny
david: dave, davey
deborah: deb, debbie, debby
donald: don, donnie
dorothy: dot, dottie, dolly
douglas: doug
edward: ed, eddie, ted, teddy, ned
edwin: ed, eddie
elizabeth: liz, lizzie, beth, betty, betsy, eliza, libby, bess, bessie, lisa
eleanor: ellie, nell, nellie, nora
emily: em, emmy
eugene: gene
frances: fran, frannie, franny
francis: frank, fran
frederick: fred, freddie, fritz
gerald: gerry, jerry
gregory: greg
harold: harry, hal
henry: hank, harry, hal
jacob: jake, jack
james: jim, jimmy, jamie, jay
jeffrey: jeff
jennifer: jen, jenny, jenn
jessica: jess, jessie
john: jack, johnny, jon
jonathan: jon, jonny, nathan
joseph: joe, joey
joshua: josh
judith: judy, jude
kenneth: ken, kenny
lawrence: larry, laurie
leonard: len, lenny, leo
louis: lou, louie
margaret: peggy, maggie, meg, marge, margie, greta, madge, daisy, peg, molly
martha: marty, patty, mattie
matthew: matt, matty
michael: mike, mikey, mick, mickey
mary: molly, polly, mae, mamie
nancy: nan, ann
nathaniel: nate, nat, nathan
nicholas: nick, nicky, nico
pamela: pam
patricia: pat, patty, trish, tricia, patsy
patrick: pat, paddy, rick
peter: pete
philip: phil
phillip: phil
rebecca: becky, becca, reba
richard: rick, ricky, dick, rich, richie, rico
robert: bob, bobby, rob, robbie, bert
ronald: ron, ronnie
samuel: sam, sammy
samantha: sam, sammy
sandra: sandy
stephen: steve, stevie
steven: steve, stevie
susan: sue, suzy, susie
suzanne: sue, suzy, susie
theodore: ted, teddy, theo
thomas: tom, tommy
timothy: tim, timmy
victoria: vicky, tori
vincent: vince, vinny
virginia: ginny, ginger
walter: walt, wally
william: bill, billy, will, willie, willy, liam
zachary: zach, zack
`;

const groups = new Map<string, Set<string>>();
for (const line of GROUPS.trim().split('\n')) {
  const [formal, rest] = line.split(':') as [string, string];
  const names = [formal.trim(), ...rest.split(',').map((n) => n.trim())];
  for (const name of names) {
    const set = groups.get(name) ?? new Set<string>();
    for (const other of names) if (other !== name) set.add(other);
    groups.set(name, set);
  }
}

/** The other names a given name may stand for (empty when it has none). */
export function nicknamesOf(first: string): string[] {
  return [...(groups.get(first.trim().toLowerCase()) ?? [])];
}

/** True when the two given names belong to one nickname group (Bill and William). */
export function sameByNickname(a: string, b: string): boolean {
  const x = a.trim().toLowerCase();
  const y = b.trim().toLowerCase();
  return x !== y && (groups.get(x)?.has(y) ?? false);
}

/** How many names the shipped table knows. */
export const NICKNAME_COUNT = groups.size;
