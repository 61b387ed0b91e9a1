import type { Db } from '../db/database.js';
import { getAddressees } from '../records/addressees.repository.js';
import {
  APPEAL_CODE_MAX, baseCode, formatCode, parseScheme, updateCode, updateNumber, type AppealCodeScheme,
} from '../shared/appeal-codes.js';
import { InvalidInputError } from '../shared/errors.js';
import type { Executor } from '../records/records.repository.js';
import {
  advanceCounter, appealCodeOf, counterValue, findAppealByCode, lastUpdateNumber, registerAppealCode,
} from './appeal-codes.repository.js';
import type { DocumentRequest, TypedAddressee } from './request.schemas.js';

/**
 * An urgent appeal's code and what it refers to, decided before composing: the code printed, the
 * earlier appeal ("New information") with its date, and the address book's entries in place of
 * their ids. Numbers are taken optimistically: `claim` moves the counters in the transaction that
 * stores the document, and fails (AppealNumberTaken) if another appeal took them first; the
 * service then plans and composes again.
 */

type AppealRequest = Extract<DocumentRequest, { kind: 'urgent-appeal' }>;

/** Another appeal took the number between planning and storing: plan again. */
export class AppealNumberTaken extends Error {}

export interface AppealPlan {
  /** The request as composed: appealCode, followsAppeal.date and the addressees filled in. */
  request: AppealRequest;
  code: string;
  /** Registers the code and moves the counters; runs inside the storing transaction. */
  claim(trx: Executor): Promise<void>;
}

const refuse = (path: string, message: string, why: string) => new InvalidInputError(why, [{ path, message }]);

/** Which country the appeal is about, for {ISO3}/{ISO2}: the selection's, else the records'. */
export async function planAppeal(
  db: Db,
  request: AppealRequest,
  input: { appealId: string; country: string; today: string; scheme: string | null },
): Promise<AppealPlan> {
  const options = request.options;
  const addressees = await resolveAddressees(db, options.addressees);

  // The earlier appeal: issued here (its date is on record) or elsewhere (the request gives it).
  let followsAppeal = options.followsAppeal;
  if (followsAppeal) {
    const earlier = await findAppealByCode(db, followsAppeal.code);
    const date = followsAppeal.date ?? earlier?.issued_on;
    if (!date) {
      throw refuse('/options/followsAppeal/date', `appeal '${followsAppeal.code}' was not issued here: give its date`, 'The earlier appeal\'s date is needed.');
    }
    followsAppeal = { code: followsAppeal.code, date };
  }

  const planned = await planCode(db, request, followsAppeal?.code ?? null, input);
  return {
    request: { ...request, options: { ...options, appealCode: planned.code, addressees, ...(followsAppeal ? { followsAppeal } : {}) } },
    code: planned.code,
    claim: planned.claim,
  };
}

interface PlannedCode {
  code: string;
  claim(trx: Executor): Promise<void>;
}

async function planCode(
  db: Db,
  request: AppealRequest,
  earlierCode: string | null,
  input: { appealId: string; country: string; today: string; scheme: string | null },
): Promise<PlannedCode> {
  // Asked again (a new version, the other format): the code it was given.
  const given = await appealCodeOf(db, input.appealId);
  if (given) return { code: given.code, claim: async () => {} };

  const register = (code: string, numbered: boolean) => async (trx: Executor) => {
    const ok = await registerAppealCode(trx, {
      appeal_id: input.appealId, code, numbered, country_code: input.country, issued_on: input.today,
      base_code: baseCode(code), update_number: updateNumber(code),
    });
    if (!ok) throw new AppealNumberTaken(code);
  };

  const typed = request.options.appealCode;
  if (typed) return { code: typed, claim: register(typed, false) };

  if (earlierCode) {
    const k = Math.max(await lastUpdateNumber(db, baseCode(earlierCode)), updateNumber(earlierCode)) + 1;
    const code = updateCode(earlierCode, k);
    if ([...code].length > APPEAL_CODE_MAX) {
      throw refuse('/options/followsAppeal/code', `its update code '${code}' would be longer than ${APPEAL_CODE_MAX} characters: give appealCode`, 'The update code is too long.');
    }
    return { code, claim: register(code, true) };
  }

  const scheme = input.scheme === null ? null : parseScheme(input.scheme);
  if (scheme === null || !scheme.ok || scheme.scheme.kind === 'free') {
    const why = scheme === null
      ? 'the organisation has no appeal-code scheme'
      : !scheme.ok ? 'the organisation\'s appeal-code scheme is not valid' : `the organisation writes codes by hand (${scheme.scheme.source})`;
    throw refuse('/options/appealCode', `is required: ${why}`, 'The appeal needs a code.');
  }
  return numberedCode(db, scheme.scheme, input, register);
}

/** The next code of a numbering scheme, and the claim that takes its numbers. */
async function numberedCode(
  db: Db,
  scheme: Extract<AppealCodeScheme, { kind: 'pattern' }>,
  input: { country: string; today: string },
  register: (code: string, numbered: boolean) => (trx: Executor) => Promise<void>,
): Promise<PlannedCode> {
  const year = Number(input.today.slice(0, 4));
  // {seq}: per country and year; {n}: the organisation's, over every country, per year.
  const scopes = scheme.counters.map((kind) => ({ kind, country: kind === 'seq' ? input.country : '*' }));
  const last = await Promise.all(scopes.map((s) => counterValue(db, scheme.source, s.country, year)));
  const next = (kind: 'seq' | 'n') => (last[scopes.findIndex((s) => s.kind === kind)] ?? 0) + 1;
  const code = formatCode(scheme, { country: input.country, date: input.today, seq: next('seq'), n: next('n') });
  const registerCode = register(code, true);
  return {
    code,
    claim: async (trx) => {
      for (const [i, s] of scopes.entries()) {
        if (!(await advanceCounter(trx, scheme.source, s.country, year, last[i]!, last[i]! + 1))) throw new AppealNumberTaken(code);
      }
      await registerCode(trx);
    },
  };
}

/** The address book's entries for the ids picked, in order; every unknown id is a problem at its place. */
async function resolveAddressees(db: Db, picked: AppealRequest['options']['addressees']): Promise<TypedAddressee[]> {
  const ids = picked.filter((a): a is number => typeof a === 'number');
  const found = new Map((await getAddressees(db, ids)).map((a) => [a.id, a]));
  const problems = picked.flatMap((a, i) => (typeof a === 'number' && !found.has(a) ? [{ path: `/options/addressees/${i}`, message: `no addressee ${a} in the address book` }] : []));
  if (problems.length > 0) throw new InvalidInputError('Unknown addressees.', problems);
  return picked.map((a) => {
    if (typeof a !== 'number') return a;
    const b = found.get(a)!;
    const opt = <K extends string>(k: K, v: string | null) => (v ? { [k]: v } as Record<K, string> : {});
    return {
      title: b.title, ...opt('name', b.name), ...opt('address', b.postalAddress), ...opt('email', b.email), ...opt('fax', b.fax),
      ...opt('salutation', b.salutation), ...opt('language', b.language),
    };
  });
}
