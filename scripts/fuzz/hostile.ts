import fc from 'fast-check';

/**
 * Values a careless or hostile client sends: wrong types, edge numbers, text that breaks
 * encoders, databases and template engines, prototype keys, deep and wide structures.
 * None of them may ever produce a 5xx.
 */

/** Template-engine payloads: record text must show them literally, never execute them. */
export const TEMPLATE_INJECTIONS = [
  '{{#with "constructor"}}{{#with split as |a|}}{{pop (push "alert(1)")}}{{/with}}{{/with}}',
  '{{lookup this "constructor"}}',
  '{{constructor.constructor "return process.exit(1)"}}',
  '{{#each this}}{{@key}}{{/each}}',
  '{{> partial}}',
  '{{{raw}}}',
  '{{__proto__}}',
  '${process.exit(1)}',
  '<%= process.exit(1) %>',
];

export const HOSTILE_STRINGS = [
  '',
  ' ',
  '\t\n\r',
  '\u0000',
  'a\u0000b',
  '\ud800',
  'x\udc00y',
  '\udbff\udfff',
  '\uffff\ufffe',
  '\u202eevil\u202c',
  '\u200b\u200c\u200d\ufeff',
  'e\u0301'.repeat(500),
  '👩‍👩‍👧‍👦🇰🇿🏳️‍🌈',
  '𝕳𝖊𝖑𝖑𝖔',
  'Ж'.repeat(5000),
  'x'.repeat(100_000),
  '\u001b[31mred\u001b[0m',
  '<script>alert(1)</script>',
  '<w:p><w:r><w:t>injected</w:t></w:r></w:p>',
  ']]><![CDATA[',
  '\'; DROP TABLE incidents; --',
  '\' OR \'1\'=\'1',
  '%s%s%s%n',
  '../../../../etc/passwd',
  'C:\\Windows\\system32',
  'javascript:alert(1)',
  'NaN',
  'Infinity',
  '-1',
  '1e309',
  'true',
  'null',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  '2018-02-30',
  '0000-01-01',
  '99999-01-01',
  ...TEMPLATE_INJECTIONS,
];

/** Keys that match the record-key pattern yet name Object.prototype members. */
export const PROTOTYPE_RECORD_KEYS = ['constructor', 'prototype', 'tostring', 'valueof', 'hasownproperty', '--proto--'];

export const HOSTILE_KEYS = ['__proto__', 'constructor', 'prototype', '', ' ', '\u0000', 'a'.repeat(10_000), 'toString', '$where', '0', 'key\u202e'];

const HOSTILE_NUMBERS = [
  0, -0, -1, 1.5, 0.1, 1e308, -1e308, 5e-324, 2 ** 31, -(2 ** 31) - 1, 2 ** 53, 2 ** 53 + 2, Number.MAX_SAFE_INTEGER,
  Number.MIN_SAFE_INTEGER, 1e21, 100_000_000,
];

/** A value nested `depth` levels deep, alternating arrays and objects. */
export function deeplyNested(depth: number): unknown {
  let value: unknown = 'bottom';
  for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { a: value };
  return value;
}

/** An object whose own enumerable key is `key` (so "__proto__" is a real key that JSON.stringify writes). */
export function objectWithKey(key: string, value: unknown): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });
  return o;
}

export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
  // 'binary' units include lone surrogates; 'binary-ascii' includes control characters.
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary-ascii', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength: 1000, maxLength: 3000 }) },
);

export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: hostileString },
  { weight: 3, arbitrary: fc.constantFrom<unknown>(...HOSTILE_NUMBERS) },
  { weight: 1, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }) },
  { weight: 2, arbitrary: fc.constantFrom<unknown>(null, true, false, [], {}, [null], [[]], { '': '' }) },
  { weight: 1, arbitrary: fc.constantFrom(...HOSTILE_KEYS).map((k) => objectWithKey(k, { polluted: true })) },
  { weight: 1, arbitrary: fc.constant({ constructor: { prototype: { polluted: true } } }) },
  { weight: 1, arbitrary: fc.constantFrom(10, 60, 200, 1000).map(deeplyNested) },
  { weight: 1, arbitrary: fc.constantFrom(1000, 20_000).map((n) => Array.from({ length: n }, (_, i) => `k-${i}`)) },
  { weight: 1, arbitrary: fc.constant(Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`f${i}`, i]))) },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
);
