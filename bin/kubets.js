#!/usr/bin/env node
// The `kubets` executable: runs the compiled CLI (built by `npm ci`/`npm run build`).
import '../dist/src/cli/main.js';
