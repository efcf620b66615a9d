import { readFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { DEMO_RUN_VALUES, startDemo } from '../redteam/demo.js';
import { writeLastRedteamRun } from '../redteam/last-run.js';
import { BUILT_IN_ATTACKS_DIR, loadAttackLibrary, selectCategories } from '../redteam/library.js';
import type { JudgeConfig } from '../redteam/oracles/judge.js';
import { parseFailAbove, parsePositiveInt, parseRate, parseTargetUrl } from '../redteam/options.js';
import { createProgressBar, type ProgressSink } from '../redteam/progress.js';
import { REPORT_FORMATS, renderReport, type ReportFormat } from '../redteam/report/index.js';
import { renderText } from '../redteam/report/text.js';
import { renderDemoComparison } from '../redteam/report/demo.js';
import { runRedteam, type RunOptions } from '../redteam/run.js';
import { resolveStateDir } from '../redteam/state.js';
import { GUARD_CODES, type TargetConfig } from '../redteam/target.js';
import { loadTemplate } from '../redteam/template.js';
import type { AttackLibrary, RedteamReport } from '../redteam/types.js';
import { UsageError, type CliIo } from './io.js';

export const REDTEAM_USAGE = `portcullis redteam --target URL [--key KEY] [--api openai|anthropic] [--model M]
                   [--system-prompt FILE | --omit-system-prompt] [--template FILE] [--stream]
                   [--concurrency N] [--rate N/s] [--format text|json|junit|html] [--out FILE]
                   [--fail-above RATE] [--category NAME]... [--attacks DIR] [--state-dir DIR]
                   [--judge-url URL --judge-model M [--judge-key KEY]]
                             runs the prompt-injection attack library against an endpoint
                             (key also from PORTCULLIS_REDTEAM_KEY, judge key from PORTCULLIS_JUDGE_KEY)
portcullis redteam --demo    the library against a deliberately vulnerable local model, straight
                             and through a gateway with its guards on, side by side`;

const OPTIONS = {
  target: { type: 'string' },
  key: { type: 'string' },
  api: { type: 'string' },
  model: { type: 'string' },
  'system-prompt': { type: 'string' },
  'omit-system-prompt': { type: 'boolean' },
  template: { type: 'string' },
  stream: { type: 'boolean' },
  concurrency: { type: 'string' },
  rate: { type: 'string' },
  format: { type: 'string' },
  out: { type: 'string' },
  'fail-above': { type: 'string' },
  category: { type: 'string', multiple: true },
  attacks: { type: 'string' },
  'state-dir': { type: 'string' },
  'judge-url': { type: 'string' },
  'judge-key': { type: 'string' },
  'judge-model': { type: 'string' },
  'block-code': { type: 'string', multiple: true },
  'max-tokens': { type: 'string' },
  'max-retries': { type: 'string' },
  demo: { type: 'boolean' },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS }>>['values'];

const DEFAULT_MODELS = { openai: 'gpt-4o-mini', anthropic: 'claude-haiku-4-5' } as const;

function usage<T>(run: () => T): T {
  try {
    return run();
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

/**
 * `portcullis redteam`: exit 0 when the run completed (and stayed at or under --fail-above), 1
 * when the success rate is above --fail-above or some attacks could not be judged, 2 on usage
 * errors. The key is only ever put in request headers.
 */
export async function redteamCommand(argv: string[], io: CliIo, progressSink: ProgressSink | undefined = process.stderr): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true });
  if (positionals.length > 0) throw new UsageError(`redteam takes no positional arguments (got "${positionals[0]!}")`);
  const format = (values.format ?? 'text') as ReportFormat;
  if (!REPORT_FORMATS.includes(format)) throw new UsageError(`--format must be one of ${REPORT_FORMATS.join(', ')}`);
  const apiFlag = values.api ?? 'openai';
  if (apiFlag !== 'openai' && apiFlag !== 'anthropic') throw new UsageError('--api must be openai or anthropic');
  const api: 'openai' | 'anthropic' = apiFlag;
  const failAbove = usage(() => parseFailAbove(values['fail-above']));
  const library = selectCategories(await loadAttackLibrary(values.attacks ?? BUILT_IN_ATTACKS_DIR), values.category ?? []);
  const common = {
    concurrency: usage(() => parsePositiveInt('--concurrency', values.concurrency, 4, 64)),
    ratePerSecond: usage(() => parseRate(values.rate)),
    maxRetries: usage(() => parsePositiveInt('--max-retries', values['max-retries'], 4, 20)),
    judge: judgeConfig(values, io),
  };
  const target = {
    api,
    model: values.model ?? DEFAULT_MODELS[api],
    stream: values.stream === true,
    maxTokens: usage(() => parsePositiveInt('--max-tokens', values['max-tokens'], 512, 32_768)),
    blockCodes: new Set([...GUARD_CODES, ...(values['block-code'] ?? [])]),
  };

  if (values.demo === true) return demo(values, io, progressSink, library, common, target, format, failAbove);

  if (values.target === undefined) throw new UsageError('redteam needs --target URL (or --demo)');
  const url = usage(() => parseTargetUrl('--target', values.target!));
  const key = values.key ?? io.env.PORTCULLIS_REDTEAM_KEY;
  if (key === undefined || key === '') throw new UsageError('redteam needs --key KEY or PORTCULLIS_REDTEAM_KEY');
  if (values['system-prompt'] !== undefined && values['omit-system-prompt'] === true) throw new UsageError('--system-prompt and --omit-system-prompt exclude each other');
  const systemPrompt = values['system-prompt'] === undefined ? undefined : await readText(values['system-prompt'], '--system-prompt');
  const template = values.template === undefined ? undefined : await loadTemplate(values.template);

  const bar = createProgressBar(progressSink, 'redteam');
  const report = await runRedteam({
    ...common,
    library,
    systemPrompt,
    noSystemPrompt: values['omit-system-prompt'] === true,
    target: { ...target, url, key, template },
    onProgress: (done, total) => {
      bar.update(done, total);
    },
  });
  bar.finish();

  await emit(report, format, values.out, io);
  const stateDir = resolveStateDir(values['state-dir'], io.env);
  await writeLastRedteamRun(stateDir, {
    finishedAt: report.finishedAt,
    target: report.target,
    api,
    attempts: report.totals.attempts,
    blocked: report.totals.blocked,
    harmless: report.totals.harmless,
    succeeded: report.totals.succeeded,
    successRate: report.totals.successRate,
  });
  return verdict(report, failAbove, io);
}

function judgeConfig(values: Values, io: CliIo): JudgeConfig | undefined {
  const url = values['judge-url'];
  if (url === undefined) {
    if (values['judge-model'] !== undefined || values['judge-key'] !== undefined) throw new UsageError('--judge-model and --judge-key need --judge-url');
    return undefined;
  }
  const model = values['judge-model'];
  if (model === undefined) throw new UsageError('--judge-url needs --judge-model');
  return { url: usage(() => parseTargetUrl('--judge-url', url)), model, key: values['judge-key'] ?? io.env.PORTCULLIS_JUDGE_KEY ?? '' };
}

async function readText(path: string, option: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    throw new Error(`${option}: cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`);
  }
}

async function emit(report: RedteamReport, format: ReportFormat, out: string | undefined, io: CliIo): Promise<void> {
  if (out === undefined) {
    io.out(renderReport(report, format));
    return;
  }
  await writeFile(out, renderReport(report, format));
  // CI logs still get the table when the report goes to a file.
  io.out(renderText(report));
  io.out(`report written to ${out}`);
}

function verdict(report: RedteamReport, failAbove: number | undefined, io: CliIo): number {
  let code = 0;
  if (report.totals.errors > 0) {
    io.err(`portcullis redteam: ${String(report.totals.errors)} of ${String(report.totals.attempts)} attacks could not be judged (see the report)`);
    if (report.results.some((r) => r.detail.includes('client_instructions_refused'))) {
      io.err('portcullis redteam: the gateway refuses client system prompts (clientInstructions: reject); rerun with --omit-system-prompt');
    }
    code = 1;
  }
  if (failAbove !== undefined && report.totals.successRate > failAbove) {
    io.err(`portcullis redteam: success rate ${(report.totals.successRate * 100).toFixed(1)}% is above --fail-above ${(failAbove * 100).toFixed(1)}%`);
    code = 1;
  }
  return code;
}

async function demo(
  values: Values,
  io: CliIo,
  progressSink: ProgressSink | undefined,
  library: AttackLibrary,
  common: Pick<RunOptions, 'concurrency' | 'ratePerSecond' | 'maxRetries' | 'judge'>,
  target: Omit<TargetConfig, 'url' | 'key'>,
  format: ReportFormat,
  failAbove: number | undefined,
): Promise<number> {
  for (const flag of ['target', 'key', 'template', 'system-prompt'] as const) {
    if (values[flag] !== undefined) throw new UsageError(`--demo runs against its own local model; drop --${flag}`);
  }
  const setup = await startDemo();
  try {
    const run = async (label: string, url: string, key: string): Promise<RedteamReport> => {
      const bar = createProgressBar(progressSink, label);
      const report = await runRedteam({ ...common, library, values: DEMO_RUN_VALUES, target: { ...target, url, key }, onProgress: (d, t) => { bar.update(d, t); } });
      bar.finish();
      return report;
    };
    const direct = await run('model  ', setup.model.url, setup.modelKey);
    const gateway = await run('gateway', setup.gatewayUrl, setup.gatewayKey);
    const rendered = format === 'json' ? `${JSON.stringify({ direct, gateway }, null, 2)}\n` : format === 'text' ? renderDemoComparison(direct, gateway) : renderReport(gateway, format);
    if (values.out === undefined) io.out(rendered);
    else {
      await writeFile(values.out, rendered);
      io.out(renderDemoComparison(direct, gateway));
      io.out(`report written to ${values.out}`);
    }
    return verdict(gateway, failAbove, io);
  } finally {
    await setup.close();
  }
}
