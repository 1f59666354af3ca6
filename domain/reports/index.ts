/** State statistical reports (MK 324, BRIEF §4.9): periods, counting rules and consistency checks. */
export * from './attributes.js';
export * from './known.js';
export * from './period.js';
export * from './social-assistance-monthly.js';
export * from './social-services-annual.js';
export * from './tables.js';
export * from './forms.js';
export * from './victim-rehabilitation-annual.js';
