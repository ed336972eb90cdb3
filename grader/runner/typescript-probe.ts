/**
 * Imported once by typescript-import.ts to learn whether this process loads the kit's TypeScript:
 * a .ts file that imports a sibling by its .js name, as the kit's modules do (Node 23.6+ strips
 * types by itself but does not map that name to the .ts file; tsx and vitest do).
 */
export { importTypeScript } from './typescript-import.js';
