import type { Problem } from '../shared/problems.js';

/**
 * Form fields for the staff pages. A form's fields are named after the JSON path of the value
 * they hold ("location.place", "sources.0.credibility"), so a problem's JSON Pointer from the
 * shared zod schemas or the record service finds its field without a mapping table.
 */

/** Submitted (or prefilled) form values, as the browser sends them: strings, or lists for repeats. */
export type Values = Record<string, string | string[] | undefined>;
/** Error messages by field name; '' holds problems that belong to no field. */
export type Errors = Record<string, string>;

export interface Option {
  value: string;
  label: string;
  hint?: string | undefined;
}

export type FieldType =
  | 'text' | 'date' | 'number' | 'email' | 'url' | 'textarea' | 'select' | 'checkbox' | 'checkboxes' | 'radios' | 'file';

export interface FieldSpec {
  label: string;
  type?: FieldType;
  hint?: string;
  required?: boolean;
  readonly?: boolean;
  options?: readonly Option[];
  /** A select that may be left empty gets a first option with this text. */
  empty?: string;
  rows?: number;
  maxlength?: number;
  placeholder?: string;
  autocomplete?: string;
  /**
   * A long list of records (checkboxes or a select) that a search box narrows as you type, by the
   * records API's search (public/js/enhance.js); without scripts the whole list is there.
   */
  picker?: 'persons' | 'sources' | 'incidents';
}

/** Everything a template needs to draw one labelled field with its hint and error. */
export interface FieldView {
  name: string;
  id: string;
  label: string;
  type: FieldType;
  value: string;
  hint: string | undefined;
  hintId: string;
  error: string | undefined;
  errorId: string;
  describedBy: string | undefined;
  required: boolean;
  readonly: boolean;
  checked: boolean;
  rows: number;
  maxlength: number | undefined;
  placeholder: string | undefined;
  autocomplete: string | undefined;
  picker: string | undefined;
  options: Array<Option & { id: string; selected: boolean }>;
  /** Type flags, because templates cannot compare strings without a helper. */
  is: Partial<Record<FieldType | 'input' | 'choice', boolean>>;
}

export function fieldId(name: string): string {
  return `f-${name.replace(/[^A-Za-z0-9_-]/g, '-')}`;
}

const asList = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
const asString = (v: string | string[] | undefined): string => (Array.isArray(v) ? (v[0] ?? '') : (v ?? ''));

export function fieldView(name: string, spec: FieldSpec, values: Values, errors: Errors): FieldView {
  const type = spec.type ?? 'text';
  const id = fieldId(name);
  const error = errors[name];
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [spec.hint ? hintId : null, error ? errorId : null].filter(Boolean).join(' ') || undefined;
  const chosen = new Set(asList(values[name]));
  const options = [
    ...(spec.empty !== undefined ? [{ value: '', label: spec.empty }] : []),
    ...(spec.options ?? []),
  ].map((o, i) => ({ ...o, id: `${id}-${i}`, selected: chosen.has(o.value) }));
  return {
    name, id, label: spec.label, type,
    value: asString(values[name]),
    hint: spec.hint, hintId, error, errorId, describedBy,
    required: spec.required ?? false,
    readonly: spec.readonly ?? false,
    checked: type === 'checkbox' && isChecked(values[name]),
    rows: spec.rows ?? 4,
    maxlength: spec.maxlength,
    placeholder: spec.placeholder,
    autocomplete: spec.autocomplete,
    picker: spec.picker,
    options,
    is: {
      [type]: true,
      input: ['text', 'date', 'number', 'email', 'url', 'file'].includes(type),
      choice: type === 'checkboxes' || type === 'radios',
    },
  };
}

/** Field views for a whole form spec, by name. */
export function fieldViews<K extends string>(specs: Record<K, FieldSpec>, values: Values, errors: Errors): Record<K, FieldView> {
  const out = {} as Record<K, FieldView>;
  for (const name of Object.keys(specs) as K[]) out[name] = fieldView(name, specs[name], values, errors);
  return out;
}

export function isChecked(v: string | string[] | undefined): boolean {
  const s = asString(v);
  return s === 'on' || s === 'true' || s === '1' || s === 'yes';
}

/**
 * Puts each problem beside the field its pointer names: the longest known field name that is a
 * prefix of the pointer's path ("/legalBasis/2" → "legalBasis", noted as "item 3"). Problems that
 * fit no field go under ''.
 */
export function errorsByField(
  problems: readonly Problem[],
  fieldNames: Iterable<string>,
  labels: Record<string, string> = {},
  /** Textareas that take one item per line: their items are called lines. */
  lineFields: ReadonlySet<string> = new Set(),
): Errors {
  const known = new Set(fieldNames);
  const out: Record<string, string[]> = {};
  for (const problem of problems) {
    const segments = problem.path.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
    let name = '';
    let rest: string[] = [];
    for (let n = segments.length; n > 0; n--) {
      const candidate = segments.slice(0, n).join('.');
      if (known.has(candidate)) {
        name = candidate;
        rest = segments.slice(n);
        break;
      }
    }
    const item = rest.length > 0 && /^\d+$/.test(rest[0]!) ? `${lineFields.has(name) ? 'line' : 'item'} ${Number(rest[0]) + 1}: ` : '';
    const label = name ? labels[name] : undefined;
    const text = !name
      ? `${problem.path || 'The form'}: ${problem.message}`
      : label
        ? (item ? `${label}, ${item}${problem.message}` : `${label}: ${problem.message}`)
        : `${item}${problem.message}`;
    (out[name] ??= []).push(text);
  }
  return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, [...new Set(v)].join('; ')]));
}

/** The errors as a list for the summary at the top of a form, each linking to its field. */
export function errorSummary(errors: Errors): Array<{ href: string | null; message: string }> {
  return Object.entries(errors).map(([name, message]) => ({ href: name ? `#${fieldId(name)}` : null, message }));
}

// --- Reading submitted values -------------------------------------------------------------------

/** Trimmed text, or null when empty: optional fields of the record schemas take null. */
export function optionalText(values: Values, name: string): string | null {
  const v = asString(values[name]).trim();
  return v === '' ? null : v;
}

/** Text as typed (the schemas trim and say "must not be empty"). */
export function text(values: Values, name: string): string {
  return asString(values[name]);
}

export function list(values: Values, name: string): string[] {
  return asList(values[name]).filter((v) => v !== '');
}

/** One item per non-empty line of a textarea. */
export function lines(values: Values, name: string): string[] {
  return asString(values[name]).split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '');
}

export function checkbox(values: Values, name: string): boolean {
  return isChecked(values[name]);
}

/** An integer when the text is one; otherwise the text itself, so the schema names the mistake. */
export function integerOrText(values: Values, name: string): number | string | null {
  const v = asString(values[name]).trim();
  if (v === '') return null;
  return /^-?\d{1,9}$/.test(v) ? Number(v) : v;
}

/**
 * Repeated rows ("sources.0.source", "sources.0.credibility", …): the rows that have anything in
 * their `main` column, renumbered from 0 so the values drawn back match the problems' indexes.
 */
export function rows(values: Values, prefix: string, columns: readonly string[], main: string): Array<Record<string, string>> {
  const indexes = new Set<number>();
  const pattern = new RegExp(`^${prefix.replace(/\./g, '\\.')}\\.(\\d{1,3})\\.`);
  for (const key of Object.keys(values)) {
    const m = pattern.exec(key);
    if (m) indexes.add(Number(m[1]));
  }
  return [...indexes]
    .sort((a, b) => a - b)
    .map((i) => Object.fromEntries(columns.map((c) => [c, asString(values[`${prefix}.${i}.${c}`])])))
    .filter((row) => (row[main] ?? '').trim() !== '');
}

/** Writes rows back as values ("prefix.i.column"), replacing whatever rows were there. */
export function putRows(values: Values, prefix: string, items: ReadonlyArray<Record<string, string>>): Values {
  const out: Values = Object.fromEntries(Object.entries(values).filter(([k]) => !k.startsWith(`${prefix}.`)));
  items.forEach((row, i) => {
    for (const [column, value] of Object.entries(row)) out[`${prefix}.${i}.${column}`] = value;
  });
  return out;
}

/** A key made from words, for records created without one: lowercase ASCII, digits and "-". */
export function slugKey(prefix: string, ...words: Array<string | null | undefined>): string {
  const slug = words
    .filter((w): w is string => Boolean(w))
    .join(' ')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  const base = [prefix, slug].filter(Boolean).join('-').slice(0, 72).replace(/-+$/, '');
  return base || prefix || 'record';
}

/** `submitted` in the order of `previous` for the items it had, then the new ones as sent. */
export function keepOrder(previous: readonly string[], submitted: string | string[] | undefined): string[] {
  const ticked = submitted === undefined ? [] : Array.isArray(submitted) ? submitted : [submitted];
  const chosen = new Set(ticked);
  return [...previous.filter((v) => chosen.has(v)), ...ticked.filter((v) => !previous.includes(v))];
}
