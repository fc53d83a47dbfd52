#!/usr/bin/env node
// The `exam` command (see api/src/cli/main.ts). Long-running commands (serve) keep the process alive.
import { main } from '../dist/cli/main.js';

const code = await main(process.argv);
if (!process.argv.slice(2).includes('serve') || code !== 0) {
  process.exit(code);
}
