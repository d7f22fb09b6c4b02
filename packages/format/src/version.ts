/** Version of the toolkit written into every file and manifest (kept equal to package.json by a test). */
export const TOOL_VERSION = '0.1.0';
