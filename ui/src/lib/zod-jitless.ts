// Must be imported before anything that loads @exam/contracts. zod probes for `new Function` when a schema is
// built, to compile faster parsers; the server's Content-Security-Policy forbids eval, so the probe only logs a
// CSP violation in the console. Its documented `jitless` setting skips the probe; zod reads it from this global.
const holder = globalThis as { __zod_globalConfig?: Record<string, unknown> };
holder.__zod_globalConfig = { ...holder.__zod_globalConfig, jitless: true };

export {};
