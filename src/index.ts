/** Public library exports: embed the gateway, or build tools on its pieces. */
export { createGateway, type Gateway, type GatewayOptions } from './gateway.js';
export { loadConfig, parseConfig, ConfigError } from './config/load.js';
export type { Config, ConfigInput } from './config/schema.js';
export { ERROR_CODES, GatewayError, renderError, type ErrorCode, type ApiFlavor } from './errors.js';
export { createPipeline } from './pipeline/index.js';
export type { Decision, RequestStage, OutputStage, OutputInspector, OutputDecision, TextDelta, RequestContext } from './pipeline/types.js';
export { openStore } from './store/index.js';
export type { Store, KeyStore, AuditStore, GatewayKeyRecord } from './store/types.js';
export type { AuditEvent } from './audit/event.js';
// Metrics, monitors and alerts (docs/monitoring.md).
export type { AlertEvent, AlertKind, StoredAlert } from './observe/alerts.js';
export type { Observability } from './observe/index.js';
export { startMockProvider, type MockProvider } from './mock/server.js';
export { issueKey, rotateKeySecret } from './keys/issue.js';
// Treating model output as untrusted in application code (docs/safety-library.md).
export { validateSql, validateShellCommand, sanitizeHtml, redactSecrets } from './safety/index.js';
export type { SqlVerdict, ShellVerdict, ValidateSqlOptions, ValidateShellOptions, HtmlProfileName, SanitizeOptions } from './safety/index.js';
