/**
 * A synthetic case bundle for the benchmark: N incidents in Kazakhstan, one a day from
 * 2016-01-01, each with 3 sources, one or two victims with Kazakh/Russian names (Latin and
 * Cyrillic), long summaries that name people in running text (inflected Cyrillic forms and
 * possessives included), and a mix of consent flags so the Redactor has real work to do.
 *
 * Deterministic (seeded), so every run of the bench measures the same records.
 */
import type { BundleInput } from '../src/records/bundle.schemas.js';
import { RIGHTS, VIOLATIONS } from '../src/records/vocabulary.js';
import { rng } from './numbers.js';

const CYR_TO_LAT: Record<string, string> = {
  а: 'a', ә: 'a', б: 'b', в: 'v', г: 'g', ғ: 'gh', д: 'd', е: 'e', ж: 'zh', з: 'z', и: 'i', й: 'y', к: 'k', қ: 'q',
  л: 'l', м: 'm', н: 'n', ң: 'ng', о: 'o', ө: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ұ: 'u', ү: 'u', ф: 'f',
  х: 'kh', һ: 'h', ц: 'ts', ч: 'ch', ш: 'sh', щ: 'shch', ы: 'y', і: 'i', э: 'e', ю: 'yu', я: 'ya',
};
function latin(cyrillic: string): string {
  let out = '';
  for (const ch of cyrillic) {
    const lower = ch.toLowerCase();
    const mapped = CYR_TO_LAT[lower] ?? lower;
    out += ch === lower ? mapped : mapped.charAt(0).toUpperCase() + mapped.slice(1);
  }
  return out;
}

const FIRST_F = ['Айгерим', 'Акмарал', 'Гүлнар', 'Дана', 'Жанар', 'Әсел', 'Мадина', 'Салтанат', 'Любовь', 'Светлана', 'Ирина', 'Назира'];
const FIRST_M = ['Ардақ', 'Ерлан', 'Нұрлан', 'Серік', 'Бауыржан', 'Асқар', 'Дмитрий', 'Сергей', 'Марат', 'Жанболат', 'Тимур', 'Олжас'];
// Surname stems are built from syllables and kept unique, so no two people share a stem
// (a shared surname would make the Redactor withhold a consented name as well).
/**
 * A stem's consonants, folded as the name matcher reads them: stems that differ only in their
 * vowels (Байер-/Байор-) are one name to it, and typed text about one would be ambiguous with the
 * other (a final document is refused until staff say whom it means).
 */
const skeleton = (stem: string) => stem.replace(/[аәоөуұүыіиеэяюёй]/g, '').replace(/қ/g, 'к').replace(/ғ/g, 'г').replace(/[хһ]/g, 'к').replace(/ң/g, 'н').replace(/(.)\1+/g, '$1');
const SYLLABLES = ['нур', 'сар', 'бек', 'тай', 'жан', 'қан', 'мұх', 'ер', 'ас', 'бай', 'тоқ', 'ман', 'кен', 'дос', 'ғал', 'сей', 'тұр', 'жол', 'ами', 'ор', 'ыш', 'рах', 'иман', 'сұл'];
const PLACES = ['Almaty', 'Astana', 'Shymkent', 'Aktobe', 'Karaganda', 'Taraz', 'Pavlodar', 'Oskemen', 'Semey', 'Atyrau', 'Kostanay', 'Kyzylorda', 'Oral', 'Zhanaozen', 'Aktau'];
const PERPETRATORS = [
  { description: 'Police officers of the city Department of Internal Affairs', stateActor: true },
  { description: 'Investigators of the National Security Committee (KNB)', stateActor: true },
  { description: 'The district prosecutor\'s office', stateActor: true },
  { description: 'Unidentified men in plain clothes', stateActor: false },
  { description: 'A specialised inter-district administrative court', stateActor: true },
  { description: 'The local akimat (city administration)', stateActor: true },
];
const LEGAL = [
  'Criminal Code, Article 174: inciting social, national, clan, racial, class or religious discord',
  'Criminal Code, Article 405: participation in the activities of a banned extremist organisation',
  'Code of Administrative Offences, Article 488: violation of the law on peaceful assemblies',
  'Criminal Code, Article 274: dissemination of knowingly false information',
  'Law on Communications, Article 41-1: suspension of networks and means of communication',
];
const SOURCE_TYPES = ['monitoring', 'interview', 'media', 'social-media', 'official', 'court', 'ngo-report', 'press-conference'] as const;

const DAY = 86_400_000;
export const FIRST_DAY = '2016-01-01';
export const dateOf = (index: number): string => new Date(Date.parse(`${FIRST_DAY}T00:00:00Z`) + index * DAY).toISOString().slice(0, 10);

interface Person {
  key: string;
  kind: 'individual' | 'group';
  name: string;
  nameNative: string | null;
  pseudonym: string;
  sex: 'female' | 'male' | null;
  surnameNative: string;
  surnameLatin: string;
  consent: { unSubmission: boolean; publicNaming: boolean; stateTransmission: boolean };
}

/** Russian/Kazakh case forms a summary writer actually uses (genitive, instrumental, Kazakh genitive). */
function inflected(p: Person, random: () => number): string {
  const s = p.surnameNative;
  const stem = s.replace(/[ая]$/u, '');
  const forms = p.sex === 'female' ? [`${stem}ой`, `${stem}у`, `${s}ның`] : [`${s}а`, `${s}ым`, `${s}тың`];
  return forms[Math.floor(random() * forms.length)]!;
}

export interface SyntheticOptions {
  /** How many persons (default: about 0.7 per incident). The volume bench asks for 20,000 with 50,000 incidents. */
  persons?: number;
}

/** 0 → A, 25 → Z, 26 → AA, …: a label without digits. */
function letterCode(n: number): string {
  let code = '';
  for (let k = n + 1; k > 0; k = Math.floor((k - 1) / 26)) code = String.fromCharCode(65 + ((k - 1) % 26)) + code;
  return code;
}

export function syntheticBundle(incidentCount: number, seed = 20180316, options: SyntheticOptions = {}): BundleInput {
  const random = rng(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const chance = (p: number) => random() < p;

  // People: about 0.7 per incident, a tenth of them groups.
  const personCount = options.persons ?? Math.max(8, Math.round(incidentCount * 0.7));
  const usedStems = new Set<string>();
  const persons: Person[] = [];
  for (let i = 0; i < personCount; i++) {
    const group = i % 10 === 9;
    const consent = {
      unSubmission: chance(0.6),
      publicNaming: chance(0.4),
      stateTransmission: chance(0.7),
    };
    if (group) {
      persons.push({
        // Letters, not the group's number, in its key and pseudonym: "g-389" or "Group 389" would
        // say which group it is (both are refused when they carry a number of the name).
        key: `g-${letterCode(i).toLowerCase()}`, kind: 'group', name: `Initiative group ${i} of ${pick(PLACES)}`, nameNative: null,
        pseudonym: `Group ${letterCode(i)}`, sex: null, surnameNative: '', surnameLatin: '', consent,
      });
      continue;
    }
    let stem = '';
    let tries = 0;
    do {
      stem = pick(SYLLABLES) + pick(SYLLABLES) + (chance(0.5) ? pick(SYLLABLES) : '');
      // Two or three syllables give about 14,000 stems; past that (the volume bench's 20,000
      // persons) a fourth syllable keeps every stem unique.
      if (++tries > 50) stem += pick(SYLLABLES);
    } while (usedStems.has(skeleton(stem)) || stem.length < 4);
    usedStems.add(skeleton(stem));
    const female = chance(0.5);
    const stemCap = stem.charAt(0).toUpperCase() + stem.slice(1);
    const surnameNative = `${stemCap}${female ? 'ова' : 'ов'}`;
    const first = pick(female ? FIRST_F : FIRST_M);
    persons.push({
      key: `p-${i}`,
      kind: 'individual',
      name: `${latin(first)} ${latin(surnameNative)}`,
      nameNative: `${first} ${surnameNative}`,
      pseudonym: `Defender ${i}`,
      sex: female ? 'female' : 'male',
      surnameNative,
      surnameLatin: latin(surnameNative),
      consent,
    });
  }

  const organisations = [
    { key: 'kibhr', name: 'Kazakhstan International Bureau for Human Rights and Rule of Law', acronym: 'KIBHR', contact: { email: 'office@example.org', address: 'Almaty, Kazakhstan' } },
    { key: 'adil-soz', name: 'Adil Soz International Foundation for Freedom of Speech', acronym: 'Adil Soz', contact: null },
    { key: 'civicus', name: 'CIVICUS: World Alliance for Citizen Participation', acronym: 'CIVICUS', contact: null },
  ];

  // Sources: one monitoring note per incident plus a shared pool (media, court, official).
  const sharedCount = Math.max(6, Math.round(incidentCount * 0.2));
  const sources: NonNullable<BundleInput['sources']> = [];
  const addSource = (key: string, index: number, type: (typeof SOURCE_TYPES)[number], about: Person | undefined) => {
    const confidential = type === 'interview' || chance(0.03);
    const slug = about && about.kind === 'individual' && chance(0.3) ? `${about.surnameLatin.toLowerCase()}-case` : `item-${index}`;
    sources.push({
      key,
      type,
      title: about && about.kind === 'individual'
        ? `${type === 'court' ? 'Court ruling in the case of' : 'Report on the persecution of'} ${about.name} (${about.nameNative})`
        : `Overview of civic space restrictions, part ${index}`,
      author: chance(0.5) ? pick(organisations).name : null,
      organisation: pick(organisations).key,
      date: dateOf(Math.floor(random() * Math.max(1, incidentCount))),
      url: confidential ? null : `https://news.example.kz/${dateOf(index).slice(0, 4)}/${slug}`,
      reliability: pick(['A', 'B', 'B', 'C', 'D'] as const),
      confidential,
    });
  };
  for (let s = 0; s < sharedCount; s++) addSource(`s-shared-${s}`, s, pick(SOURCE_TYPES), pick(persons));

  const incidents: NonNullable<BundleInput['incidents']> = [];
  for (let i = 0; i < incidentCount; i++) {
    const victims = [pick(persons)];
    if (chance(0.4)) {
      const other = pick(persons);
      if (other !== victims[0]) victims.push(other);
    }
    const mentioned = pick(persons); // someone else the summary names in passing
    const place = pick(PLACES);
    const date = dateOf(i);
    const own = `s-note-${i}`;
    addSource(own, i, chance(0.1) ? 'interview' : 'monitoring', victims[0]);
    const linked = [own, `s-shared-${Math.floor(random() * sharedCount)}`];
    let third = `s-shared-${Math.floor(random() * sharedCount)}`;
    while (linked.includes(third)) third = `s-shared-${Math.floor(random() * sharedCount)}`;
    linked.push(third);

    const v = victims[0]!;
    const who = v.kind === 'individual' ? v.name : v.name;
    const surname = v.kind === 'individual' ? v.surnameLatin : 'the group';
    const native = v.kind === 'individual' ? `${v.nameNative} (в деле фигурирует как ${inflected(v, random)})` : 'участники инициативной группы';
    const other = mentioned.kind === 'individual' ? `${mentioned.name}, whose own case was reported earlier,` : `members of ${mentioned.name}`;
    const summary = [
      `On ${date} police officers in ${place} detained ${who} outside the building of the regional court, where supporters had gathered to follow the hearing of a local activist.`,
      `According to relatives, ${surname}'s home was searched the same evening without a warrant; officers seized two laptops, a mobile phone and printed leaflets criticising the authorities' handling of the land reform protests.`,
      `The investigator told ${who}'s lawyer that the case was opened under the article on inciting discord because of posts shared on Facebook and in a Telegram channel with about 4,000 subscribers.`,
      `Местные СМИ сообщили, что задержание ${native} произошло через два дня после публикации видеообращения к депутатам маслихата; адвокату не давали встретиться с подзащитным более шести часов.`,
      `${other} told monitors that plain-clothes officers had followed them for a week before the detention and had photographed people who visited the office of the initiative.`,
      `Қазақстандық құқық қорғаушылар бұл істі сөз бостандығына қысым көрсетудің тағы бір мысалы деп бағалады; сот отырысы ${place} қаласында жабық режимде өтті.`,
      `The court ordered two months of pre-trial detention; an appeal lodged on the following day was rejected without a hearing, and the defence was not given access to the expert linguistic report on which the charge rests.`,
    ].join(' ');
    incidents.push({
      key: `inc-${String(i).padStart(5, '0')}`,
      title: `${v.kind === 'individual' ? v.name : v.name} detained in ${place} after online posts`,
      date,
      dateAccuracy: chance(0.85) ? 'exact' : 'month',
      endDate: null,
      location: { place, region: chance(0.5) ? `${place} region` : null },
      rights: [...new Set([pick(RIGHTS), pick(['expression', 'peaceful-assembly', 'association'] as const)])],
      violations: [...new Set([pick(VIOLATIONS), pick(['detention', 'search', 'criminal-charges', 'fine'] as const)])],
      summary,
      victims: victims.map((p) => p.key),
      perpetrators: [pick(PERPETRATORS), ...(chance(0.3) ? [pick(PERPETRATORS)] : [])].filter((p, n, all) => all.indexOf(p) === n),
      legalBasis: chance(0.6) ? [pick(LEGAL)] : [],
      status: chance(0.4) ? 'ongoing' : 'concluded',
      urgent: chance(0.2),
      followUpOf: i > 10 && chance(0.05) ? `inc-${String(i - 1 - Math.floor(random() * 10)).padStart(5, '0')}` : null,
      sources: linked.map((source, n) => ({
        source,
        credibility: 1 + Math.floor(random() * 4),
        locator: n === 0 ? `para. ${1 + Math.floor(random() * 9)}` : null,
        excerpt: n === 0 && chance(0.5) ? `${surname} was taken to the ${place} city police department and questioned for several hours without a lawyer.` : null,
      })),
    });
  }

  const recommendations: NonNullable<BundleInput['recommendations']> = [];
  RIGHTS.forEach((right, r) => {
    recommendations.push({
      key: `r-${right}-state`, right, addressee: 'state',
      text: `Bring legislation and practice on ${right.replace(/-/g, ' ')} into line with the ICCPR, and release everyone detained for its peaceful exercise.`,
      incidents: incidents.filter((_, n) => n % (RIGHTS.length * 3) === r).slice(0, 20).map((x) => x.key),
    });
    recommendations.push({
      key: `r-${right}-eu`, right, addressee: 'eu',
      text: `Raise the individual cases documented in this paper under ${right.replace(/-/g, ' ')} and ask for their review.`,
      incidents: [],
    });
  });

  return {
    bundleVersion: 1,
    country: { code: 'KZ', name: 'Kazakhstan' },
    period: { from: FIRST_DAY, to: dateOf(Math.max(0, incidentCount - 1)) },
    organisations,
    persons: persons.map(({ surnameNative: _s, surnameLatin: _l, ...p }) => ({
      ...p,
      occupation: p.kind === 'individual' ? pick(['blogger', 'journalist', 'civil society activist', 'lawyer', 'trade union leader']) : null,
      affiliation: p.kind === 'individual' && chance(0.3) ? `${pick(organisations).name} (monitor)` : null,
      birthYear: null,
      risk: pick(['low', 'medium', 'high'] as const),
    })),
    sources,
    incidents,
    recommendations,
  };
}
