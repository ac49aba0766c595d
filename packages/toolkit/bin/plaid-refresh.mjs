#!/usr/bin/env node
// plaid-refresh: what another repo needs from this package, without cloning it — generate types
// (and a client) from the packaged spec, start the mock, wait for it, run the contract suite or the
// fuzzer against a server, judge recorded traffic, lint a spec with our rules. The commands are
// defined once, in ../lib/cli.mjs.
import { runCommandLine } from '../lib/cli.mjs';

process.exitCode = await runCommandLine(process.argv.slice(2));
