/** Routers of later capabilities (screens, integrations, processes), mounted after the core resources. */
import type { ExtraRouters } from './app.js';
import { mountScreens } from './screens/index.js';
import { mountPortal } from './screens/portal.js';

export const extraRouters: ExtraRouters[] = [mountPortal, mountScreens];
