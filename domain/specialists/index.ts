/** The specialists register's pure rules (issue 19, BRIEF §4.8). */
export * from './kinds.js';
export * from './rules.js';
export * from './employment.js';
export * from './status.js';
export * from './planning-regions.js';
