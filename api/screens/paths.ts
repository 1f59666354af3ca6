/** Where the screens find their templates and static files: `templates/` and `public/` at the repository root. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const TEMPLATES_DIR = path.join(ROOT_DIR, 'templates');
export const SCREEN_TEMPLATES_DIR = path.join(TEMPLATES_DIR, 'screens');
export const PUBLIC_DIR = path.join(ROOT_DIR, 'public');
