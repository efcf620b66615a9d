/**
 * Treat model output as untrusted input (OWASP LLM05: Improper Output Handling). These are for
 * APPLICATION code that acts on what a model wrote — runs its SQL, its shell command, renders
 * its HTML — and they are pure: no I/O, no exceptions, one verdict per call.
 * See docs/safety-library.md for what each one guarantees and what it does not.
 */
export { validateSql } from './sql/validate-sql.js';
export type { SqlAccepted, SqlDialect, SqlRefusalCode, SqlStatementKind, SqlVerdict, ValidateSqlOptions } from './sql/types.js';
export { DANGEROUS_SQL_FUNCTIONS } from './sql/dangerous-functions.js';

export { validateShellCommand } from './shell/validate-shell.js';
export type { BinaryPolicy, ShellRefusalCode, ShellVerdict, ValidateShellOptions } from './shell/types.js';

export { sanitizeHtml } from './html/sanitize.js';
export type { HtmlProfileName, SanitizeOptions } from './html/types.js';

export type { Refusal } from './verdict.js';

// Written and owned in detect/secrets; re-exported so the output-handling helpers live together.
export { redactSecrets, type Redaction } from '../detect/secrets/index.js';
