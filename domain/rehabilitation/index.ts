/** Social rehabilitation of persons harmed by illegal acts (BRIEF §4.10): session forms and their limits. */
export * from './limits.js';
