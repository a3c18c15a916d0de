/**
 * The logger and metrics as the use cases see them: the few methods they call, so a use case can be tested with a
 * plain object and run with the Powertools Logger and Metrics (./logger.ts, ./metrics.ts), which fit these shapes.
 */

/** Structured log lines; `extra` never carries a phone number (codes and ids only). */
export interface LogPort {
  debug(message: string, extra: Record<string, unknown>): void;
  info(message: string, extra: Record<string, unknown>): void;
  warn(message: string, extra: Record<string, unknown>): void;
  error(message: string, extra: Record<string, unknown>): void;
}

/** Count metrics only; the Powertools Metrics instance fits (unit 'Count'). */
export interface CountMetricsPort {
  addMetric(name: string, unit: 'Count', value: number): unknown;
}

/** Metrics a handler publishes itself at the end of an invocation, where no middleware does it. */
export interface FlushableMetricsPort {
  hasStoredMetrics(): boolean;
  publishStoredMetrics(): unknown;
}

/** For use cases run without a logger (scripts, tests that do not read the log). */
export const silentLog: LogPort = { debug() {}, info() {}, warn() {}, error() {} };
