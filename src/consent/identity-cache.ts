import {
  loadPersonIdentitiesWithConsent, personIdentityRevision, type Executor,
} from '../records/records.repository.js';
import type { NamingConsent, PersonIdentity } from '../records/records.js';
import { nameMatcherFor, prepareNameMatcher, type NameIndex, type NameMatcher } from './index.js';
import type { ProtectedPerson } from './name-variants.js';

/**
 * Everybody's identity (key, kind, names, pseudonym, naming consents), held per database while the
 * persons table's revision stays the same (records.repository: personIdentityRevision), with what
 * is built from it: the name matchers of everyone, of those protected from an audience, the
 * pseudonym resolvers. A request checks the revision (one primary-key read) and reuses all of it;
 * a write to persons from any instance moves the revision, and the next request anywhere loads
 * and builds again. Shared by the API's shaping for pseudonymous callers, the identity-read audit,
 * key checks, mention confirmation and case files (render threads keep them by the same revision).
 *
 * Inside a transaction nothing is cached: it may see its own uncommitted writes.
 */
export interface KnownIdentities {
  /** The persons table's revision these were read at ('' inside a transaction: never reused). */
  readonly revision: string;
  /** Everybody on record, in key order. */
  readonly everyone: readonly PersonIdentity[];
  /** Those whose consent does not cover an audience (the same array every time, per revision). */
  withoutConsent(consent: NamingConsent): readonly PersonIdentity[];
  /** The individuals whose consent covers it (the same array every time, per revision). */
  nameableIndividuals(consent: NamingConsent): readonly PersonIdentity[];
  /** Something built from these identities, built once per revision under `name`. */
  derived<T>(name: string, make: (identities: KnownIdentities) => T): T;
}

type Row = Awaited<ReturnType<typeof loadPersonIdentitiesWithConsent>>[number];

function snapshot(revision: string, rows: readonly Row[]): KnownIdentities {
  const everyone = rows.map(({ consent: _consent, ...identity }) => identity);
  const subsets = new Map<NamingConsent, readonly PersonIdentity[]>();
  const nameable = new Map<NamingConsent, readonly PersonIdentity[]>();
  const built = new Map<string, unknown>();
  const identities: KnownIdentities = {
    revision,
    everyone,
    withoutConsent(consent) {
      let subset = subsets.get(consent);
      if (subset === undefined) {
        subset = everyone.filter((_, i) => !rows[i]!.consent[consent]);
        subsets.set(consent, subset);
      }
      return subset;
    },
    nameableIndividuals(consent) {
      let subset = nameable.get(consent);
      if (subset === undefined) {
        subset = everyone.filter((p, i) => p.kind === 'individual' && rows[i]!.consent[consent]);
        nameable.set(consent, subset);
      }
      return subset;
    },
    derived<T>(name: string, make: (identities: KnownIdentities) => T): T {
      if (!built.has(name)) built.set(name, make(identities));
      return built.get(name) as T;
    },
  };
  return identities;
}

/** Builds a matcher's index away from the event loop (the render threads). */
export type NameIndexBuilder = (persons: readonly PersonIdentity[]) => Promise<NameIndex>;
const builders = new WeakMap<object, NameIndexBuilder>();

/**
 * Everybody's matcher (the identity-read audit's, key checks', shaping's) is built with `build`
 * for this database handle: a new revision's first request waits for it, the others go on.
 */
export function buildMatchersWith(db: Executor, build: NameIndexBuilder): void {
  builders.set(db, build);
}

/**
 * A matcher of `persons` (a list this revision derives, the same array each time) built as
 * everybody's is: apart when this database handle has a builder, so that the event loop is not
 * held for the seconds thousands of persons take; here otherwise (small sets, tests).
 */
export function matcherBuiltApart(db: Executor, persons: readonly ProtectedPerson[]): Promise<NameMatcher> {
  const build = builders.get(db);
  return build === undefined ? Promise.resolve(nameMatcherFor(persons)) : prepareNameMatcher(persons, build);
}

interface Held {
  revision: string;
  identities: Promise<KnownIdentities>;
}
/** Per database handle (two apps in one process on two databases keep two). */
const held = new WeakMap<object, Held>();

export async function knownIdentities(db: Executor): Promise<KnownIdentities> {
  if (db.isTransaction) return snapshot('', await loadPersonIdentitiesWithConsent(db));
  // The revision is read first: identities loaded after it are at least as new as it says.
  const revision = await personIdentityRevision(db);
  const current = held.get(db);
  if (current?.revision === revision) return current.identities;
  const identities = loadPersonIdentitiesWithConsent(db).then(async (rows) => {
    const known = snapshot(revision, rows);
    const build = builders.get(db);
    if (build !== undefined) await prepareNameMatcher(known.everyone, build);
    return known;
  });
  const entry = { revision, identities };
  held.set(db, entry);
  // A failed load is not remembered: the next request tries again.
  identities.catch(() => {
    if (held.get(db) === entry) held.delete(db);
  });
  return identities;
}
