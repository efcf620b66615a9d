/**
 * Path globs for the allow-list, gitignore-like: `*` matches within one path segment, `**` across
 * segments, `?` one character; a pattern without `/` matches the last segment (the file name)
 * anywhere. In archive members (`image.tar!layer.tar!app/.env`) `!` separates like `/`: `*` stops
 * at it, a double star followed by a slash crosses it, and `*.env` matches a member's file name.
 */
export function globToRegExp(pattern: string): RegExp {
  const glob = pattern.replace(/^\.\//, '');
  const anchoredToName = !glob.includes('/');
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i]!;
    if (ch === '*') {
      if (glob[i + 1] === '*') {
        const slash = glob[i + 2] === '/';
        re += slash ? '(?:.*[/!])?' : '.*';
        i += slash ? 2 : 1;
      } else {
        re += '[^/!]*';
      }
    } else if (ch === '?') {
      re += '[^/!]';
    } else {
      re += ch.replace(/[\\^$.+()|[\]{}]/g, '\\$&');
    }
  }
  return new RegExp(anchoredToName ? `(?:^|[/!])${re}$` : `^${re}$`);
}
