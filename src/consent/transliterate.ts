// The transliteration lives in shared/text (record search uses it too); the consent matcher imports it from here.
export * from '../shared/text/transliterate.js';
