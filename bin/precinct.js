#!/usr/bin/env node
// Runs the TypeScript CLI through tsx, so operators need no build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
const code = await main(process.argv);
if (code !== 0) process.exit(code);
