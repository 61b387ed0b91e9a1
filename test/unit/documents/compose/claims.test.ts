import { describe, expect, it } from 'vitest';
import { auditCitations, collectClaims, type RecordRef } from '../../../../src/documents/compose/compose.js';
import type { IncidentView } from '../../../../src/documents/context/incidents.js';
import type { SourceView } from '../../../../src/documents/context/sources.js';
import { htmlToModel } from '../../../../src/documents/model/html-to-model.js';
import type { DocumentModel } from '../../../../src/documents/model/model.js';
import { resolveCitations } from '../../../../src/documents/model/resolve-citations.js';

/**
 * Claims are collected from every place a citation can be numbered. A citation in a table header
 * cell used to be numbered (resolve-citations) but not collected (collectClaims), so the audit
 * found claims and notes differing in number: a 500 for the request.
 */

const source = (key: string): SourceView => ({ key, confidential: false, description: `Source ${key}`, url: null, reliability: 'B', author: null, title: `Source ${key}` });

function incident(key: string, id: number, sources: string[]): IncidentView {
  return {
    key, id, version: 1, title: `Title ${key}`, date: '1 March 2018', dateHeading: '1 March 2018', dateLead: 'On 1 March 2018',
    isoDate: '2018-03-01', place: 'Almaty', rights: [], rightLabels: [], violations: [], violationKeys: [],
    summary: `The summary of incident ${key}, long enough to be probed by the citation audit.`, summaryDated: false,
    victims: [], perpetrators: [], legalBasis: [], ongoing: false, urgent: false, unsourced: sources.length === 0, followUpOf: null,
    evidence: sources.map((s) => ({ source: source(s), locator: null, excerpt: null, credibility: 2, grading: 'B2' })),
  };
}

const incidents = new Map([
  ['in-header', incident('in-header', 1, ['s-header'])],
  ['in-body', incident('in-body', 2, ['s-body'])],
]);
const sourceRef = (key: string): RecordRef => ({ id: key.length, key, version: 1 });
const safeKey = (key: string): string => key;

function finished(html: string): DocumentModel {
  const { blocks, notes } = resolveCitations(htmlToModel(html).blocks, (key) => ({ paragraphs: [[{ type: 'text', text: `Incident ${key}` }]] }));
  return { meta: { title: 't', subject: 's', author: 'a', language: 'en-GB', keywords: [], draft: false }, blocks, notes };
}

describe('claims from a table header', () => {
  const html = `<h2>Cases</h2>
    <table>
      <thead><tr><th>Detentions<cite data-incident="in-header"></cite></th><th>Where</th></tr></thead>
      <tbody><tr><td>${incidents.get('in-body')!.summary}<cite data-incident="in-body"></cite></td><td>Almaty</td></tr></tbody>
    </table>`;

  it('numbers the header citation first and collects it as the first claim, under its section', () => {
    const model = finished(html);
    expect(model.notes.map((n) => [n.number, n.incidentKey])).toEqual([[1, 'in-header'], [2, 'in-body']]);
    const claims = collectClaims(model.blocks, incidents, sourceRef, safeKey);
    expect(claims.map((c) => ({ note: c.note, section: c.section, text: c.text, incident: c.incident.key, sources: c.sources.map((s) => s.key) }))).toEqual([
      { note: 1, section: 'Cases', text: 'Detentions', incident: 'in-header', sources: ['s-header'] },
      { note: 2, section: 'Cases', text: incidents.get('in-body')!.summary, incident: 'in-body', sources: ['s-body'] },
    ]);
  });

  it('passes the citation audit: as many claims as notes, the annex listing both sources', () => {
    const model = finished(html);
    const claims = collectClaims(model.blocks, incidents, sourceRef, safeKey);
    expect(() => auditCitations(model, claims, incidents, ['s-header', 's-body'])).not.toThrow();
  });

  it('still holds a summary printed in a header cell without its citation against the document', () => {
    const summary = incidents.get('in-header')!.summary;
    const model = finished(`<table><thead><tr><th>${summary}</th></tr></thead><tbody><tr><td>x<cite data-incident="in-body"></cite></td></tr></tbody></table>`);
    const claims = collectClaims(model.blocks, incidents, sourceRef, safeKey);
    expect(() => auditCitations(model, claims, incidents, ['s-body'])).toThrow(/summary of incident 'in-header' is printed without its citation/);
  });
});

describe('a short summary that recurs in another incident\'s narrative', () => {
  it('is accounted for by the citation of the narrative that prints it (the leak corpus found a 500 here)', () => {
    const short = incident('short', 3, ['s-short']);
    short.summary = 'The court did not examine the complaint on its merits.';
    const long = incident('long', 4, ['s-long']);
    long.summary = `Police detained the activist at home. ${short.summary} Her lawyer appealed.`;
    const both = new Map([['short', short], ['long', long]]);
    const model = finished(`<p>${long.summary}<cite data-incident="long"></cite></p><p>${short.summary}<cite data-incident="short"></cite></p>`);
    const claims = collectClaims(model.blocks, both, sourceRef, safeKey);
    expect(() => auditCitations(model, claims, both, ['s-long', 's-short'])).not.toThrow();
  });

  it('is still refused when no paragraph that prints it cites an incident whose summary holds it', () => {
    const short = incident('short', 3, ['s-short']);
    short.summary = 'The court did not examine the complaint on its merits.';
    const other = incident('other', 4, ['s-other']);
    const both = new Map([['short', short], ['other', other]]);
    const model = finished(`<p>Meanwhile: ${short.summary}<cite data-incident="other"></cite></p>`);
    const claims = collectClaims(model.blocks, both, sourceRef, safeKey);
    expect(() => auditCitations(model, claims, both, ['s-other'])).toThrow(/summary of incident 'short' is printed without its citation/);
  });
});

describe('a summary that opens like other text the document prints (a recommendation, a title)', () => {
  const recommendation = 'Release all persons detained for peaceful protest and drop the charges against them.';
  const echo = incident('echo', 5, ['s-echo']);
  echo.summary = `${recommendation} The authorities ignored the call.`;
  const cites = incident('cites', 6, ['s-cites']);
  const both = new Map([['echo', echo], ['cites', cites]]);
  // The recommendation printed on its own, beside a cited paragraph: its words open echo's summary.
  const model = finished(`<p>${recommendation}</p><p>${cites.summary}<cite data-incident="cites"></cite></p>`);
  const claims = collectClaims(model.blocks, both, sourceRef, safeKey);

  it('is not held against the incident when that other text prints the same words, given as text or asked for', () => {
    expect(() => auditCitations(model, claims, both, ['s-cites'], recommendation)).not.toThrow();
    let asked = 0;
    expect(() => auditCitations(model, claims, both, ['s-cites'], () => { asked++; return recommendation; })).not.toThrow();
    expect(asked).toBe(1);
  });

  it('is held against it when nothing else prints those words; the other text is not collected for a sound document', () => {
    expect(() => auditCitations(model, claims, both, ['s-cites'], 'Other words entirely, nothing like it.')).toThrow(/summary of incident 'echo' is printed without its citation/);
    let asked = 0;
    const sound = finished(`<p>${cites.summary}<cite data-incident="cites"></cite></p>`);
    expect(() => auditCitations(sound, collectClaims(sound.blocks, both, sourceRef, safeKey), both, ['s-cites'], () => { asked++; return ''; })).not.toThrow();
    expect(asked).toBe(0);
  });
});
