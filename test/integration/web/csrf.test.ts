import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../support/app.js';
import { countRows } from '../../support/database.js';
import { openForm, postForm } from './forms.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

const source = {
  title: 'Monitoring note on a detention', type: 'monitoring', reliability: 'B', author: 'Field desk',
};

describe('CSRF protection of the staff forms', () => {
  it('refuses a form POST without a token with 403 and writes nothing', async () => {
    const before = await countRows(t.database);
    const res = await postForm(t.app, '/sources', source);
    expect(res.statusCode).toBe(403);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.body).toContain('The form could not be accepted');
    expect(await countRows(t.database)).toEqual(before);
  });

  it('refuses a token that belongs to another browser', async () => {
    const mine = await openForm(t.app, '/sources/new');
    const theirs = await openForm(t.app, '/sources/new');
    const res = await postForm(t.app, '/sources', source, { cookie: mine.cookie, token: theirs.token });
    expect(res.statusCode).toBe(403);
    expect((await countRows(t.database)).sources).toBe(0);
  });

  it('accepts the same form with the token of the page it came from', async () => {
    const session = await openForm(t.app, '/sources/new');
    const res = await postForm(t.app, '/sources', source, session);
    expect(res.statusCode, res.body.slice(0, 500)).toBe(303);
    expect(res.headers.location).toMatch(/^\/sources\/s-xx-\d{4}\?saved=1$/);
    expect((await countRows(t.database)).sources).toBe(1);
  });

  it('refuses every state-changing page without a token: load demo data, bundle upload, generate', async () => {
    const before = await countRows(t.database);
    expect((await postForm(t.app, '/demo-data', {})).statusCode).toBe(403);
    expect((await postForm(t.app, '/incidents', { title: 'x' })).statusCode).toBe(403);
    expect((await postForm(t.app, '/generate/eu-briefing', { request: '{}' })).statusCode).toBe(403);
    const boundary = '----form';
    const upload = await t.app.inject({
      method: 'POST', url: '/bundles',
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: `--${boundary}\r\nContent-Disposition: form-data; name="bundle"; filename="b.json"\r\nContent-Type: application/json\r\n\r\n{}\r\n--${boundary}--\r\n`,
    });
    expect(upload.statusCode).toBe(403);
    expect(await countRows(t.database)).toEqual(before);
  });

  it('leaves the JSON API refusing form and multipart bodies with 415', async () => {
    const form = await t.app.inject({
      method: 'POST', url: '/api/v1/sources',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'key=s-x&title=x&type=media&reliability=A',
    });
    expect(form.statusCode).toBe(415);
    const multipart = await t.app.inject({
      method: 'POST', url: '/api/v1/bundles',
      headers: { 'content-type': 'multipart/form-data; boundary=b' },
      payload: '--b\r\nContent-Disposition: form-data; name="x"\r\n\r\n1\r\n--b--\r\n',
    });
    expect(multipart.statusCode).toBe(415);
  });
});
