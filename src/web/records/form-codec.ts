import { checkbox, integerOrText, list, optionalText, text, type Values } from '../fields.js';

/**
 * How one form field maps to the record body and back; the field's name is the value's path in
 * the record ("consent.publicNaming").
 * - text: as typed (the schema trims and says "must not be empty");
 * - choice: a value the schema requires: absent when empty, so the schema says "required";
 * - optional: null when empty;
 * - integer: a number when it is one, else the text for the schema to refuse;
 * - checkbox: a boolean, ticked as "on";
 * - list: the ticked values.
 */
export type FieldCodec = 'text' | 'choice' | 'optional' | 'integer' | 'checkbox' | 'list';

/** The form ↔ record mapping of a form whose fields each hold one value of the record. */
export function formCodec(codecs: Record<string, FieldCodec>) {
  const entries = Object.entries(codecs);
  return {
    /** The create body (as the API takes it) from the form's values. */
    input(values: Values, key: string): unknown {
      const body: Record<string, unknown> = { key };
      for (const [name, codec] of entries) put(body, name, read(codec, values, name));
      return body;
    },
    /** The form's values for an existing record. */
    values(record: { key: string }): Values {
      const out: Values = { key: record.key };
      for (const [name, codec] of entries) out[name] = show(codec, get(record, name));
      return out;
    },
  };
}

function read(codec: FieldCodec, values: Values, name: string): unknown {
  switch (codec) {
    case 'text': return text(values, name);
    case 'choice': return optionalText(values, name) ?? undefined;
    case 'optional': return optionalText(values, name);
    case 'integer': return integerOrText(values, name);
    case 'checkbox': return checkbox(values, name);
    case 'list': return list(values, name);
  }
}

function show(codec: FieldCodec, value: unknown): string | string[] | undefined {
  switch (codec) {
    case 'checkbox': return value ? 'on' : undefined;
    case 'list': return value as string[];
    default: return value === null || value === undefined ? '' : String(value);
  }
}

function get(record: object, path: string): unknown {
  return path.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], record);
}

function put(body: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let o = body;
  for (const k of keys.slice(0, -1)) o = (o[k] ??= {}) as Record<string, unknown>;
  o[keys.at(-1)!] = value;
}
