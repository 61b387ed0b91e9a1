import { InvalidInputError } from '../../shared/errors.js';
import type { CaseFile } from '../case-file/case-file.js';
import { documentRedactorFor, mayName, Redactor, redactorFor, type Audience, type TextRedactor } from '../../consent/consent.js';
import { audienceResolver, mentionAwareRedactor } from '../../consent/mentions.js';
import { baseParts, letterheadOf } from '../context/base.js';
import { euBriefingContext } from '../context/eu-briefing.js';
import { incidentViews, type IncidentView } from '../context/incidents.js';
import { NoteWriter } from '../context/notes.js';
import { methodologyNote } from '../context/methodology.js';
import { unCommunicationContext } from '../context/un-communication.js';
import { urgentAppealContext } from '../context/urgent-appeal.js';
import { htmlToModel } from '../model/html-to-model.js';
import { NeedleIndex } from './needle-index.js';
import { ambiguityFinderFor, ambiguityRefusal, nameAmbiguities, type NameAmbiguity } from './name-ambiguities.js';
import { withholdingAmbiguities } from '../../consent/name-ambiguity.js';
import type { Block, DocumentModel, Inline } from '../model/model.js';
import { plainText } from '../model/plain-text.js';
import type { DocumentRequest } from '../request.schemas.js';
import { resolveCitations } from '../model/resolve-citations.js';
import { allRuns, walkModel } from '../model/walk.js';
import { renderTemplate, templateHash } from '../template/templates.js';
import type { BaseContext } from '../context/base.js';
import { messagesFor, type Messages } from '../i18n/messages.js';
import { localiseCaseFile } from '../case-file/localise.js';
import { LANGUAGE_NAMES } from '../../shared/languages.js';
import { typesetModel } from '../i18n/typography.js';

/**
 * The pure middle of the pipeline: a loaded case file and a request in, the document model and
 * its provenance out. Knows nothing of the database, HTTP or file formats.
 */

export const audienceOf = (kind: DocumentRequest['kind']): Audience => (kind === 'un-communication' ? 'un' : 'public');

/** Thrown when the records cannot honestly make the document (e.g. incidents without sources). */
export class CompositionRefused extends InvalidInputError {}

/**
 * A record as provenance names it: its database id and version, and its key unless the key
 * itself would name a protected person (staff used to write keys like "p-akmaral-tobylova").
 */
export interface RecordRef {
  id: number;
  key: string | null;
  version: number;
}

export interface Claim {
  note: number;
  section: string;
  /** The statement as printed (up to the citation), so a reviewer can find it. */
  text: string;
  incident: RecordRef;
  /** `grading`: the Admiralty grading ("B2") of the source for this claim; internal, never printed. */
  sources: Array<RecordRef & { description: string; grading: string | null }>;
  unsourced: boolean;
}

export interface Provenance {
  kind: DocumentRequest['kind'];
  audience: Audience;
  template: { name: string; sha256: string };
  generatedAt: string;
  /** The request, with record keys that would name a protected person withheld. */
  request: DocumentRequest;
  claims: Claim[];
  records: {
    incidents: RecordRef[];
    persons: Array<RecordRef & { named: boolean }>;
    sources: RecordRef[];
  };
}

export interface Composition {
  /** The finished document: what every renderer (docx, pdf, the html preview) draws. */
  model: DocumentModel;
  context: BaseContext;
  provenance: Provenance;
  templateHash: string;
  /** Persons shown by pseudonym (for previews and reviewers). */
  pseudonymised: string[];
  /** The document prints a real name of somebody protected in the public audience (needs identities:read). */
  namesProtectedPersons: boolean;
  /** Typed names that may be a person it names or one it protects (redacted meanwhile): staff decide. */
  ambiguities: NameAmbiguity[];
}

export interface ComposeOptions {
  /** A preview shows what is ambiguous instead of refusing it. */
  preview?: boolean;
}

/**
 * A document needs at least one incident. Checked where the case file is loaded too, before any
 * composing work is queued: at 20,000 persons a preview of an empty selection waited ~20 s for
 * the document's name indexes and was then refused.
 */
export function refuseEmptySelection(file: Pick<CaseFile, 'incidents'>): void {
  if (file.incidents.length === 0) {
    throw new CompositionRefused('The selection matches no incident.', [{ path: '/selection', message: 'matches no incident' }]);
  }
}

export function compose(original: CaseFile, request: DocumentRequest, now: Date = new Date(), options: ComposeOptions = {}): Composition {
  refuseEmptySelection(original);
  const audience = audienceOf(request.kind);
  const redactor = documentRedactorFor(original.protectedPersons, original.nameablePersons ?? []);
  const m = messagesFor(request.language);
  // Record text in the document's language where the records translate it; marked where not (drafts and previews).
  const marked = request.draft || options.preview === true;
  const { file, untranslated } = localiseCaseFile(original, request.language, marked ? m.t('flag.untranslated') : null, request.kind === 'eu-briefing');
  if (untranslated.length > 0 && !marked && !request.allowMixedLanguages) {
    throw new CompositionRefused(
      `${untranslated.length} field(s) of the selected records have no ${LANGUAGE_NAMES[request.language]} translation; translate them, ask for a draft, or allow mixed languages (allowMixedLanguages).`,
      untranslated.map((u) => {
        const key = redactor.namesSomebody(u.key) ? '(withheld: the key names a person)' : u.key;
        return { path: `/${u.collection}/${key}/translations/${request.language}${u.field}`, message: `has no ${LANGUAGE_NAMES[request.language]} translation of ${u.field.slice(1)}` };
      }),
    );
  }
  // Free text: mentions rendered for the audience (name or pseudonym), the rest redacted; a typed
  // name that may be a person named here or one protected is withheld until staff say whom it means.
  const ambiguous = ambiguityFinderFor(file, audience);
  const text = mentionAwareRedactor(withholdingAmbiguities(redactor, ambiguous), audienceResolver(new Map([...file.mentioned, ...file.persons]), audience));
  const today = now.toISOString().slice(0, 10);
  const set = incidentViews(file, audience, text, today, m);
  const base = baseParts(file, request, set, today);

  const context =
    request.kind === 'un-communication'
      ? unCommunicationContext(request.options, base, set, request.draft, text)
      : request.kind === 'eu-briefing'
        ? euBriefingContext(request.options, base, set, file.recommendations, text, request.draft, today)
        : urgentAppealContext(request.options, base, set, request.selection.persons ?? [], {
          redactor: text,
          persons: [...new Map([...file.mentioned, ...file.persons]).values()],
        }, request.draft);

  // Every incident the document cites must have a source, unless a draft is asked for.
  const cited = [...set.byKey.values()];
  const unsourced = cited.filter((i) => i.unsourced);
  if (unsourced.length > 0 && !request.draft) {
    throw new CompositionRefused(
      `${unsourced.length} selected incident(s) have no source; add sources or ask for a draft.`,
      unsourced.map((i) => ({ path: `/incidents/${i.key}`, message: `incident '${i.key}' (“${i.title}”, ${i.date}) has no source` })),
    );
  }

  // A typed name that may be a person named here or one protected: only a draft or a preview prints it (redacted).
  const ambiguities = nameAmbiguities(file, audience, request.kind === 'urgent-appeal', ambiguous);
  const refusal = request.draft || options.preview ? null : ambiguityRefusal(ambiguities);
  if (refusal) throw new CompositionRefused(refusal.message, refusal.problems);

  const citable = new Map(cited.map((i) => [i.key, { unsourced: i.unsourced }]));
  // Every kind's annex may carry the paragraph on method; templates run strict, so it is always set.
  const methodology = request.methodologyNote ? methodologyNote(context.organisation.name, context.annex, request.draft, m) : null;
  const html = renderTemplate(request.kind, { ...context, methodologyNote: methodology }, { citable, messages: m });
  const { blocks: rawBlocks } = htmlToModel(html);
  const writer = new NoteWriter(context.annex, m);
  const resolved = resolveCitations(rawBlocks, (key, number) => writer.note(set.byKey.get(key)!, number));

  // French spacing (narrow no-break spaces before ; : ! ? and inside « ») over every run, fixed words and record text alike.
  const model: DocumentModel = typesetModel(m.language, {
    meta: {
      title: context.title,
      subject: subjectOf(request.kind, context.country, m),
      author: context.organisation.name,
      language: m.locale,
      keywords: [request.kind, context.country.code, context.period.label],
      draft: request.draft,
      ...(request.kind === 'un-communication' && request.options.variant === 'urgent-appeal' ? { runningHeader: m.t('un.runningHeader') } : {}),
      ...senderLetterhead(request, file, context, m),
      labels: {
        draftStamp: m.t('render.draftStamp'), draftBanner: m.t('render.draftBanner'),
        pageBefore: m.t('render.pageBefore'), pageBetween: m.t('render.pageBetween'),
      },
    },
    blocks: resolved.blocks,
    notes: resolved.notes,
  });
  const blocks = model.blocks;

  // Keys repeat (a source per claim that cites it): look each up once.
  const safeKeys = new Map<string, string | null>();
  const safeKey = (key: string): string | null => {
    let safe = safeKeys.get(key);
    if (safe === undefined) {
      safe = redactor.namesSomebody(key) ? null : key;
      safeKeys.set(key, safe);
    }
    return safe;
  };
  const sourceRef = (key: string): RecordRef => {
    const meta = file.sources.get(key)!.meta;
    return { id: meta.id, key: safeKey(key), version: meta.version };
  };
  const claims = collectClaims(blocks, set.byKey, sourceRef, safeKey);
  // Both audits read every body run's text: it is made once (plainText, the same string for each).
  const runText = plainTextOnce();
  auditCitations(model, claims, set.byKey, context.annex.map((s) => s.key), () => textOutsideSummaries(context), runText);
  // Names of consenting persons that this document prints from their records (both audits use them).
  const mayPrint = namesMayPrint(file, audience);
  // A public document names nobody protected in public: the audit proves it.
  const publicRedactor = audience === 'public' || file.publiclyProtectedPersons.length === 0 ? null : redactorFor(file.publiclyProtectedPersons);
  const namesProtectedPersons = auditConsent(model, redactor, mayPrint, publicRedactor, runText);

  const hash = templateHash(request.kind);
  const incidentsById = new Map([...set.byKey.values()].reverse().map((i) => [i.id, i]));
  const citedIncidents = [...new Set(claims.map((c) => c.incident.id))].map((id) => incidentsById.get(id)!);
  const withheld = (keys: string[] | undefined) => keys?.map((k) => safeKey(k) ?? '(withheld: the key names a protected person)');
  const provenance: Provenance = {
    kind: request.kind,
    audience,
    template: { name: `${request.kind}.hbs`, sha256: hash },
    generatedAt: now.toISOString(),
    request: {
      ...request,
      // Options are typed by the caller (addressees, organisation, remedies) and may name a protected person.
      options: redactStrings(request.options, text) as never,
      selection: {
        ...request.selection,
        ...(request.selection.persons ? { persons: withheld(request.selection.persons) } : {}),
        ...(request.selection.incidents ? { incidents: withheld(request.selection.incidents) } : {}),
      },
    },
    claims,
    records: {
      incidents: citedIncidents.map((i) => ({ id: i.id, key: safeKey(i.key), version: i.version })),
      persons: context.victims.map((v) => {
        const meta = file.persons.get(v.key)!.meta;
        return { id: meta.id, key: v.named ? v.key : safeKey(v.key), version: meta.version, named: v.named };
      }),
      sources: context.annex.map((s) => sourceRef(s.key)),
    },
  };
  // Provenance is shown to reviewers and services: it must not name anybody either.
  // Text with the same matcher that redacted it (a stricter reading here would refuse what the
  // redaction let through: a 500, not a safer document); keys above were withheld whole already.
  // A claim's text is a slice of a run of the model, which auditConsent has just read with the
  // same matcher: read again here, it was a third of all matching in a 1000-incident briefing.
  // The template's name and hash are ours (a hex digest can spell a degenerate name: "b45aa").
  const texts = provenanceTexts(provenance);
  if ([...texts].some((text) => redactor.findLeaks(text).length > 0 && redactor.findLeaks(withoutNamesMayPrint(text, mayPrint)).length > 0)) {
    throw new CompositionAuditError('a protected name would appear in the provenance');
  }
  return {
    model,
    context,
    templateHash: hash,
    pseudonymised: context.victims.filter((v) => !v.named).map((v) => v.displayName),
    namesProtectedPersons,
    provenance,
    ambiguities,
  };
}

/**
 * The letterhead: the profile's (logo, name, contact) when it is the sender, the named submitter's
 * name and contact when the request names one, none for the neutral placeholder.
 */
function senderLetterhead(request: DocumentRequest, file: CaseFile, context: BaseContext, m: Messages): { letterhead?: DocumentModel['meta']['letterhead'] } {
  const named = request.options.submittingOrganisation !== undefined;
  if (!named && !file.sender) return {};
  return { letterhead: letterheadOf(context.organisation, named ? null : file.sender?.logo ?? null, m) };
}

/**
 * Every distinct string of a JSON value as JSON.stringify writes it: values, property names, and
 * numbers, booleans and null as text. Checking each on its own finds at least what checking the
 * serialised JSON finds: a name cannot run across JSON's separators (there is no whitespace
 * between them), a string's ends are word boundaries either way, and escapes such as "\n" even
 * hid what the raw string shows. Claims repeat their sources' descriptions, and an incident
 * printed in two sections repeats its claim's text: each is checked once.
 */
function jsonStrings(value: unknown, out = new Set<string>()): Set<string> {
  if (typeof value === 'string') out.add(value);
  else if (Array.isArray(value)) for (const v of value) jsonStrings(v, out);
  else if (value && typeof value === 'object') {
    // Own enumerable keys, as Object.entries gives them, without an array per property.
    for (const k of Object.keys(value)) {
      out.add(k);
      jsonStrings((value as Record<string, unknown>)[k], out);
    }
  } else if (value !== undefined) out.add(String(value));
  return out;
}

/**
 * The strings of the provenance the audit reads (jsonStrings): all but the template's name and
 * hash, and the claims' printed text. Each claim's keys and values are read in place, not from a
 * copy of every claim without `text`.
 */
export function provenanceTexts(provenance: Provenance): Set<string> {
  const out = jsonStrings({ ...provenance, template: null, claims: null });
  for (const claim of provenance.claims) {
    for (const key of Object.keys(claim) as Array<keyof Claim>) {
      if (key === 'text') continue;
      out.add(key);
      jsonStrings(claim[key], out);
    }
  }
  return out;
}

/** A copy of a JSON value with every string redacted. */
function redactStrings(value: unknown, redactor: TextRedactor): unknown {
  if (typeof value === 'string') return redactor.redact(value);
  if (Array.isArray(value)) return value.map((v) => redactStrings(v, redactor));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactStrings(v, redactor)]));
  return value;
}

function subjectOf(kind: DocumentRequest['kind'], country: BaseContext['country'], m: Messages): string {
  const values = { country: country.name, countryOf: country.of, countryIn: country.in };
  return m.t(kind === 'un-communication' ? 'un.docSubject' : kind === 'eu-briefing' ? 'eu.docSubject' : 'ua.docSubject', values);
}

/**
 * One claim per citation, in document (and so note) order, with the text it closes and the
 * heading above it. Every run the walk visits counts, table header cells included.
 */
export function collectClaims(
  blocks: Block[],
  incidents: Map<string, IncidentView>,
  sourceRef: (key: string) => RecordRef,
  safeKey: (key: string) => string | null,
): Claim[] {
  const claims: Claim[] = [];
  walkModel({ blocks }, {
    run: (inlines, { section }) => {
      let start = 0;
      for (let index = 0; index < inlines.length; index++) {
        const inline = inlines[index]!;
        if (inline.type !== 'citation') continue;
        const text = plainTextWithoutFlags(inlines, start, index);
        start = index + 1;
        const incident = incidents.get(inline.incidentKey)!;
        claims.push({
          note: inline.noteNumber!,
          section,
          text,
          incident: { id: incident.id, key: safeKey(incident.key), version: incident.version },
          sources: incident.evidence.map((e) => {
            // Written out, not spread: thousands of these at 1000 incidents, and a spread is slow.
            const { id, key, version } = sourceRef(e.source.key);
            return { id, key, version, description: e.source.description, grading: e.grading };
          }),
          unsourced: incident.unsourced,
        });
      }
    },
  });
  return claims;
}

/** plainText of inlines[start, end) without its flags: one array per claim, not a slice and a filtered copy of it. */
function plainTextWithoutFlags(inlines: readonly Inline[], start: number, end: number): string {
  const kept: Inline[] = [];
  for (let i = start; i < end; i++) if (inlines[i]!.type !== 'flag') kept.push(inlines[i]!);
  return plainText(kept);
}

/** plainText, remembered per run (the same array of inlines) for the composition that asks. */
function plainTextOnce(): (inlines: readonly Inline[]) => string {
  const texts = new WeakMap<readonly Inline[], string>();
  return (inlines) => {
    let text = texts.get(inlines);
    if (text === undefined) texts.set(inlines, (text = plainText(inlines)));
    return text;
  };
}

export class CompositionAuditError extends Error {}

/**
 * Every text of the context except incident summaries, whitespace-normalised: a summary that
 * starts like a recommendation, an occupation or a title cannot be told apart from them in print,
 * so the citation audit does not hold such a text against the incident.
 */
function textOutsideSummaries(context: unknown): string {
  const out: string[] = [];
  const seen = new Set<object>();
  const walk = (value: unknown, key: string) => {
    if (typeof value === 'string') {
      // Shorter than a probe, it cannot hold one (a probe never crosses from one string into the next).
      if (key !== 'summary' && value.length >= MIN_PROBE) out.push(value);
    } else if (value !== null && typeof value === 'object' && !seen.has(value)) {
      seen.add(value);
      if (Array.isArray(value)) for (const v of value) walk(v, key);
      else for (const k in value) walk((value as Record<string, unknown>)[k], k);
    }
  };
  walk(context, '');
  // One pass over all of it; NUL (no white space, and never in a probe) keeps the strings apart.
  // Every run of white space becomes one space: only runs that are not one space already are
  // replaced (the same result as /\s+/g, without rewriting the text's every single space).
  return out.join('\u0000').replace(/\s{2,}|[^\S ]/g, ' ');
}

/** The shortest summary opening the citation audit looks for. */
const MIN_PROBE = 20;

/**
 * Promise 1, checked on the finished model: every incident summary that is printed carries a
 * citation to its incident in the same paragraph; every note belongs to a cited incident; the
 * annex lists exactly the sources of the cited incidents.
 */
export function auditCitations(
  model: DocumentModel, claims: Claim[], incidents: Map<string, IncidentView>, annexKeys: string[], otherText: string | (() => string) = '',
  runText: (inlines: readonly Inline[]) => string = plainText,
): void {
  if (claims.length !== model.notes.length) throw new CompositionAuditError('claims and notes differ in number');
  // Every run of the body: paragraphs, headings, list items, table cells (header cells too).
  const paragraphs = allRuns({ blocks: model.blocks }).map((run) => run.inlines);
  // Each summary's opening is computed once, and each paragraph is searched for all of them in
  // one pass (NeedleIndex) rather than with incidents × paragraphs `includes` calls: the audit
  // stays linear in the number of incidents (it was 1000 × ~3000 searches at 1000 incidents).
  const probes = new Map<string, string>(); // incident key → the opening of its summary
  const collapsedSummaries = new Map<string, string>(); // incident key → its summary, spaces collapsed (on demand)
  const summaryText = (key: string): string => {
    let text = collapsedSummaries.get(key);
    if (text === undefined) collapsedSummaries.set(key, (text = (incidents.get(key)?.summary ?? '').replace(/\s+/g, ' ')));
    return text;
  };
  const firstWithProbe = new Map<string, { key: string; order: number }>(); // opening → first incident (in order) with it
  for (const incident of incidents.values()) {
    const probe = incident.summary.slice(0, 60).replace(/\s+/g, ' ').trim();
    probes.set(incident.key, probe);
    if (probe.length >= MIN_PROBE && !firstWithProbe.has(probe)) firstWithProbe.set(probe, { key: incident.key, order: firstWithProbe.size });
  }
  // An opening that other text of the context also prints (a title, a recommendation) proves
  // nothing. Asked only of an opening printed without its citation: in a sound document there is
  // none, and collecting the other text (megabytes at 1000 incidents) is skipped.
  let alsoElsewhere: Set<string> | undefined;
  const printedElsewhere = (probe: string): boolean => {
    alsoElsewhere ??= new NeedleIndex(firstWithProbe.keys(), MIN_PROBE).occurringIn(typeof otherText === 'string' ? otherText : otherText());
    return alsoElsewhere.has(probe);
  };
  const summaries = new NeedleIndex(firstWithProbe.keys(), MIN_PROBE);
  for (const inlines of paragraphs) {
    const printed = summaries.occurringIn(runText(inlines));
    if (printed.size === 0) continue;
    // Two incidents may share a summary (a record entered twice): citing either one accounts for the text.
    const citedKeys = inlines.flatMap((i) => (i.type === 'citation' ? [i.incidentKey] : []));
    const cited = new Set(citedKeys.map((key) => probes.get(key)));
    let uncited: { key: string; order: number } | undefined;
    for (const probe of printed) {
      const first = firstWithProbe.get(probe)!;
      if (cited.has(probe) || (uncited !== undefined && first.order >= uncited.order)) continue;
      // A short summary ("The court did not examine the complaint.") may recur word for word in
      // another incident's narrative: printed there, it is that cited incident's text.
      if (citedKeys.some((key) => summaryText(key).includes(probe))) continue;
      if (printedElsewhere(probe)) continue;
      uncited = first;
    }
    if (uncited) throw new CompositionAuditError(`the summary of incident '${uncited.key}' is printed without its citation`);
  }
  const byId = new Map([...incidents.values()].map((i) => [i.id, i]));
  const citedSources = new Set<string>();
  for (const claim of claims) {
    const incident = byId.get(claim.incident.id);
    if (!incident) throw new CompositionAuditError(`claim ${claim.note} cites incident #${claim.incident.id}, which is not in the document`);
    for (const e of incident.evidence) citedSources.add(e.source.key);
  }
  const annex = new Set(annexKeys);
  if (citedSources.size !== annex.size || [...citedSources].some((k) => !annex.has(k))) {
    throw new CompositionAuditError('the source annex does not list exactly the cited sources');
  }
}

/**
 * The names this document prints of persons who consented to be named to its audience (victims
 * and persons mentioned): their own names, rendered from their records, are not read as a
 * protected relative's or namesake's ("Aigerim Abenova", named, beside a protected "Marat Abenov").
 */
function namesMayPrint(file: CaseFile, audience: Audience): string[] {
  const names = new Set<string>();
  for (const person of [...file.persons.values(), ...file.mentioned.values()]) {
    if (!mayName(person, audience)) continue;
    for (const name of [person.name, person.nameNative]) if (name && name.trim().length > 0) names.add(name.trim());
  }
  // Longest first, so that a full name is masked before a shorter name inside it.
  return [...names].sort((a, b) => b.length - a.length);
}

/** The text with each printed consenting name blanked out (same length: offsets do not matter here). */
function withoutNamesMayPrint(text: string, names: readonly string[]): string {
  let out = text;
  for (const name of names) if (out.includes(name)) out = out.split(name).join(' '.repeat(name.length));
  return out;
}

/**
 * Promise 2, checked on the finished model: no protected name anywhere in text, notes, links or
 * metadata (a refusal otherwise). Returns whether the document prints a real name of somebody
 * protected in the PUBLIC audience (`publicRedactor`: a UN communication naming a person who
 * consented to UN submission only, say); reading such a document needs identities:read (the
 * service refuses it to other callers, documents.service.ts). Both read each distinct text in a
 * row, so it is folded and split into words once for both.
 */
function auditConsent(
  model: DocumentModel, redactor: Redactor, namesMayPrint: readonly string[], publicRedactor: Redactor | null,
  runText: (inlines: readonly Inline[]) => string = plainText,
): boolean {
  const letterhead = model.meta.letterhead ? [model.meta.letterhead.name, ...model.meta.letterhead.lines] : [];
  const texts = new Set<string>([model.meta.title, model.meta.subject, model.meta.author, ...model.meta.keywords, model.meta.runningHeader ?? '', ...letterhead]);
  // Every run of the body and of the notes: its visible text, and where its links point.
  walkModel(model, {
    run: (inlines) => {
      texts.add(runText(inlines));
      for (const i of inlines) if (i.type === 'link') texts.add(i.href);
    },
  });
  // The staff preview shows each note's internal line too.
  for (const note of model.notes) if (note.internal) texts.add(note.internal);
  // Each distinct text once: an incident's note repeats wherever it is cited.
  let namesPubliclyProtected = false;
  for (const t of texts) {
    // Most texts name nobody protected: only those that seem to are read again without the names they may print.
    if (redactor.findLeaks(t).length > 0 && redactor.findLeaks(withoutNamesMayPrint(t, namesMayPrint)).length > 0) {
      // Reachable when a consenting person's name contains a protected person's name (a shared
      // surname, say): the document cannot be shown not to identify the protected person. The
      // refusal says neither the name nor whose pseudonym it is: told "the person known as Blogger F"
      // after typing a guessed name, a caller would learn who Blogger F is.
      throw new CompositionRefused(
        'The document would contain the name of a person who has not consented to be named to this audience.',
        [{
          path: '/selection',
          message: 'a protected name would appear in the document, probably inside another person\'s name (e.g. a shared surname); review the records of the selected incidents before generating',
        }],
      );
    }
    if (publicRedactor !== null && !namesPubliclyProtected) namesPubliclyProtected = publicRedactor.findLeaks(t).length > 0;
  }
  return namesPubliclyProtected;
}


