import { isRecord, refuse } from '../verdict.js';
import { flagAllowed } from './flags.js';
import { tokenize } from './tokenize.js';
import type { BinaryPolicy, ShellVerdict, ValidateShellOptions } from './types.js';

const DEFAULT_MAX_LENGTH = 4096;
const ENV_ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/u;
/** `..` as a whole path segment, also after `--dir=`; `...` or `a..b` are not traversal. */
const TRAVERSAL = /(?:^|[/=])\.\.(?:$|\/)/u;

/**
 * Decides whether a command line written by a model may run, and returns its argv. The argv is
 * meant for `execFile`/`spawn` WITHOUT a shell: validation guarantees that no word would have
 * been interpreted by a shell, not that joining the words back into a string is safe.
 * Never throws.
 */
export function validateShellCommand(cmd: string, options: ValidateShellOptions): ShellVerdict {
  try {
    return check(cmd, options);
  } catch (error) {
    return refuse('shell_invalid_input', `validation failed: ${error instanceof Error ? error.message : 'unknown error'}`);
  }
}

function check(cmd: unknown, options: ValidateShellOptions): ShellVerdict {
  if (!isRecord(options) || !isRecord(options.allow)) return refuse('shell_invalid_options', 'options.allow must be an object');
  if (typeof cmd !== 'string') return refuse('shell_invalid_input', 'the command must be a string');
  const maxLength = options.maxLength ?? DEFAULT_MAX_LENGTH;
  if (cmd.length > maxLength) return refuse('shell_invalid_input', `the command is longer than ${maxLength} characters`);

  const words = tokenize(cmd);
  if (!Array.isArray(words)) return words;
  const [binary, ...args] = words;
  if (binary === undefined) return refuse('shell_empty', 'the command is empty');

  if (!binary.quoted && ENV_ASSIGNMENT.test(binary.value)) {
    return refuse('shell_env_assignment', 'environment assignments before the command are not allowed');
  }
  // Own properties only: "constructor" or "__proto__" must not find Object.prototype members.
  const policy: unknown = Object.hasOwn(options.allow, binary.value) ? options.allow[binary.value] : undefined;
  if (!isRecord(policy)) {
    const hint = binary.value.includes('/') ? ' (paths to binaries must be listed exactly)' : '';
    return refuse('shell_binary_not_allowed', `"${binary.value}" is not an allowed command${hint}`);
  }
  const { flags, allowArgs, maxArgs } = policy;
  if ((flags !== undefined && !(Array.isArray(flags) && flags.every((f) => typeof f === 'string')))
    || (allowArgs !== undefined && typeof allowArgs !== 'boolean' && !(allowArgs instanceof RegExp))
    || (maxArgs !== undefined && typeof maxArgs !== 'number')) {
    return refuse('shell_invalid_options', `the policy for "${binary.value}" is malformed`);
  }
  return checkArgs(binary.value, args.map((w) => w.value), policy);
}

function checkArgs(binary: string, args: string[], policy: BinaryPolicy): ShellVerdict {
  if (policy.maxArgs !== undefined && args.length > policy.maxArgs) {
    return refuse('shell_too_many_args', `${binary} accepts at most ${policy.maxArgs} arguments`);
  }
  const listed = new Set(policy.flags ?? []);
  const positional = positionalMatcher(policy.allowArgs);
  let endOfFlags = false;

  for (const arg of args) {
    if (policy.allowPathTraversal !== true && TRAVERSAL.test(arg)) {
      return refuse('shell_path_traversal', `"${arg}" contains a ".." path segment`);
    }
    if (!endOfFlags && arg === '--') {
      // POSIX "end of options": everything after is positional, which only narrows meaning.
      endOfFlags = true;
      continue;
    }
    if (!endOfFlags && arg.startsWith('-') && arg !== '-') {
      if (!flagAllowed(arg, listed)) return refuse('shell_flag_not_allowed', `${binary}: flag "${arg}" is not allowed`);
      continue;
    }
    if (!positional(arg)) return refuse('shell_arg_not_allowed', `${binary}: argument "${arg}" is not allowed`);
  }
  return { ok: true, argv: [binary, ...args] };
}

function positionalMatcher(allowArgs: BinaryPolicy['allowArgs']): (arg: string) => boolean {
  if (allowArgs === true) return () => true;
  if (!(allowArgs instanceof RegExp)) return () => false;
  // Anchor the caller's pattern so `/[a-z]+/` cannot pass "ok; rm -rf /"; drop g/y so lastIndex
  // state cannot make consecutive tests disagree.
  const anchored = new RegExp(`^(?:${allowArgs.source})$`, allowArgs.flags.replace(/[gy]/gu, ''));
  return (arg) => anchored.test(arg);
}
