// Process entry: `dealerbot <command>` (npm start = `dealerbot start`).
import fs from 'node:fs';
import { runCli } from './cli/runCli.js';

// A .env in the working directory is read first; variables already set win over it.
if (fs.existsSync('.env')) process.loadEnvFile('.env');

process.exitCode = await runCli(process.argv);
