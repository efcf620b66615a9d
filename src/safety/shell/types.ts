import type { Refusal } from '../verdict.js';

/** What one allowed binary may receive. */
export interface BinaryPolicy {
  /**
   * Flags allowed verbatim: `-l`, `--color`, `-exec`. Combined short flags (`-la`) are allowed
   * when each letter is listed (`-l`, `-a`). `--name=value` is allowed when `--name` or the whole
   * `--name=value` is listed. Exec-style flags (`-exec`, `--eval`, …) must be listed verbatim.
   */
  readonly flags?: readonly string[];
  /**
   * Positional (non-flag) arguments, which include a flag's value given as a separate word
   * (`head -n 5` → `5`): false/absent = none allowed, true = any, RegExp = each must match it
   * in full (it is anchored for you; flags g/y are ignored).
   */
  readonly allowArgs?: boolean | RegExp;
  /** Most words after the binary (flags and positionals together). */
  readonly maxArgs?: number;
  /** Allow `..` path segments in arguments. Default false. */
  readonly allowPathTraversal?: boolean;
}

export interface ValidateShellOptions {
  /** Binaries by exact name as the model must write them: `ls`, or `/usr/bin/ls` to allow that path. */
  readonly allow: Readonly<Record<string, BinaryPolicy>>;
  /** Longest command accepted, in characters. Default 4096. */
  readonly maxLength?: number;
}

export type ShellRefusalCode =
  | 'shell_invalid_input'
  | 'shell_invalid_options'
  | 'shell_empty'
  | 'shell_metacharacter'
  | 'shell_control_character'
  | 'shell_lookalike_character'
  | 'shell_unterminated_quote'
  | 'shell_expansion'
  | 'shell_env_assignment'
  | 'shell_binary_not_allowed'
  | 'shell_flag_not_allowed'
  | 'shell_arg_not_allowed'
  | 'shell_path_traversal'
  | 'shell_too_many_args';

export type ShellVerdict = { readonly ok: true; readonly argv: readonly string[] } | Refusal<ShellRefusalCode>;
