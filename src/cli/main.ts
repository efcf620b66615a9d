#!/usr/bin/env node
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ConfigError } from '../config/load.js';
import { SecretError } from '../secrets/types.js';
import { AUDIT_USAGE, auditCommand } from './audit.js';
import { DETECT_USAGE, detectCommand } from './detect.js';
import { DOCTOR_USAGE, doctorCommand } from './doctor.js';
import { processIo, UsageError, type CliIo } from './io.js';
import { KEYS_USAGE, keysCommand } from './keys.js';
import { REDTEAM_USAGE, redteamCommand } from './redteam.js';
import { SCAN_USAGE, scanCommand } from './scan.js';
import { SECRETS_USAGE, secretsCommand } from './secrets.js';
import { SERVE_USAGE, serveCommand } from './serve.js';

const USAGE = `Portcullis — a security gateway for the OpenAI and Anthropic APIs

${SERVE_USAGE}
${KEYS_USAGE}
${AUDIT_USAGE}
${DETECT_USAGE}
${DOCTOR_USAGE}
${SCAN_USAGE}
${SECRETS_USAGE}
${REDTEAM_USAGE}`;

/** Runs one CLI command; returns the exit code (0 ok, 1 failed, 2 usage). */
export async function runCli(argv: string[], io: CliIo = processIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'serve':
        return await serveCommand(rest, io);
      case 'keys':
        return await keysCommand(rest, io);
      case 'audit':
        return await auditCommand(rest, io);
      case 'detect':
        return await detectCommand(rest, io);
      case 'doctor':
        return await doctorCommand(rest, io);
      case 'scan':
        return await scanCommand(rest, io);
      case 'secrets':
        return await secretsCommand(rest, io);
      case 'redteam':
        return await redteamCommand(rest, io);
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        io.out(USAGE);
        return command === undefined ? 2 : 0;
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } catch (err) {
    if (err instanceof UsageError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.err(`portcullis: ${(err as Error).message}\n\n${USAGE}`);
      return 2;
    }
    if (err instanceof ConfigError || err instanceof SecretError || err instanceof Error) {
      io.err(`portcullis: ${err.message}`);
      return 1;
    }
    io.err('portcullis: failed');
    return 1;
  }
}

// Run only as the program (also through the npm bin symlink), not when imported by tests.
if (process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const code = await runCli(process.argv.slice(2));
  process.exitCode = code;
}
