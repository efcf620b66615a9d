/**
 * Flags that make a program run another program or write/delete files. They are never accepted
 * by decomposing combined short flags (`-exec` is not `-e -x -e -c`); they must be listed
 * verbatim in the binary's policy. Sources: GTFOBins (find, tar, rsync, git, awk, sed, zip…).
 */
export const EXEC_STYLE_FLAGS: ReadonlySet<string> = new Set([
  '-exec', '-execdir', '-ok', '-okdir', '-delete', '-fprint', '-fprint0', '-fprintf', '-fls',
  '--exec', '--eval', '--command', '--to-command', '--checkpoint-action', '--use-compress-program',
  '--rsh', '--upload-pack', '--receive-pack', '--config', '--output', '--unzip-command', '--pager',
  '--rcfile', '--init-file', '--preprocessor',
]);

/** Whether one flag word is allowed. `word` starts with "-" and is not exactly "-" or "--". */
export function flagAllowed(word: string, listed: ReadonlySet<string>): boolean {
  if (listed.has(word)) return true;
  if (word.startsWith('--')) {
    const eq = word.indexOf('=');
    const name = eq < 0 ? word : word.slice(0, eq);
    return listed.has(name);
  }
  // `-exec`-style names never decompose, nor do single-dash long options with values (`-name=x`).
  if (EXEC_STYLE_FLAGS.has(word) || !/^-[A-Za-z0-9]+$/u.test(word)) return false;
  for (let i = 1; i < word.length; i++) {
    if (!listed.has(`-${word[i]!}`)) return false;
  }
  return true;
}
