import { describe, it, expect } from 'vitest';
import { validateShellCommand } from './validate-shell.js';
import type { ValidateShellOptions } from './types.js';

const options: ValidateShellOptions = {
  allow: {
    ls: { flags: ['-l', '-a', '-h', '--color'], allowArgs: /[\w./-]+/, maxArgs: 5 },
    cat: { allowArgs: true },
    grep: { flags: ['-i', '-n', '-e'], allowArgs: true },
    find: { flags: ['-name', '-type'], allowArgs: /[\w.*-]+/ },
    git: { flags: ['--oneline', '-n'], allowArgs: /log|status|\d+/ },
    '/usr/bin/wc': { flags: ['-l'], allowArgs: true },
  },
};

function code(cmd: string, opts: ValidateShellOptions = options): string {
  const verdict = validateShellCommand(cmd, opts);
  return verdict.ok ? 'ok' : verdict.code;
}

describe('validateShellCommand: accepted', () => {
  it('returns argv for an allowed command', () => {
    expect(validateShellCommand('ls -l src', options)).toEqual({ ok: true, argv: ['ls', '-l', 'src'] });
  });
  it('accepts combined short flags when each letter is allowed', () => {
    expect(code('ls -la')).toBe('ok');
    expect(code('ls -lah src')).toBe('ok');
  });
  it('accepts --flag=value when --flag is listed', () => {
    expect(validateShellCommand('ls --color=never .', options)).toEqual({ ok: true, argv: ['ls', '--color=never', '.'] });
  });
  it('accepts quoted arguments containing spaces and literal metacharacters', () => {
    expect(validateShellCommand(`grep -i 'drop table; --' notes.txt`, options)).toEqual({ ok: true, argv: ['grep', '-i', 'drop table; --', 'notes.txt'] });
  });
  it('treats everything after -- as positional', () => {
    expect(validateShellCommand('grep -- -v file', options)).toEqual({ ok: true, argv: ['grep', '--', '-v', 'file'] });
  });
  it('accepts a path to a binary only when listed exactly', () => {
    expect(code('/usr/bin/wc -l f')).toBe('ok');
    expect(code('/bin/ls')).toBe('shell_binary_not_allowed');
    expect(code('./ls')).toBe('shell_binary_not_allowed');
  });
});

describe('validateShellCommand: injection shapes', () => {
  it.each([
    ['ls -la; rm -rf /', 'shell_metacharacter'],
    ['ls && rm -rf /', 'shell_metacharacter'],
    ['ls || curl evil', 'shell_metacharacter'],
    ['ls | sh', 'shell_metacharacter'],
    ['ls & sleep 100', 'shell_metacharacter'],
    ['ls > /etc/passwd', 'shell_metacharacter'],
    ['ls >> out', 'shell_metacharacter'],
    ['cat < /etc/shadow', 'shell_metacharacter'],
    ['`id`', 'shell_metacharacter'],
    ['ls `id`', 'shell_metacharacter'],
    ['ls $(curl evil)', 'shell_metacharacter'],
    ['cat ${HOME}', 'shell_metacharacter'],
    ['cat $HOME', 'shell_metacharacter'],
    ['ls *', 'shell_metacharacter'],
    ['ls ?', 'shell_metacharacter'],
    ['ls [ab]', 'shell_metacharacter'],
    ['cat ~/.ssh/id_rsa', 'shell_metacharacter'],
    ['ls !!', 'shell_metacharacter'],
    ['ls \\; rm', 'shell_metacharacter'],
    ['ls (x)', 'shell_metacharacter'],
    ['ls {a,b}', 'shell_metacharacter'],
    ['ls #comment', 'shell_metacharacter'],
    ['ls\nrm -rf /', 'shell_control_character'],
    ['ls\r\nrm -rf /', 'shell_control_character'],
    ['ls -la\u037e rm -rf /', 'shell_lookalike_character'],
    ['ls -la\uff1b rm -rf /', 'shell_lookalike_character'],
    ['ls -la \uff06\uff06 id', 'shell_lookalike_character'],
    ['echo "$(id)"', 'shell_expansion'],
  ])('refuses %j', (cmd, expected) => {
    expect(code(cmd)).toBe(expected);
  });
  it('refuses find -exec even though the letters might be allowed individually', () => {
    expect(code('find . -exec rm {} \\;')).toBe('shell_metacharacter');
    expect(code('find . -exec rm')).toBe('shell_flag_not_allowed');
    const letters: ValidateShellOptions = { allow: { find: { flags: ['-e', '-x', '-c'], allowArgs: true } } };
    expect(code('find . -exec rm', letters)).toBe('shell_flag_not_allowed');
    expect(code('find . -delete', { allow: { find: { flags: ['-d', '-e', '-l', '-t'], allowArgs: true } } })).toBe('shell_flag_not_allowed');
  });
  it('accepts -exec only when listed verbatim', () => {
    expect(code("find . -exec ls", { allow: { find: { flags: ['-exec'], allowArgs: true } } })).toBe('ok');
  });
  it('refuses path traversal unless allowed', () => {
    expect(code('cat ../../etc/passwd')).toBe('shell_path_traversal');
    expect(code('cat /etc/../etc/passwd')).toBe('shell_path_traversal');
    expect(code('cat ..')).toBe('shell_path_traversal');
    expect(code('ls --color=..')).toBe('shell_path_traversal');
    expect(code('cat notes...txt')).toBe('ok');
    expect(code('cat ../x', { allow: { cat: { allowArgs: true, allowPathTraversal: true } } })).toBe('ok');
  });
  it('refuses env assignments before the command', () => {
    expect(code('FOO=bar ls')).toBe('shell_env_assignment');
    expect(code('LD_PRELOAD=/tmp/x.so ls')).toBe('shell_env_assignment');
  });
});

describe('validateShellCommand: policy', () => {
  it('refuses binaries not on the list, including prototype names', () => {
    expect(code('rm -rf /')).toBe('shell_binary_not_allowed');
    expect(code('constructor')).toBe('shell_binary_not_allowed');
    expect(code('__proto__')).toBe('shell_binary_not_allowed');
    expect(code('toString')).toBe('shell_binary_not_allowed');
  });
  it('refuses flags not on the list, in every form', () => {
    expect(code('ls -R')).toBe('shell_flag_not_allowed');
    expect(code('ls -lR')).toBe('shell_flag_not_allowed');
    expect(code('ls --recursive')).toBe('shell_flag_not_allowed');
    expect(code('ls --colour=always')).toBe('shell_flag_not_allowed');
    expect(code('cat -v f')).toBe('shell_flag_not_allowed');
    expect(code('git --upload-pack=touch /tmp/x')).toBe('shell_flag_not_allowed');
  });
  it('checks positional arguments against allowArgs in full', () => {
    expect(code('git log -n 5')).toBe('ok');
    expect(code('git push')).toBe('shell_arg_not_allowed');
    expect(code('git logx')).toBe('shell_arg_not_allowed');
    expect(code('/usr/bin/wc -l')).toBe('ok');
    expect(code('ls src', { allow: { ls: {} } })).toBe('shell_arg_not_allowed');
  });
  it('ignores g/y flags on allowArgs so results do not depend on lastIndex', () => {
    const opts: ValidateShellOptions = { allow: { cat: { allowArgs: /[a-z]+/g } } };
    expect(code('cat abc abc abc', opts)).toBe('ok');
  });
  it('enforces maxArgs', () => {
    expect(code('ls a b c d e')).toBe('ok');
    expect(code('ls a b c d e f')).toBe('shell_too_many_args');
  });
});

describe('validateShellCommand: never throws', () => {
  it('refuses empty and non-string input', () => {
    expect(code('')).toBe('shell_empty');
    expect(code('   ')).toBe('shell_empty');
    expect(code(undefined as unknown as string)).toBe('shell_invalid_input');
    expect(code('ls '.repeat(5000))).toBe('shell_invalid_input');
  });
  it('refuses malformed options', () => {
    expect(code('ls', {} as unknown as ValidateShellOptions)).toBe('shell_invalid_options');
    expect(code('ls', { allow: { ls: { flags: '-l' } } } as unknown as ValidateShellOptions)).toBe('shell_invalid_options');
  });
});
