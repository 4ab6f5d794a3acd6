#!/usr/bin/env node
// Entry point of the `gongpei` CLI. The sources are TypeScript run through tsx, so there is no build step
// between a checkout and a working CLI.
import { register } from 'tsx/esm/api';
register();
await import('../src/cli/index.ts');
