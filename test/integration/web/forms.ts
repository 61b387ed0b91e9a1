import { Parser } from 'htmlparser2';
import type { FastifyInstance } from 'fastify';

/** What a browser holds after loading a form page: the CSRF cookie and the token in the form. */
export interface FormSession {
  cookie: string;
  token: string;
}

/** Loads a page with a form, as a browser would, and keeps its CSRF cookie and token. */
export async function openForm(app: FastifyInstance, url: string): Promise<FormSession> {
  const res = await app.inject({ url });
  if (res.statusCode !== 200) throw new Error(`GET ${url} answered ${res.statusCode}`);
  const token = /name="_csrf" value="([^"]+)"/.exec(res.body)?.[1];
  const setCookie = res.headers['set-cookie'];
  const cookies = (Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : []).map((c) => c.split(';')[0]!);
  const csrfCookie = cookies.find((c) => c.startsWith('_csrf='));
  if (!token || !csrfCookie) throw new Error(`GET ${url} gave no CSRF token or cookie`);
  return { cookie: csrfCookie, token };
}

/** A form body as browsers encode it: repeated names for lists. */
export function encodeForm(fields: Record<string, string | string[]>): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const item of Array.isArray(v) ? v : [v]) params.append(k, item);
  return params.toString();
}

export function postForm(app: FastifyInstance, url: string, fields: Record<string, string | string[]>, session?: FormSession) {
  return app.inject({
    method: 'POST',
    url,
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      ...(session ? { cookie: session.cookie } : {}),
    },
    payload: encodeForm(session ? { ...fields, _csrf: session.token } : fields),
  });
}

/**
 * The fields a browser would send for the form posting to `action` on this page: text inputs,
 * ticked boxes and radios, selected options, textareas (entities decoded), in document order.
 */
export function formFields(html: string, action: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  const add = (name: string, value: string) => {
    const prev = out[name];
    out[name] = prev === undefined ? value : [...(Array.isArray(prev) ? prev : [prev]), value];
  };
  let inForm = false;
  let textarea: { name: string; text: string } | null = null;
  let select: { name: string; value: string | null; first: string | null } | null = null;
  const parser = new Parser({
    onopentag(tag, attrs) {
      if (tag === 'form') inForm = attrs.action === action;
      if (!inForm || attrs.disabled !== undefined) return;
      if (tag === 'input' && attrs.name) {
        const type = attrs.type ?? 'text';
        if (type === 'checkbox' || type === 'radio') {
          if (attrs.checked !== undefined) add(attrs.name, attrs.value ?? 'on');
        } else if (type !== 'file' && type !== 'submit') add(attrs.name, attrs.value ?? '');
      }
      if (tag === 'textarea' && attrs.name) textarea = { name: attrs.name, text: '' };
      if (tag === 'select' && attrs.name) select = { name: attrs.name, value: null, first: null };
      if (tag === 'option' && select) {
        select.first ??= attrs.value ?? '';
        if (attrs.selected !== undefined) select.value = attrs.value ?? '';
      }
    },
    ontext(text) {
      if (textarea) textarea.text += text;
    },
    onclosetag(tag) {
      if (tag === 'form') inForm = false;
      if (tag === 'textarea' && textarea) {
        add(textarea.name, textarea.text.replace(/^\n/, ''));
        textarea = null;
      }
      if (tag === 'select' && select) {
        add(select.name, select.value ?? select.first ?? '');
        select = null;
      }
    },
  }, { decodeEntities: true });
  parser.write(html);
  parser.end();
  return out;
}
