/** Allow-list entries are exact model names or a prefix ending in `*` (`gpt-4o*`). */
export function modelAllowed(model: string, allowList: readonly string[]): boolean {
  return allowList.some((entry) => (entry.endsWith('*') ? model.startsWith(entry.slice(0, -1)) : model === entry));
}
