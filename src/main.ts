// Process entry: `dealerbot <command>` (npm start = `dealerbot start`).
import { runCli } from './cli/runCli.js';

process.exitCode = await runCli(process.argv);
