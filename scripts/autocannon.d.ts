// The few parts of autocannon's API bench-load.ts uses (the package ships no types; no @types added for this).
declare module 'autocannon' {
  interface Result {
    latency: { p50: number; p99: number };
    requests: { total: number };
    non2xx: number;
    '5xx': number;
  }
  interface Options {
    url: string;
    connections: number;
    duration: number;
    requests?: Array<{ path: string; method?: string }>;
  }
  export default function autocannon(options: Options): Promise<Result>;
}
