#!/usr/bin/env node
// The `qm` command: runs the TypeScript sources directly, so there is no build step to forget.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
