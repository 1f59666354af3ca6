/** The queue for state-funded long-term social care: pure rules (issue 22, BRIEF §4.13). */
export * from './rules.js';
export * from './ordering.js';
