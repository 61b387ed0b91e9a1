import type { TestAppWithAuth } from './app.js';

/** An urgent appeal about the demo's Activist A, to the first two addressees of the demo's address book. */
export const APPEAL_REQUEST = {
  kind: 'urgent-appeal', format: 'pdf', selection: { persons: ['p-kz-0001'] },
  options: { appealCode: 'KAZ 001/0318/OBS 025', addressees: [1, 2] },
};

export const UN_REQUEST = {
  kind: 'un-communication', format: 'pdf', selection: { persons: ['p-kz-0001'] },
  options: { variant: 'urgent-appeal', mandates: ['sr-defenders', 'wg-arbitrary-detention'] },
};

/** Generates a document as a staff member; approves it as a lawyer unless `approve` is false. Returns its metadata. */
export async function generatedDocument(t: TestAppWithAuth, request: object, approve = true): Promise<{ id: string; title: string; [k: string]: unknown }> {
  const staff = await t.authenticate('staff');
  const made = await t.app.inject({ method: 'POST', url: '/api/v1/documents', headers: staff, payload: request });
  if (made.statusCode !== 201) throw new Error(`generation failed: ${made.body}`);
  if (!approve) return made.json();
  const lawyer = await t.authenticate('lawyer');
  const approved = await t.app.inject({ method: 'POST', url: `/api/v1/documents/${made.json().id}/approve`, headers: lawyer });
  if (approved.statusCode !== 200) throw new Error(`approval failed: ${approved.body}`);
  return approved.json();
}

/** A minimal ODT's first bytes: a ZIP whose first entry is "mimetype", stored, holding the ODF text type. */
export function odtBytes(): Buffer {
  const name = Buffer.from('mimetype');
  const type = Buffer.from('application/vnd.oasis.opendocument.text');
  const header = Buffer.alloc(30);
  header.writeUInt32LE(0x04034b50, 0);
  header.writeUInt16LE(type.length, 18);
  header.writeUInt16LE(type.length, 22);
  header.writeUInt16LE(name.length, 26);
  return Buffer.concat([header, name, type, Buffer.from('PK\u0003\u0004 rest of the archive')]);
}

export const PDF_BYTES = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
