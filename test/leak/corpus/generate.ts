/**
 * The leak corpus: a case bundle (v1) whose free text plants protected names by attack class,
 * and the list of those attacks. Deterministic for a seed. Sources list whom they identify
 * (`identifies`, as staff record it); `mentions: true` also writes `[[person:KEY]]` mentions.
 *
 *   npx tsx test/leak/corpus/generate.ts [--mentions] [--seed N] [--out DIR]
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  draftAttacks, draftEuropeanSpellingAttacks, draftFirstNameAttacks, draftNearFirstNameAttacks, draftOtherSpellingAttacks, draftProbeSpellingAttacks, type Draft,
} from './attacks.js';
import { PEOPLE, type PersonSpec } from './people.js';
import { rng, type Rng } from './rng.js';
import type { Attack, AttackClass, Corpus, CorpusIncident, CorpusIntervention, CorpusPerson, CorpusRecommendation, CorpusSource, Placement } from './types.js';

export const DEFAULT_SEED = 20_240_611;

const pad = (n: number, width: number) => String(n).padStart(width, '0');
export const personKey = (i: number) => `p-lc-${pad(i + 1, 4)}`;
const GROUP_INDEX = PEOPLE.length;

const RIGHTS = ['expression', 'association', 'peaceful-assembly', 'liberty', 'fair-trial', 'torture', 'privacy', 'movement', 'defenders'];
const VIOLATIONS = ['detention', 'arrest', 'house-arrest', 'criminal-charges', 'administrative-charges', 'fine', 'search', 'threat', 'surveillance', 'ill-treatment'];
const PLACES = ['Almaty', 'Shymkent', 'Turkistan', 'Saryagash', 'Taraz', 'Aktau', 'Zhanaozen', 'Kentau', 'Oral', 'Semey'];

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

function person(p: PersonSpec, i: number): CorpusPerson {
  const letter = String.fromCharCode(65 + (i % 26)) + (i >= 26 ? '2' : '');
  return {
    key: personKey(i),
    kind: 'individual',
    name: [p.first, p.patronymic, p.surname].filter(Boolean).join(' '),
    nameNative: [p.firstNative, p.patronymicNative, p.surnameNative].filter(Boolean).join(' '),
    pseudonym: `${capital(p.role)} ${letter}`,
    sex: p.sex,
    birthYear: 1960 + ((i * 11) % 40),
    occupation: p.role,
    affiliation: null,
    consent: {
      unSubmission: p.protection !== 'all',
      publicNaming: p.protection === 'consenting',
      stateTransmission: p.protection !== 'all',
    },
    risk: p.protection === 'consenting' ? 'medium' : 'high',
  };
}

const GROUP: CorpusPerson = {
  key: personKey(GROUP_INDEX), kind: 'group', name: 'Residents of the Bakhor mahalla in Sayram', nameNative: 'Баҳор маҳалласи аҳолиси',
  pseudonym: 'Group R (residents)', sex: 'unknown', birthYear: null, occupation: null, affiliation: null,
  consent: { unSubmission: false, publicNaming: false, stateTransmission: false }, risk: 'high',
};

/** Sentence templates per field; `N` is the planted fragment, `A` its anchor. */
const TEMPLATES: Record<string, Array<(n: string, a: string, place: string) => string>> = {
  title: [
    (n, a, p) => `${n} (${a}) detained in ${p}`,
    (n, a, p) => `${n} (${a}) questioned by police in ${p}`,
    (n, a, p) => `Home of ${n} (${a}) searched in ${p}`,
    (n, a, p) => `${n} (${a}) fined after a post about ${p}`,
  ],
  summary: [
    (n, a, p) => `Police in ${p} questioned ${n} (${a}) about posts on social media.`,
    (n, a) => `Neighbours said that ${n} (${a}) had been taken to the district department.`,
    (n, a) => `A relative reported: "${n} (${a}) has not been seen since the search."`,
    (n, a) => `The investigator told ${n} (${a}) that the case would go to court.`,
    (n, a) => `Officers seized two phones and a laptop belonging to ${n} (${a}).`,
  ],
  legalBasis: [(n, a) => `Article 174 of the Criminal Code (inciting discord), as charged against ${n} (${a})`],
  perpetrator: [(n, a) => `District police investigators who summoned ${n} (${a})`, (n, a) => `Officers of the anti-extremism unit in the case of ${n} (${a})`],
  locator: [(n, a) => `statement of ${n} (${a}), p. 2`, (n, a) => `${a}: file ${n}`, (n, a) => `annex 3 (${n}, ${a})`],
  excerpt: [(n, a) => `“They told ${n} (${a}) to sign a confession.”`, (n, a) => `“Nobody explained to ${n} (${a}) why the search took place.”`],
  sourceTitle: [(n, a) => `${n} (${a}): neighbours describe the search`, (n, a) => `Court hearing in the case of ${n} (${a}) postponed`],
  sourceAuthor: [(n, a) => `Relative of ${n} (${a})`, (n, a) => `${n} (${a})`],
  occupation: [(n, a) => `works with ${n} (${a})`],
  affiliation: [(n, a) => `support group for ${n} (${a})`, (n, a) => `neighbour of ${n} (${a})`],
  recommendation: [(n, a) => `Release ${n} (${a}) and drop all charges.`, (n, a) => `Investigate the ill-treatment of ${n} (${a}) and inform the family.`],
  // Round-3 and revision-4 fields (planted by plantLaterFields).
  stateLink: [(n, a) => `district police officers, as ${n} (${a}) identified them`],
  reason: [(n, a) => `signed the order to detain ${n} (${a})`, (n, a) => `led the search of the home of ${n} (${a})`],
  remedyAuthority: [(n, a) => `District prosecutor, on the complaint of ${n} (${a})`],
  remedyAction: [(n, a) => `complaint by the lawyer of ${n} (${a}) against the detention`],
  remedyOutcome: [(n, a) => `dismissed without hearing ${n} (${a})`],
  noneBecause: [(n, a) => `the family of ${n} (${a}) fears reprisals`],
  procedureStatus: [(n, a) => `registered; the lawyer of ${n} (${a}) was informed`],
  whereabouts: [(n, a) => `the pre-trial detention centre where ${n} (${a}) is also held`],
  replySummary: [(n, a) => `The authorities say ${n} (${a}) was released on bail.`, (n, a) => `The reply denies that ${n} (${a}) was ill-treated.`],
  reference: [(n, a) => `UA 7/21 ${n} ${a}`],
  interventionNotes: [(n, a) => `Called the family of ${n} (${a}) after sending.`],
  outcomeNote: [(n, a) => `${n} (${a}) was freed two days after the appeal.`],
};

const FILLER = [
  'The family asked that the case be raised with the authorities.',
  'Lawyers were not allowed to attend the first interrogation.',
  'The court did not examine the complaint on its merits.',
];

const DESCRIPTORS = [
  'Pregnant {role} from {town} accused of extremism placed under house arrest',
  'Elderly {role} from {town} detained after Friday prayers',
  'Disabled {role} from {town} fined for a poem posted on Facebook',
  'Widowed {role} from {town} dismissed after speaking to journalists',
  'Young {role} from {town} beaten in custody, relatives say',
  'Retired {role} from {town} banned from leaving the country',
];

class Builder {
  readonly attacks: Attack[] = [];
  private next = 1;
  constructor(readonly r: Rng, readonly mentions: boolean) {}

  anchor(): string {
    return `LC${pad(this.next++, 4)}`;
  }

  /** Records an attack and returns the field text. */
  plant(cls: AttackClass, target: number, planted: string, placement: Placement, text: (a: string) => string, extra: Partial<Attack> = {}): string {
    const id = this.anchor();
    const t = text(id);
    this.attacks.push({ id, cls, person: personKey(target), planted, text: t, placement, phrases: [], confidential: false, namesPerson: true, control: cls === 'consenting-control', ...extra });
    return t;
  }

  template(kind: string, d: Draft, placement: Placement, place: string): string {
    const list = TEMPLATES[kind]!;
    const f = this.r.pick(list);
    return this.plant(d.cls, d.target, d.planted, placement, (a) => f(d.planted, a, place));
  }
}

/** Pops the next draft of a queue, preferring `first` (multi-line fragments go where they can). */
const take = (first: Draft[], then?: Draft[]): Draft | undefined => first.shift() ?? then?.shift();

function shuffle<T>(r: Rng, items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = r.int(i + 1);
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

export function generateCorpus(options: { seed?: number; mentions?: boolean } = {}): Corpus {
  const seed = options.seed ?? DEFAULT_SEED;
  const mentions = options.mentions ?? false;
  const r = rng(seed);
  const b = new Builder(r, mentions);
  const persons = [...PEOPLE.map(person), GROUP];
  const drafts = shuffle(r, draftAttacks(r, { mentions, personKey }));
  // Classes added later come last, from an RNG of their own: the earlier corpus stays as it was.
  const later = rng(seed + 1);
  drafts.push(...shuffle(later, draftFirstNameAttacks(later)));
  const latest = rng(seed + 2);
  drafts.push(...shuffle(latest, draftOtherSpellingAttacks(latest)));
  const european = rng(seed + 4);
  drafts.push(...shuffle(european, draftEuropeanSpellingAttacks(european)));
  const nearFirst = rng(seed + 5);
  drafts.push(...shuffle(nearFirst, draftNearFirstNameAttacks(nearFirst)));
  const probed = rng(seed + 6);
  drafts.push(...shuffle(probed, draftProbeSpellingAttacks(probed)));
  const lines = drafts.filter((d) => d.slot === 'line');
  const multi = drafts.filter((d) => d.slot === 'multiline');
  const urls = drafts.filter((d) => d.slot === 'url');
  const prot = PEOPLE.flatMap((p, i) => (p.protection === 'consenting' ? [] : [i]));
  const townOf = (i: number) => PEOPLE[i]?.town ?? 'Sayram';

  // Person fields: occupations and affiliations that name someone.
  for (const [i, p] of persons.entries()) {
    if (p.kind !== 'individual') continue;
    if (i % 2 === 0) {
      const d = take(lines);
      if (d) p.affiliation = b.template('affiliation', d, { record: 'person', key: p.key, field: 'affiliation' }, townOf(i));
    }
    if (i % 4 === 1) {
      const d = take(lines);
      if (d) p.occupation = `${p.occupation}; ${b.template('occupation', d, { record: 'person', key: p.key, field: 'occupation' }, townOf(i))}`;
    }
  }

  const sources: CorpusSource[] = [];
  const ordinary: CorpusSource[] = [];
  const special: CorpusSource[] = [];
  const sourceDate = (n: number) => `2021-${pad(1 + (n % 12), 2)}-${pad(3 + ((n * 5) % 24), 2)}`;

  // Ordinary media sources: the URL carries a glued or percent-encoded name; title and author name people too.
  for (const [n, d] of urls.entries()) {
    const key = `lc-src-${pad(sources.length + 1, 3)}`;
    const host = d.cls === 'glued' ? 'social.example.com' : 'news.example.kz';
    const url = b.plant(d.cls, d.target, d.planted, { record: 'source', key, field: 'url' }, (a) => `https://${host}/${a.toLowerCase()}/${d.planted}`);
    new URL(url); // the importer refuses what the URL parser refuses
    const t = take(lines);
    const title = t ? b.template('sourceTitle', t, { record: 'source', key, field: 'title' }, townOf(t.target)) : `Report ${n + 1} on detentions in the south`;
    const au = n % 2 === 0 ? take(lines) : undefined;
    const author = au ? b.template('sourceAuthor', au, { record: 'source', key, field: 'author' }, townOf(au.target)) : 'Example Wire';
    const s: CorpusSource = { key, type: 'media', title, author, organisation: null, date: sourceDate(n), url, reliability: 'B', confidential: false };
    sources.push(s);
    ordinary.push(s);
  }

  // Indirect identification: a public source whose title describes a protected person
  // unmistakably, with the surname in the title, in the URL, or nowhere.
  for (let n = 0; n < 20; n++) {
    const target = prot[(n * 5) % prot.length]!;
    const p = PEOPLE[target]!;
    const key = `lc-src-${pad(sources.length + 1, 3)}`;
    const descriptor = DESCRIPTORS[n % DESCRIPTORS.length]!.replace('{role}', p.role).replace('{town}', p.town);
    const surname = p.surname.replace(/'/g, '');
    const variant = n % 3;
    const planted = variant === 0 ? `${descriptor} — the case of ${p.surname}` : descriptor;
    let url: string | null = null;
    const title = b.plant('indirect-source', target, planted, { record: 'source', key, field: 'title' }, (a) => `${planted} (${a})`, { phrases: [descriptor], namesPerson: variant === 0 });
    if (variant === 1) {
      const slug = `${surname.toLowerCase()}-${p.role.replace(/\s+/g, '-')}-${p.town.toLowerCase()}`;
      url = b.plant('indirect-source', target, slug, { record: 'source', key, field: 'url' }, (a) => `https://news.example.tj/${a.toLowerCase()}/${slug}`);
    }
    const s: CorpusSource = { key, type: 'media', title, author: 'Regional News Service', organisation: null, date: sourceDate(n + 3), url, reliability: 'C', confidential: false, identifies: [personKey(target)] };
    sources.push(s);
    special.push(s);
  }

  // Confidential interviews: title, author and URL must never be printed.
  for (let n = 0; n < 10; n++) {
    const target = prot[(n * 3 + 1) % prot.length]!;
    const p = PEOPLE[target]!;
    const key = `lc-src-${pad(sources.length + 1, 3)}`;
    const about = `about the night search of ${3 + n} March in ${p.town}`;
    const who = n % 2 === 0 ? `${p.first} ${p.surname}` : p.surnameNative;
    const title = b.plant('confidential-source', target, who, { record: 'source', key, field: 'title' }, (a) => `Interview with ${who} (${a}) ${about}`, { phrases: [about], confidential: true });
    const monitor = `Field monitor K-${10 + n}, ${p.town} office`;
    const author = b.plant('confidential-source', target, monitor, { record: 'source', key, field: 'author' }, (a) => `${monitor} (${a})`, { phrases: [monitor], confidential: true, namesPerson: false });
    const slug = `${p.surname.replace(/'/g, '').toLowerCase()}-night-search`;
    let path = '';
    const url = b.plant('confidential-source', target, slug, { record: 'source', key, field: 'url' }, (a) => {
      path = `secure.monitor.example.org/int/${a.toLowerCase()}`;
      return `https://${path}/${slug}`;
    }, { confidential: true });
    b.attacks.at(-1)!.phrases.push(path);
    const s: CorpusSource = { key, type: 'interview', title, author, organisation: 'lc-org-1', date: `2021-03-${pad(4 + n, 2)}`, url, reliability: 'B', confidential: true, identifies: [personKey(target)] };
    sources.push(s);
    special.push(s);
  }

  // Incidents: every text field names someone, until the fragments run out and every source is cited.
  const incidents: CorpusIncident[] = [];
  const reserved = [take(lines)!, take(lines)!]; // for the unsourced incident
  const forRecommendations = lines.splice(0, 10);
  let o = 0;
  let sp = 0;
  while (lines.length + multi.length > 0 || o < ordinary.length || sp < special.length) {
    const n = incidents.length;
    const key = `lc-inc-${pad(n + 1, 3)}`;
    const at = (field: string): Placement => ({ record: 'incident', key, field });
    const targets: number[] = [];
    const use = (d: Draft | undefined) => {
      if (d && d.target < PEOPLE.length && !targets.includes(d.target)) targets.push(d.target);
      return d;
    };
    const td = use(take(lines, multi));
    const place = td ? townOf(td.target) : PLACES[n % PLACES.length]!;
    const title = td ? b.template('title', td, at('title'), place) : `Detentions in ${place} (${n + 1})`;
    const sentences: string[] = [];
    for (let k = 0; k < 4; k++) {
      const d = use(take(multi, lines));
      if (d) sentences.push(b.template('summary', d, at('summary'), place));
    }
    sentences.splice(1, 0, FILLER[n % FILLER.length]!);
    const lb = use(take(lines));
    const pd = use(take(lines));
    const links: CorpusIncident['sources'] = [];
    for (const s of [ordinary[o++ % ordinary.length]!, special[sp++ % special.length] ?? ordinary[o++ % ordinary.length]!]) {
      const loc = use(take(lines));
      const ex = use(take(multi, lines));
      links.push({
        source: s.key,
        credibility: 2 + (links.length % 2),
        locator: loc ? b.template('locator', loc, at(`sources/${links.length}/locator`), place) : 'para. 2',
        excerpt: ex ? b.template('excerpt', ex, at(`sources/${links.length}/excerpt`), place) : null,
      });
    }
    incidents.push({
      key, title, date: `2021-${pad(1 + (n % 12), 2)}-${pad(1 + ((n * 3) % 27), 2)}`, dateAccuracy: 'exact', endDate: null,
      location: { place, region: null },
      rights: [RIGHTS[n % RIGHTS.length]!, RIGHTS[(n + 3) % RIGHTS.length]!],
      violations: [VIOLATIONS[n % VIOLATIONS.length]!, VIOLATIONS[(n + 4) % VIOLATIONS.length]!],
      summary: sentences.join(n % 3 === 0 ? '\n\n' : ' '),
      victims: targets.slice(0, 3).map(personKey),
      perpetrators: [
        { description: 'Regional police department', stateActor: true },
        ...(pd ? [{ description: b.template('perpetrator', pd, at('perpetrators/1/description'), place), stateActor: true }] : []),
      ],
      legalBasis: ['Code of Administrative Offences, Article 488', ...(lb ? [b.template('legalBasis', lb, at('legalBasis/1'), place)] : [])],
      status: n % 4 === 0 ? 'concluded' : 'ongoing',
      urgent: n % 3 === 1,
      followUpOf: null,
      sources: links,
    });
  }

  // Every person is a victim somewhere (the victims list is a channel too); the consenting
  // husband stands next to his protected wife.
  const victimOf = new Set(incidents.flatMap((i) => i.victims));
  persons.forEach((p, i) => {
    if (victimOf.has(p.key)) return;
    const incident = incidents[(i * 7) % incidents.length]!;
    incident.victims.push(p.key);
  });

  // The unsourced incident: a generate request that includes it is refused (the 4xx channel).
  const unsourcedKey = 'lc-inc-999';
  const ua = (field: string): Placement => ({ record: 'incident', key: unsourcedKey, field });
  const [u1, u2] = reserved;
  incidents.push({
    key: unsourcedKey, title: b.template('title', u1!, ua('title'), 'Shymkent'), date: '2021-12-20', dateAccuracy: 'exact', endDate: null,
    location: { place: 'Shymkent', region: null }, rights: ['liberty'], violations: ['detention'],
    summary: b.template('summary', u2!, ua('summary'), 'Shymkent'), victims: [personKey(u1!.target)], perpetrators: [], legalBasis: [],
    status: 'ongoing', urgent: true, followUpOf: null, sources: [],
  });

  const sourced = incidents.filter((i) => i.key !== unsourcedKey).map((i) => i.key);
  const recommendations: CorpusRecommendation[] = [];
  for (let n = 0; n < 10; n++) {
    const key = `lc-rec-${pad(n + 1, 2)}`;
    const d = take(forRecommendations);
    const text = d ? b.template('recommendation', d, { record: 'recommendation', key, field: 'text' }, 'Almaty') : 'Repeal the extremism provisions.';
    recommendations.push({ key, right: RIGHTS[n % RIGHTS.length]!, addressee: n % 3 === 0 ? 'eu' : 'state', text, incidents: [...new Set([sourced[n % sourced.length]!, sourced[(n * 5 + 2) % sourced.length]!])] });
  }

  const interventions = plantLaterFields(b, rng(seed + 3), incidents.filter((i) => i.key !== unsourcedKey), persons, townOf);

  // Issue 16: every record's free text translated too, carrying the same name-bearing fragments
  // (and anchors): a document in French, Spanish or Russian prints the translation, which must be
  // redacted exactly like the original.
  if (!mentions) {
    const say = (l: string, t: string) => `${TRANSLATION_PREFIX[l]} ${t}`;
    for (const i of incidents) {
      i.translations = Object.fromEntries(Object.keys(TRANSLATION_PREFIX).map((l) => [l, {
        title: say(l, i.title), summary: say(l, i.summary), legalBasis: i.legalBasis.map((x) => say(l, x)),
        perpetrators: i.perpetrators.map((x) => ({
          description: say(l, x.description), ...(x.stateLink ? { stateLink: say(l, x.stateLink) } : {}), ...(x.reason ? { reason: say(l, x.reason) } : {}),
        })),
        ...(i.domesticRemedies ? {
          domesticRemedies: i.domesticRemedies.noneBecause !== null
            ? { noneBecause: say(l, i.domesticRemedies.noneBecause) }
            : { steps: i.domesticRemedies.steps.map((st) => ({ authority: say(l, st.authority), action: say(l, st.action), ...(st.outcome ? { outcome: say(l, st.outcome) } : {}) })) },
        } : {}),
      }]));
    }
    for (const p of persons) {
      const t = { ...(p.occupation ? { occupation: p.occupation } : {}), ...(p.affiliation ? { affiliation: p.affiliation } : {}) };
      const place = p.whereabouts?.place;
      if (Object.keys(t).length > 0 || place) {
        p.translations = Object.fromEntries(Object.keys(TRANSLATION_PREFIX).map((l) => [l, {
          ...Object.fromEntries(Object.entries(t).map(([k, v]) => [k, say(l, v)])), ...(place ? { whereabouts: { place: say(l, place) } } : {}),
        }]));
      }
    }
    for (const rec of recommendations) rec.translations = Object.fromEntries(Object.keys(TRANSLATION_PREFIX).map((l) => [l, { text: say(l, rec.text) }]));
  }

  return {
    bundle: {
      bundleVersion: 1,
      country: { code: 'KZ', name: 'Kazakhstan' },
      period: { from: '2021-01-01', to: '2021-12-31' },
      organisations: [{ key: 'lc-org-1', name: 'Southern Steppe Monitoring Network', acronym: 'SSMN', contact: { email: 'office@ssmn.example.org', address: 'Shymkent' } }],
      persons,
      sources,
      incidents,
      recommendations,
      interventions,
    },
    attacks: b.attacks,
    sourcedIncidents: sourced,
    unsourcedIncident: unsourcedKey,
    options: { seed, mentions },
  };
}

/** Classes whose typed forms make sense in any one-line field (no URLs, line breaks, initials or first names alone). */
const LATER_FIELD_CLASSES = new Set<AttackClass>([
  'apostrophe', 'gendered', 'surname-first', 'patronymic-dropped', 'kazakh-endings', 'tajik-endings', 'russian-case', 'yo-e',
  'kazakh-latin', 'accents', 'homoglyph', 'invisible', 'translit', 'plural',
]);

/**
 * The fields added since the first corpus — perpetrators' state link and reason, domestic
 * remedies, international procedures, whereabouts, and interventions (reference, reply summary,
 * notes, outcome note) — each naming a protected person, from drafts and an RNG of their own
 * (seed + 3) and planted last, so every earlier attack keeps its anchor. Returns the interventions.
 */
function plantLaterFields(b: Builder, r: Rng, incidents: CorpusIncident[], persons: CorpusPerson[], townOf: (i: number) => string): CorpusIntervention[] {
  const drafts = shuffle(r, draftAttacks(r, { mentions: false, personKey }).filter((d) => d.slot === 'line' && LATER_FIELD_CLASSES.has(d.cls)));
  const next = () => drafts.shift();
  const plantIn = (kind: string, placement: Placement, fallback: string): string => {
    const d = next();
    return d ? b.template(kind, d, placement, townOf(d.target)) : fallback;
  };
  incidents.forEach((incident, n) => {
    const at = (field: string): Placement => ({ record: 'incident', key: incident.key, field });
    const first = incident.perpetrators[0]!;
    first.stateLink = plantIn('stateLink', at('perpetrators/0/stateLink'), 'officers of the Ministry of Internal Affairs');
    first.reason = plantIn('reason', at('perpetrators/0/reason'), 'carried out the detention');
    if (n % 2 === 0) {
      incident.domesticRemedies = {
        steps: [{
          date: null,
          authority: plantIn('remedyAuthority', at('domesticRemedies/steps/0/authority'), 'District court'),
          action: plantIn('remedyAction', at('domesticRemedies/steps/0/action'), 'appeal against the detention'),
          outcome: plantIn('remedyOutcome', at('domesticRemedies/steps/0/outcome'), 'pending'),
        }],
        noneBecause: null,
      };
    } else {
      incident.domesticRemedies = { steps: [], noneBecause: plantIn('noneBecause', at('domesticRemedies/noneBecause'), 'the family fears reprisals') };
    }
    incident.internationalProcedures = [{ body: 'UN Working Group on Arbitrary Detention', reference: null, date: null, status: plantIn('procedureStatus', at('internationalProcedures/0/status'), 'registered') }];
  });
  for (const p of persons) {
    if (p.kind !== 'individual') continue;
    p.whereabouts = { status: 'in-custody', place: plantIn('whereabouts', { record: 'person', key: p.key, field: 'whereabouts/place' }, 'pre-trial detention centre'), asOf: null };
  }
  const interventions: CorpusIntervention[] = [];
  for (let n = 0; n < 8 && n < incidents.length; n++) {
    const incident = incidents[(n * 3) % incidents.length]!;
    const key = `lc-iv-${pad(n + 1, 2)}`;
    const at = (field: string): Placement => ({ record: 'intervention', key, field });
    interventions.push({
      key, documentKind: 'urgent-appeal', documentCode: null, incidents: [incident.key], persons: incident.victims.slice(0, 2), mandates: [],
      addressees: ['Prosecutor General of the Republic of Kazakhstan'], sentOn: '2021-12-01', channel: 'email',
      reference: plantIn('reference', at('reference'), `UA ${n + 1}/21`), replyDue: '2022-01-30',
      reply: { receivedOn: '2021-12-20', summary: plantIn('replySummary', at('reply/summary'), 'The authorities say the detention was lawful.') },
      outcome: 'released', outcomeNote: plantIn('outcomeNote', at('outcomeNote'), 'Freed.'), notes: plantIn('interventionNotes', at('notes'), 'Sent.'),
    });
  }
  return interventions;
}

/** Words that open each translated text, so that a document shows which language's text it printed. */
const TRANSLATION_PREFIX: Record<string, string> = { fr: 'Traduction :', es: 'Traducción:', ru: 'Перевод:' };

/** Writes the bundle and the attack list as JSON (for other teams and for reading). */
async function main(argv: string[]): Promise<void> {
  const mentions = argv.includes('--mentions');
  const seedAt = argv.indexOf('--seed');
  const outAt = argv.indexOf('--out');
  const corpus = generateCorpus({ mentions, ...(seedAt >= 0 ? { seed: Number(argv[seedAt + 1]) } : {}) });
  const dir = outAt >= 0 ? argv[outAt + 1]! : join('test', 'leak', 'corpus');
  const name = mentions ? 'leak-corpus.mentions' : 'leak-corpus';
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, `${name}.bundle.json`), `${JSON.stringify(corpus.bundle, null, 2)}\n`);
  await writeFile(join(dir, `${name}.attacks.json`), `${JSON.stringify(corpus.attacks, null, 2)}\n`);
  console.log(`${corpus.attacks.length} attacks, ${corpus.bundle.incidents.length} incidents, ${corpus.bundle.sources.length} sources → ${dir}/${name}.*.json`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
