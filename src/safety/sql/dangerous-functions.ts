/**
 * Functions refused by default because they reach outside the query's data: time-based blind
 * injection (sleep), file and network access, running SQL held in a string (which would bypass
 * the table allow-list), changing server settings, or signalling other sessions.
 * Names are lower-case and matched against the unqualified name, so `pg_catalog.pg_sleep` counts.
 * Sources: PortSwigger SQL injection cheat sheet; PostgreSQL "System Administration Functions";
 * MySQL "Information Functions"; SQLite "load_extension"; SQL Server extended stored procedures.
 */
export const DANGEROUS_SQL_FUNCTIONS: ReadonlySet<string> = new Set([
  // Delays: time-based blind extraction and denial of service.
  'pg_sleep', 'pg_sleep_for', 'pg_sleep_until', 'sleep', 'benchmark', 'waitfor', 'randomblob', 'zeroblob',
  // Files and large objects.
  'load_file', 'pg_read_file', 'pg_read_binary_file', 'pg_ls_dir', 'pg_stat_file', 'pg_ls_logdir',
  'pg_ls_waldir', 'pg_ls_tmpdir', 'lo_import', 'lo_export', 'lo_get', 'lo_put', 'lo_from_bytea',
  'readfile', 'writefile', 'edit', 'load_extension', 'fts3_tokenizer',
  // Other servers, commands and external data.
  'dblink', 'dblink_exec', 'dblink_connect', 'dblink_connect_u', 'dblink_send_query', 'xp_cmdshell',
  'xp_dirtree', 'xp_fileexist', 'xp_regread', 'xp_regwrite', 'sp_oacreate', 'sp_oamethod',
  'sp_executesql', 'openrowset', 'opendatasource', 'openquery', 'sys_exec', 'sys_eval',
  'utl_http', 'utl_inaddr', 'http_get', 'http_post',
  // Functions that run SQL given as text: the inner query would escape the table allow-list.
  'query_to_xml', 'query_to_xml_and_xmlschema', 'query_to_xmlschema', 'cursor_to_xml',
  'table_to_xml', 'table_to_xml_and_xmlschema', 'schema_to_xml', 'database_to_xml',
  'database_to_xml_and_xmlschema', 'ts_stat', 'ts_rewrite', 'exec', 'execute',
  // Server configuration and other sessions.
  'set_config', 'current_setting', 'pg_reload_conf', 'pg_rotate_logfile', 'pg_terminate_backend',
  'pg_cancel_backend', 'pg_promote', 'pg_logical_emit_message', 'pg_switch_wal',
  // Error-based extraction helpers (MySQL).
  'extractvalue', 'updatexml',
]);

/** Expression nodes the parser labels "function" that are really operators. */
export const FUNCTION_LIKE_OPERATORS: ReadonlySet<string> = new Set(['exists', 'not exists']);
