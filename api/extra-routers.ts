/** Routers of later capabilities (screens, integrations, processes), mounted after the core resources. */
import type { ExtraRouters } from './app.js';
import { mountScreens } from './screens/index.js';

export const extraRouters: ExtraRouters[] = [mountScreens];
