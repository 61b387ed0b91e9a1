// The fold lives in shared/text (record search folds with it too); the consent matcher imports it from here.
export * from '../shared/text/fold.js';
