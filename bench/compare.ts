import { readFileSync } from 'node:fs';
import { BenchReport, ScenarioResult } from './report';

/** Reads a bench/results JSON file (latest.json or a dated one). */
export function loadReport(file: string): BenchReport {
  const report = JSON.parse(readFileSync(file, 'utf8')) as Partial<BenchReport>;
  if (!Array.isArray(report.results)) throw new Error(`${file} is not a bench result (no "results" list)`);
  return report as BenchReport;
}

const percent = (before: number, after: number): string => {
  if (before === 0) return after === 0 ? '0 %' : 'new';
  const change = Math.round(((after - before) / before) * 1000) / 10;
  return `${change > 0 ? '+' : ''}${change} %`;
};

const signed = (value: number): string => `${value > 0 ? '+' : ''}${Math.round(value * 100) / 100}`;

/** Older files (before issue 12's suite) have no scenario id: match them by name. */
const keyOf = (result: Partial<ScenarioResult> & { name: string }): string => result.id ?? result.name;

/**
 * The deltas of `after` against `before`, scenario by scenario (matched by id): req/s (and the
 * ratio to the baseline, which is what to compare across machines), p50, p99 and SQL per request.
 */
export function compareReports(before: BenchReport, after: BenchReport): string {
  const previous = new Map(before.results.map((result) => [keyOf(result), result]));
  const lines = [
    `Compared with the run of ${before.date} (${before.machine?.cpuModel ?? 'machine unknown'}, load ${before.machine?.loadAverageAtStart?.join(' / ') ?? '?'}):`,
    '',
    '| scenario | req/s | Δ req/s | × baseline (before → after) | Δ p50 ms | Δ p99 ms | Δ SQL/request |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const result of after.results) {
    const old = previous.get(keyOf(result));
    if (!old) {
      lines.push(`| ${result.name} | ${result.requestsPerSecond} | new | ${result.ratioToBaseline ?? ''} | | | |`);
      continue;
    }
    const oldSql = old.sqlPerRequest ?? (old as unknown as { sqlQueriesPerRequest?: number }).sqlQueriesPerRequest ?? 0;
    lines.push(`| ${result.name} | ${result.requestsPerSecond} | ${percent(old.requestsPerSecond, result.requestsPerSecond)} | `
      + `${old.ratioToBaseline ?? '–'} → ${result.ratioToBaseline ?? '–'} | ${signed(result.latencyMs.p50 - old.latencyMs.p50)} | `
      + `${signed(result.latencyMs.p99 - old.latencyMs.p99)} | ${signed(result.sqlPerRequest - oldSql)} |`);
  }
  const gone = before.results.filter((result) => !after.results.some((candidate) => keyOf(candidate) === keyOf(result)));
  if (gone.length) lines.push('', `Not in this run: ${gone.map((result) => result.name).join('; ')}`);
  return lines.join('\n') + '\n';
}
