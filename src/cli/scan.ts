import { existsSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { AllowListError, loadAllowList } from '../scan/allowlist.js';
import { GitError } from '../scan/git.js';
import { jsonReport } from '../scan/report-json.js';
import { sarifReport } from '../scan/report-sarif.js';
import { summaryLine, textReport } from '../scan/report-text.js';
import { scan } from '../scan/run.js';
import { UsageError, type CliIo } from './io.js';

export const SCAN_USAGE = `portcullis scan [PATH...] [--git] [--format text|json|sarif] [--allowlist FILE] [--out FILE]
                             find leaked provider, cloud and gateway keys in files, bundles, source maps,
                             image tarballs and (--git) every commit; exit 1 on findings, 0 when clean`;

/** Read when no --allowlist is given and the file exists in the working directory. */
export const DEFAULT_ALLOWLIST_FILE = '.portcullis-scan-allowlist';
const FORMATS = ['text', 'json', 'sarif'] as const;
type Format = (typeof FORMATS)[number];

/**
 * The key-leak scanner for CI and pre-commit hooks. Exit codes: 0 no finding, 1 findings (or a
 * failure while scanning), 2 usage (bad option, missing PATH, unreadable allow-list, not a git
 * repository with --git). The report goes to stdout or --out; the summary line to stderr.
 */
export async function scanCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      git: { type: 'boolean', default: false },
      format: { type: 'string', default: 'text' },
      allowlist: { type: 'string' },
      out: { type: 'string' },
      'max-file-mb': { type: 'string' },
    },
    allowPositionals: true,
  });
  const format = values.format as Format;
  if (!FORMATS.includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}`);
  const maxFileBytes = parseMaxFileMb(values['max-file-mb']);
  const paths = positionals.length > 0 ? positionals : ['.'];
  for (const path of paths) if (!existsSync(path)) throw new UsageError(`no such file or directory: ${path}`);

  const allowFile = values.allowlist ?? (existsSync(DEFAULT_ALLOWLIST_FILE) ? DEFAULT_ALLOWLIST_FILE : undefined);
  let result;
  try {
    const allowList = allowFile === undefined ? undefined : await loadAllowList(allowFile);
    const fingerprintKey = io.env.PORTCULLIS_SCAN_FINGERPRINT_KEY;
    result = await scan({
      paths,
      git: values.git,
      ...(allowList === undefined ? {} : { allowList }),
      ...(fingerprintKey === undefined || fingerprintKey === '' ? {} : { fingerprintKey }),
      ...(maxFileBytes === undefined ? {} : { maxFileBytes }),
    });
  } catch (err) {
    if (err instanceof AllowListError || err instanceof GitError) throw new UsageError(err.message);
    throw err;
  }

  const { findings, stats } = result;
  const report =
    format === 'json' ? jsonReport(findings, stats) : format === 'sarif' ? sarifReport(findings, stats, toolVersion()) : textReport(findings);
  if (values.out !== undefined) await writeFile(values.out, report === '' ? '' : `${report}\n`);
  else if (report !== '') io.out(report);
  io.err(summaryLine(findings, stats));
  return findings.length > 0 ? 1 : 0;
}

function parseMaxFileMb(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const mb = Number(value);
  if (!Number.isFinite(mb) || mb <= 0) throw new UsageError('--max-file-mb takes a positive number');
  return Math.round(mb * 1024 * 1024);
}

function toolVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : '0.0.0';
  } catch {
    return '0.0.0';
  }
}
