// Node-only entry of @na64/display: building the browser app.
export { APP_DIR, PACKAGE_DIR, appIsStale, buildApp } from './build.ts';
