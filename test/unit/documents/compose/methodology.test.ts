import { describe, expect, it } from 'vitest';
import { compose } from '../../../../src/documents/compose/compose.js';
import { plainText } from '../../../../src/documents/model/plain-text.js';
import { allRuns } from '../../../../src/documents/model/walk.js';
import { DocumentRequestSchema } from '../../../../src/documents/request.schemas.js';
import { smallBundle } from '../../../support/bundles.js';
import { caseFileOf } from '../../../support/case-file.js';

/** The optional paragraph on method: how sources were assessed, never a single source's grade. */
function printed(methodologyNote: boolean | undefined): string {
  const request = DocumentRequestSchema.parse({
    kind: 'urgent-appeal', format: 'pdf', selection: { persons: ['p-anon'] },
    options: { appealCode: 'KAZ 001/0318/OBS 025' }, ...(methodologyNote === undefined ? {} : { methodologyNote }),
  });
  const { model } = compose(caseFileOf(smallBundle(), 'public'), request, new Date('2018-04-01T00:00:00Z'));
  return [...allRuns(model).map((r) => plainText(r.inlines))].join('\n');
}

describe('note on method', () => {
  it('is printed in the annex when asked for, saying how sources were assessed and that one is confidential', () => {
    const text = printed(true);
    expect(text).toContain('How the sources were assessed: before relying on a source, The submitting organisation assessed the reliability of the source');
    expect(text).toContain('1 of the 2 sources is confidential and is described by type and month only');
    expect(text).not.toMatch(/\b[A-F][1-6]\b|Grading/);
  });

  it('is left out by default', () => {
    expect(printed(undefined)).not.toContain('How the sources were assessed');
    expect(printed(false)).not.toContain('How the sources were assessed');
  });
});
