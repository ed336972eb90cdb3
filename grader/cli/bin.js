#!/usr/bin/env node
// The `tcplab` command: TypeScript runs through tsx, so there is no build step.
import { register } from 'tsx/esm/api';

register();
// A reader that stops early (`tcplab lesson 5 | head`) is not an error.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});
const { main } = await import('./main.ts');
process.exitCode = await main(process.argv.slice(2), undefined, true);
