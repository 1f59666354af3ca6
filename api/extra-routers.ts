/** Routers of later capabilities (screens, integrations, processes), mounted after the core resources. */
import type { ExtraRouters } from './app.js';

export const extraRouters: ExtraRouters[] = [];
