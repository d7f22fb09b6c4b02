export { startDisplayServer, resolveInside, DATA_PREFIX } from './server.ts';
export type { DisplayServer, DisplayServerOptions } from './server.ts';
