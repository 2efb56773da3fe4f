#!/usr/bin/env node
// Entry for `npx anmc21 …`: runs src/cli.ts through tsx (no separate compile step).
import { register } from 'tsx/esm/api';
register();
await import('../src/cli.ts');
