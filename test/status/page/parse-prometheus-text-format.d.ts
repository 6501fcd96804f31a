/** The parser ships no types: the shape it returns, as its README documents. */
declare module 'parse-prometheus-text-format' {
  interface ParsedMetric {
    readonly value?: string;
    readonly labels?: Record<string, string>;
    readonly buckets?: Record<string, string>;
    readonly quantiles?: Record<string, string>;
    readonly count?: string;
    readonly sum?: string;
  }
  interface ParsedFamily {
    readonly name: string;
    readonly help: string;
    readonly type: 'COUNTER' | 'GAUGE' | 'SUMMARY' | 'HISTOGRAM' | 'UNTYPED';
    readonly metrics: readonly ParsedMetric[];
  }
  /** Parses the Prometheus text format; throws on invalid input. */
  export default function parsePrometheusTextFormat(text: string): ParsedFamily[];
}
