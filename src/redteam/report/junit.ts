import type { RedteamReport } from '../types.js';
import { escapeMarkup as x } from './escape.js';

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}

/**
 * JUnit XML as CI systems read it (the Jenkins/Ant schema): one `<testsuite>` per category, one
 * `<testcase>` per attack. An attack that succeeded is a `<failure>`, one that could not be
 * judged an `<error>`; blocked and harmless attacks pass, with the reason in `<system-out>`.
 */
export function renderJunit(report: RedteamReport): string {
  const totalTime = report.results.reduce((sum, r) => sum + r.durationMs, 0);
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="portcullis redteam" tests="${String(report.totals.attempts)}" failures="${String(report.totals.succeeded)}" errors="${String(report.totals.errors)}" time="${seconds(totalTime)}">`,
  ];
  for (const c of report.categories) {
    const results = report.results.filter((r) => r.category === c.category);
    const time = results.reduce((sum, r) => sum + r.durationMs, 0);
    lines.push(
      `  <testsuite name="${x(c.category)}" tests="${String(c.attempts)}" failures="${String(c.succeeded)}" errors="${String(c.errors)}" skipped="0" time="${seconds(time)}" timestamp="${x(report.startedAt.replace(/\.\d+Z$/, ''))}">`,
      '    <properties>',
      `      <property name="title" value="${x(c.title)}"/>`,
      `      <property name="target" value="${x(report.target)}"/>`,
      `      <property name="library" value="${x(report.libraryVersion)}"/>`,
      '    </properties>',
    );
    for (const r of results) {
      const open = `    <testcase classname="redteam.${x(c.category)}" name="${x(r.id)}" time="${seconds(r.durationMs)}"`;
      if (r.outcome === 'succeeded') {
        lines.push(`${open}>`, `      <failure message="${x(`attack succeeded: ${r.detail}`)}" type="succeeded">${x(`Goal: ${r.goal}\n${r.detail}`)}</failure>`, '    </testcase>');
      } else if (r.outcome === 'error') {
        lines.push(`${open}>`, `      <error message="${x(r.detail)}" type="error">${x(r.detail)}</error>`, '    </testcase>');
      } else {
        lines.push(`${open}>`, `      <system-out>${x(`${r.outcome}: ${r.detail}`)}</system-out>`, '    </testcase>');
      }
    }
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>');
  return `${lines.join('\n')}\n`;
}
