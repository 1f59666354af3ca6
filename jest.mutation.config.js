/** Jest for mutation testing (`npm run test:mutation`): the pure domain rules' unit tests only. */
import base from './jest.config.js';

const unit = base.projects.find((p) => p.displayName === 'unit');
export default { ...unit, displayName: undefined, testMatch: ['<rootDir>/tests/unit/domain/**/*.test.ts'] };
