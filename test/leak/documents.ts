/**
 * Document channels: one document per kind × format over the corpus incidents, generated
 * through the API, and read back the way a recipient's tools read it (every DOCX part; PDF
 * text, metadata, outline, links, raw objects), plus the HTML preview and the file name.
 * A refused or failed request (the service's own audit, a 500) is split in halves until the refused incidents
 * are isolated, so that one refusal does not hide every other leak.
 */
import { pdfInfo, pdfPages, readDocx, xmlAttributeValues, xmlToText } from '../support/extract.js';
import type { Api } from './api.js';
import type { Corpus } from './corpus/types.js';
import type { Channel } from './oracle.js';
import { pdfObjects, pdfRawStrings } from './pdf-raw.js';

export type Kind = 'un-communication' | 'eu-briefing' | 'urgent-appeal';
export type Format = 'docx' | 'pdf';
export const KINDS: readonly Kind[] = ['un-communication', 'eu-briefing', 'urgent-appeal'];
export const FORMATS: readonly Format[] = ['docx', 'pdf'];
export const audienceOf = (kind: Kind): 'un' | 'public' => (kind === 'un-communication' ? 'un' : 'public');

export interface ChannelText { channel: Channel; text: string }

export interface GeneratedDoc { kind: Kind; format: Format; id: string; created: string; disposition: string; bytes: Buffer }

const OPTIONS: Record<Kind, Record<string, unknown>> = {
  'un-communication': { variant: 'allegation-letter', mandates: ['sr-expression', 'wg-arbitrary-detention', 'sr-defenders'] },
  'eu-briefing': { dialogueRound: { number: 12, date: '2022-02-15', place: 'Brussels' }, publicationDate: '2022-02-01' },
  'urgent-appeal': { appealCode: 'KAZ 001/0122/OBS 007', addressees: [{ title: 'Prosecutor General of the Republic of Kazakhstan' }] },
};

/** Every document language (issue 16): each prints the records' translations, which must hold as the originals do. */
export const LANGUAGES = ['en', 'fr', 'es', 'ru'] as const;
export type Language = (typeof LANGUAGES)[number];

export const documentRequest = (kind: Kind, format: Format, incidents: readonly string[], language: Language = 'en') => ({
  kind, format, selection: { incidents: [...incidents] }, options: OPTIONS[kind],
  ...(language === 'en' ? {} : { language }),
});

/** Posts `request(incidents)`; on a 422 refusal splits the incidents until each part passes or is one refused incident. */
async function splitUntilAccepted(
  api: Api, url: string, request: (incidents: readonly string[]) => unknown, incidents: readonly string[], refused: Set<string>, bodies: string[],
): Promise<Array<{ status: number; body: string; raw: Buffer }>> {
  const res = await api.call('POST', url, request(incidents));
  if (res.status < 300) return [res];
  // A typed name that may be a consenting or a protected person (issue 12.6): a final document
  // waits until staff say whom it means; meanwhile it is made as a draft, which prints it withheld.
  // (The maker may see names, so its refusal names them; refusedAnswers reads the shaped one.)
  if (res.status === 422 && isAmbiguityRefusal(res.body)) {
    const draft = await api.call('POST', url, { ...(request(incidents) as object), draft: true });
    if (draft.status < 300) return [draft];
  }
  bodies.push(`${res.status}\n${res.body}`);
  // 422: the service's own audit refused; 500: it failed on some incident. Either way, isolate it.
  if ((res.status !== 422 && res.status !== 500) || incidents.length === 1) {
    incidents.forEach((i) => refused.add(`${i} (${res.status})`));
    return [];
  }
  const mid = Math.ceil(incidents.length / 2);
  return [
    ...(await splitUntilAccepted(api, url, request, incidents.slice(0, mid), refused, bodies)),
    ...(await splitUntilAccepted(api, url, request, incidents.slice(mid), refused, bodies)),
  ];
}

/** A 422 whose every problem is a typed name that may be either of several persons. */
function isAmbiguityRefusal(body: string): boolean {
  try {
    const problems = (JSON.parse(body) as { problems?: Array<{ path: string; message: string }> }).problems ?? [];
    return problems.length > 0 && problems.every((p) => /^\/(incidents|persons|sources|recommendations)\/[^/]+\/./.test(p.path) && /may name (either|any) of/.test(p.message));
  } catch {
    return false;
  }
}

export interface Generated {
  docs: GeneratedDoc[];
  previews: Map<Kind, string>;
  /** Incidents left out, by "kind/format", each with the status that made us leave it out. */
  refused: Map<string, string[]>;
  /** Bodies of the refused requests: the 4xx channel reads them too. */
  refusals: string[];
}

export async function generateDocuments(api: Api, corpus: Corpus): Promise<Generated> {
  const refusals: string[] = [];
  const docs: GeneratedDoc[] = [];
  const previews = new Map<Kind, string>();
  const refused = new Map<string, string[]>();
  for (const kind of KINDS) for (const language of LANGUAGES) {
    // One request stores both formats (one composition); each file is read by its ?format=.
    const left = new Set<string>();
    const generated = await splitUntilAccepted(api, '/api/v1/documents', (i) => documentRequest(kind, 'pdf', i, language), corpus.sourcedIncidents, left, refusals);
    if (left.size > 0) refused.set(`${kind}/${language}/docx+pdf`, [...left]);
    for (const a of generated) {
      const meta = JSON.parse(a.body) as { id: string; links: { file: string } };
      for (const format of FORMATS) {
        const file = await api.call('GET', `${meta.links.file}?format=${format}`);
        docs.push({ kind, format, id: meta.id, created: a.body, disposition: String(file.headers['content-disposition'] ?? ''), bytes: file.raw });
      }
    }
    const r = new Set<string>();
    const answers = await splitUntilAccepted(api, '/api/v1/documents/preview', (i) => documentRequest(kind, 'pdf', i, language), corpus.sourcedIncidents, r, refusals);
    if (r.size > 0) refused.set(`${kind}/${language}/preview`, [...r]);
    previews.set(kind, [previews.get(kind) ?? '', ...answers.map((a) => a.body)].join('\n'));
  }
  return { docs, previews, refused, refusals };
}

/** A DOCX or XML part as text: what Word shows, plus attribute values (link targets, names). */
const partText = (xml: string) => `${xmlToText(xml)}\n${xmlAttributeValues(xml).join('\n')}`;

/** Splits one document into its channels. */
async function documentChannels(doc: GeneratedDoc): Promise<Array<[string, string]>> {
  const out: Array<[string, string]> = [[`${doc.format}:filename`, doc.disposition]];
  if (doc.format === 'docx') {
    const docx = await readDocx(doc.bytes);
    const xmlParts = [...docx.parts].filter(([path]) => /\.(xml|rels)$/.test(path));
    const of = (re: RegExp) => xmlParts.filter(([path]) => re.test(path)).map(([, xml]) => partText(xml)).join('\n');
    // Paragraph text joins runs as Word shows them: a name split over two runs is still one word.
    out.push(['docx:document', `${docx.paragraphs.map((p) => p.text).join('\n')}\n${of(/^word\/document\.xml$/)}`]);
    out.push(['docx:footnotes', `${[...docx.footnotes.values()].join('\n')}\n${of(/^word\/(foot|end)notes\.xml$/)}`]);
    out.push(['docx:headers-footers', `${[...docx.headers, ...docx.footers].join('\n')}\n${of(/^word\/(header|footer)\d*\.xml$/)}`]);
    out.push(['docx:properties', of(/^docProps\//)]);
    out.push(['docx:other-parts', of(/^(?!word\/(document|footnotes|endnotes|header\d*|footer\d*)\.xml$)(?!docProps\/)/)]);
  } else {
    const [pages, info, objects, raw] = await Promise.all([pdfPages(doc.bytes), pdfInfo(doc.bytes), pdfObjects(doc.bytes), pdfRawStrings(doc.bytes)]);
    out.push(['pdf:text', pages.join('\n')]);
    out.push(['pdf:metadata', `${Object.values(info.fields).join('\n')}\n${info.xmp}`]);
    out.push(['pdf:outline', objects.outline.join('\n')]);
    out.push(['pdf:links', objects.uris.join('\n')]);
    out.push(['pdf:raw', raw]);
  }
  return out;
}

/** Document channel texts, several parts of a split request joined. */
export async function documentTexts(docs: GeneratedDoc[], previews: Map<Kind, string>): Promise<ChannelText[]> {
  const byName = new Map<string, ChannelText>();
  const add = (kind: Kind, type: string, text: string) => {
    const name = `${kind}/${type}`;
    const existing = byName.get(name);
    if (existing) existing.text += `\n${text}`;
    else byName.set(name, { channel: { name, type, audience: audienceOf(kind), group: 'document' }, text });
  };
  for (const doc of docs) for (const [type, text] of await documentChannels(doc)) add(doc.kind, type, text);
  for (const [kind, html] of previews) add(kind, 'preview', `${html.replace(/<[^>]*>/g, ' ')}\n${xmlAttributeValues(html).join('\n')}`);
  return [...byName.values()];
}
