/** The social-service provider register's pure rules (issue 22, BRIEF §4.12). */
export * from './rules.js';
export * from './certificate.js';
export * from './application.js';
