#!/usr/bin/env node
// Published entry: runs the compiled CLI.
import('../dist/bin.js');
