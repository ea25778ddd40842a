/** A SHA-256 over every file the console bundle is built from (web/ but its output, the Vite config, the lock file). */
export function sourcesHash(base?: string): string;
/** Note, inside the bundle, the sources it was built from. */
export function writeSourcesHash(outDir: string, base?: string): void;
/** True when web/dist holds a bundle built from the sources as they are now. */
export function bundleIsCurrent(base?: string): boolean;
