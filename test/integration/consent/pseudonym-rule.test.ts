import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { smallBundle } from '../../support/bundles.js';
import { createTestApp, type TestApp } from '../../support/app.js';

/** A pseudonym that shares a part of the real name names the person wherever it is printed. */
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

const person = (pseudonym: string) => ({
  key: 'p-kz-0901', kind: 'individual', name: 'Gulnara Seitkali', nameNative: 'Гульнара Сейтқали', pseudonym,
  consent: { unSubmission: false, publicNaming: false, stateTransmission: false },
});

describe('the pseudonym rule', () => {
  it('refuses a person created or changed through the API with a pseudonym sharing her name (422 at /pseudonym)', async () => {
    const created = await t.app.inject({ method: 'POST', url: '/api/v1/persons', payload: person('Activist Seitkali') });
    expect(created.statusCode, created.body).toBe(422);
    expect(created.json().problems.map((p: { path: string }) => p.path)).toContain('/pseudonym');

    expect((await t.app.inject({ method: 'POST', url: '/api/v1/persons', payload: person('Activist G') })).statusCode).toBe(201);
    const changed = await t.app.inject({ method: 'PUT', url: '/api/v1/persons/p-kz-0901', payload: person('Witness Сейтқали') });
    expect(changed.statusCode, changed.body).toBe(422);
    expect(changed.json().problems.map((p: { path: string }) => p.path)).toContain('/pseudonym');
  });

  it('refuses a group whose pseudonym carries the number of its name, through the API and in a bundle (422 at the pseudonym)', async () => {
    const group = (pseudonym: string) => ({
      key: 'g-kz-0007', kind: 'group', name: 'Initiative group 389 of Almaty', pseudonym,
      consent: { unSubmission: false, publicNaming: false, stateTransmission: false },
    });
    const created = await t.app.inject({ method: 'POST', url: '/api/v1/persons', payload: group('Group 389') });
    expect(created.statusCode, created.body).toBe(422);
    expect(created.json().problems).toEqual([expect.objectContaining({ path: '/pseudonym', message: expect.stringContaining('number') })]);
    expect(created.body).not.toContain('Almaty');
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/persons', payload: group('Group C') })).statusCode).toBe(201);

    const bundle = smallBundle();
    bundle.persons[1] = { ...bundle.persons[1]!, kind: 'group', name: 'Initiative group 12', pseudonym: 'Group 12' };
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/bundles', payload: bundle });
    expect(res.statusCode, res.body).toBe(422);
    expect(res.json().problems).toEqual([expect.objectContaining({ path: '/persons/1/pseudonym', message: expect.stringContaining('number') })]);
  });

  it('refuses a bundle whose person has such a pseudonym, pointing at it, and writes nothing', async () => {
    const bundle = smallBundle();
    bundle.persons[1]!.pseudonym = 'Blogger Petrov';
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/bundles', payload: bundle });
    expect(res.statusCode, res.body).toBe(422);
    expect(res.json().problems).toEqual([expect.objectContaining({ path: '/persons/1/pseudonym' })]);
    expect((await t.app.inject({ url: '/api/v1/persons/p-named' })).statusCode).toBe(404);
  });
});
