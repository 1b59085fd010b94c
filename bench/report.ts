/**
 * The shape of bench/results/latest.json, and its Markdown rendering (bench/results/latest.md).
 * `--compare` reads older files of this shape (bench/compare.ts).
 */

/** Which budget of issue 12 a scenario answers to (2 cores, 10 connections). */
export type BudgetKind = 'uncached' | 'cached';

export interface ScenarioResult {
  id: string;
  name: string;
  target: 'app' | 'baseline';
  budget: BudgetKind | null;
  requestsPerSecond: number;
  /** req/s divided by the req/s of the baseline scenario that answers the same question (or the list). */
  ratioToBaseline: number | null;
  latencyMs: { p50: number; p90: number; p99: number; max: number };
  /** Requests answered in the measured seconds. */
  requests: number;
  /** Answers of another status class than expected (2xx, or 3xx for If-None-Match), plus connection errors. */
  unexpectedStatus: number;
  probeStatus: number;
  probeProblem: string | null;
  /** SQL statements of one request sent alone (the probe, before the run). */
  sqlPerRequest: number;
  /** Statements during the measured run divided by its requests (background work included). */
  sqlPerRequestInRun: number | null;
  /**
   * CPU time (user + system) the server process spent per request during the measured run: what one
   * answer costs the server itself, less sensitive to a busy machine than req/s (PostgreSQL not included).
   */
  serverCpuMsPerRequest?: number | null;
  /** RSS of the server process (the app or the baseline, each runs in its own) after the scenario. */
  rssMb: number;
  /** ETag, Cache-Control, Age, X-Cache of the probe's answer, when present. */
  cacheHeaders: Record<string, string>;
}

export interface BenchReport {
  date: string;
  machine: { cpuModel: string; cores: number; totalMemoryMb: number; loadAverageAtStart: number[]; node: string; commit: string | null };
  settings: { scale: number; seconds: number; warmup: number; connections: number; scenarioFilter: string | null };
  data: { events: number; associations: number; legalNotices: number; pages: number; procedures: number; occurrences: number; loadSeconds: number };
  sameRowsAsBaseline: boolean;
  memoryMb: { rssAfterBoot: number; rssAfterRun: number; heapUsedAfterRun: number };
  /** What the first request of each rendition of the bench photo waited for (made by sharp, then stored), by `width.format`. */
  renditionFirstRequestMs: Record<string, number>;
  results: ScenarioResult[];
  writes: { writes: number; meanMs: number; p99Ms: number; sqlQueriesPerWrite: number } | null;
}

/** Issue 12's budgets: uncached lists ≥ 600 req/s and ≥ half the baseline; cached ≥ the baseline; p99 < 50 ms. */
export function budgetVerdict(result: ScenarioResult): string {
  if (!result.budget) return '';
  const misses: string[] = [];
  const ratio = result.ratioToBaseline ?? 0;
  if (result.budget === 'uncached') {
    if (result.requestsPerSecond < 600) misses.push('< 600/s');
    if (ratio < 0.5) misses.push('< ½ baseline');
  } else if (ratio < 1) {
    misses.push('< baseline');
  }
  if (result.latencyMs.p99 >= 50) misses.push('p99 ≥ 50 ms');
  return misses.length ? `miss: ${misses.join(', ')}` : 'met';
}

const number = (value: number): string => value.toLocaleString('en-US');

export function writeMarkdown(report: BenchReport): string {
  const { machine, settings, data } = report;
  const lines = [
    `# Benchmark — ${report.date}`,
    '',
    `Machine: ${machine.cpuModel}, ${machine.cores} cores, ${number(machine.totalMemoryMb)} MB; load average at start ${machine.loadAverageAtStart.join(' / ')} (1 / 5 / 15 min); Node ${machine.node}${machine.commit ? `; commit ${machine.commit}` : ''}.`,
    '',
    `Data (scale ${settings.scale}, loaded in ${data.loadSeconds} s): ${number(data.events)} events (${number(data.occurrences)} occurrences), ${number(data.associations)} associations, `
      + `${number(data.legalNotices)} legal notices, ${number(data.pages)} pages, ${number(data.procedures)} procedure sheets.`,
    `Run: ${settings.warmup} s warm-up then ${settings.seconds} s per scenario, ${settings.connections} connections${settings.scenarioFilter ? `, scenarios matching "${settings.scenarioFilter}"` : ''}. `
      + `Baseline and API list the same rows: ${report.sameRowsAsBaseline ? 'yes' : '**no**'}.`,
    '',
    '| scenario | req/s | × baseline | p50 ms | p99 ms | server CPU ms/request | SQL/request | SQL/request in run | unexpected status | RSS MB | budget |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
    ...report.results.map((result) => `| ${result.name} | ${number(result.requestsPerSecond)} | ${result.ratioToBaseline ?? ''} | ${result.latencyMs.p50} | `
      + `${result.latencyMs.p99} | ${result.serverCpuMsPerRequest ?? ''} | ${result.sqlPerRequest} | ${result.sqlPerRequestInRun ?? ''} | ${result.unexpectedStatus || ''} | ${result.rssMb} | ${budgetVerdict(result)} |`),
    '',
    `The app, the baseline and the load generator each run in their own process. RSS of the app process: ${report.memoryMb.rssAfterBoot} MB after boot, ${report.memoryMb.rssAfterRun} MB after the run (heap ${report.memoryMb.heapUsedAfterRun} MB).`,
  ];
  const problems = report.results.filter((result) => result.probeProblem);
  if (problems.length) lines.push('', 'Problems seen on the probe request:', ...problems.map((result) => `- ${result.name}: ${result.probeProblem}`));
  const cached = report.results.filter((result) => Object.keys(result.cacheHeaders).length);
  if (cached.length) {
    lines.push('', 'Cache headers of the probe answers:', ...cached.map((result) => `- ${result.name}: ${Object.entries(result.cacheHeaders).map(([name, value]) => `${name}: ${value}`).join('; ')}`));
  }
  lines.push('', `First request of each rendition of the 1600×1200 photo (made, then stored), ms: ${Object.entries(report.renditionFirstRequestMs ?? {}).map(([key, ms]) => `${key} ${ms}`).join(', ')}.`);
  if (report.writes) {
    lines.push('', `Sequential saves (updatePage through GraphQL, one at a time): ${report.writes.writes} saves, mean ${report.writes.meanMs} ms, p99 ${report.writes.p99Ms} ms, ${report.writes.sqlQueriesPerWrite} SQL/save.`);
  }
  return lines.join('\n') + '\n';
}
