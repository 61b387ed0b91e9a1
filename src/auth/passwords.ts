import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as zxcvbnCommon from '@zxcvbn-ts/language-common';
import argon2 from 'argon2';

/**
 * Password hashing: argon2id with OWASP's recommended minimum (19 MiB, 2 passes, 1 lane) or more.
 * The parameters travel inside each encoded hash, so raising them later keeps old hashes valid
 * and `needsRehash` tells when to upgrade one at the next sign-in.
 */
export const ARGON2_OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 256;

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, ARGON2_OPTIONS);
}

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}

export function needsRehash(hash: string): boolean {
  return argon2.needsRehash(hash, ARGON2_OPTIONS);
}

/**
 * A hash of a password nobody knows, verified when the user name does not exist, so that a
 * wrong name takes as long as a wrong password and does not reveal which names exist.
 */
let decoy: Promise<string> | undefined;
export function decoyHash(): Promise<string> {
  decoy ??= hashPassword(`decoy-${Math.random()}-${Date.now()}`);
  return decoy;
}

/** zxcvbn's score (0–4) a new password needs: 3 = "safely unguessable" (about 10^8 guesses or more). */
export const MIN_PASSWORD_SCORE = 3;
/** zxcvbn looks at this many characters; its repeat matcher is slow on long inputs (CPU bound). */
const STRENGTH_CHECK_CHARS = 48;

let strength: ZxcvbnFactory | undefined;
let common: Set<string> | undefined;
/**
 * The checker and the list (~5 MB of heap) are forgotten this long after the last check: new
 * passwords are rare, and a service kept them for good after its start-up's ADMIN_PASSWORD check.
 * Ten seconds covers a form sent again at once; past that they are rebuilt in ~0.1 s.
 */
export const FORGET_AFTER_MS = 10_000;
let forgetting: NodeJS.Timeout | undefined;

function forgetLater(): void {
  clearTimeout(forgetting);
  forgetting = setTimeout(() => {
    strength = undefined;
    common = undefined;
  }, FORGET_AFTER_MS).unref();
}

/** Whether the checker or the list is held now (tests). */
export const strengthCheckerHeld = (): boolean => strength !== undefined || common !== undefined;

/** The offline list of common and breached passwords (@zxcvbn-ts/language-common, ~49,000). */
function commonPasswords(): Set<string> {
  common ??= new Set(zxcvbnCommon.dictionary['passwords-common'].map((p) => p.toLowerCase()));
  return common;
}

function strengthChecker(): ZxcvbnFactory {
  strength ??= new ZxcvbnFactory({
    dictionary: { ...zxcvbnCommon.dictionary, service: ['advocacy', 'advocacy-docs', 'documents', 'admin', 'password'] },
    graphs: zxcvbnCommon.adjacencyGraphs,
    maxLength: STRENGTH_CHECK_CHARS,
  });
  return strength;
}

/**
 * Why a new password is refused, or null (OWASP ASVS V6 / NIST SP 800-63B): 12 to 256 characters,
 * not only spaces, not on the offline list of common and breached passwords (compared ignoring
 * case and spaces), and at least zxcvbn score 3 — which refuses repetitions ("aaaaaaaaaaaa"),
 * sequences, keyboard walks, dictionary words with digits ("password1234") and the user's own
 * name (`userInputs`). No composition rules: a long passphrase is the easiest strong password.
 */
export function passwordProblem(password: string, userInputs: readonly string[] = []): string | null {
  const length = [...password].length;
  if (length < MIN_PASSWORD_LENGTH) return `must be at least ${MIN_PASSWORD_LENGTH} characters`;
  if (password.length > MAX_PASSWORD_LENGTH) return `must be at most ${MAX_PASSWORD_LENGTH} characters`;
  if (password.trim().length === 0) return 'must not be only spaces';
  forgetLater();
  const folded = password.toLowerCase();
  const list = commonPasswords();
  if (list.has(folded) || list.has(folded.replace(/\s+/g, ''))) return 'is on a list of common or breached passwords; choose another';
  const result = strengthChecker().check(password, userInputs.filter((u) => u.length > 0).map((u) => u.toLowerCase()));
  if (result.score < MIN_PASSWORD_SCORE) {
    return 'is too easy to guess (repeated or sequential characters, a common word or name with digits, a keyboard pattern, or your user name); a passphrase of three or four unrelated words works well';
  }
  return null;
}
