import { describe, expect, it } from 'vitest';
import type { TestApp } from '../../support/app.js';
import { firstArgumentsOf } from '../../support/calls.js';
import { useSeededApi } from '../api/records-fixture.js';

/**
 * A selection that matches no incident is refused as soon as it is read, before anything is
 * handed to the renderer: at 20,000 persons a preview of one waited ~20 s for the document's
 * name indexes (built per persons revision) and was refused only then.
 */
let t: TestApp;
useSeededApi((app) => { t = app; });

const nothing = { country: 'KZ', from: '2010-01-01', to: '2010-12-31' };
const request = (kind: string) => ({
  kind, format: 'pdf', selection: nothing,
  options: kind === 'urgent-appeal' ? { appealCode: 'KAZ 001/0318/OBS 025', addressees: [{ title: 'President of the Republic of Kazakhstan' }] } : {},
});

describe('a selection that matches no incident', () => {
  for (const [route, method] of [['/api/v1/documents/preview', 'preview'], ['/api/v1/documents', 'compose']] as const) {
    it(`${route}: 422 at /selection, and the renderer is never asked`, async () => {
      const { result: res, args } = await firstArgumentsOf(t.app.renderer, method, () =>
        t.app.inject({ method: 'POST', url: route, payload: request('urgent-appeal') }));
      expect(res.statusCode, res.body).toBe(422);
      expect(res.json().problems).toEqual([{ path: '/selection', message: 'matches no incident' }]);
      expect(args).toEqual([]);
    });
  }
});
