/** Samples the resident set size while work runs; maxRSS (resourceUsage) catches peaks between samples. */
export function memorySampler(intervalMs = 50) {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, intervalMs);
  return {
    /** The highest resident set size sampled so far, in MB. */
    peakMb() {
      return Math.round(Math.max(peak, process.memoryUsage().rss) / 2 ** 20);
    },
    stop() {
      clearInterval(timer);
      peak = Math.max(peak, process.memoryUsage().rss);
      return { sampledPeakRssMb: Math.round(peak / 2 ** 20), maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024) };
    },
  };
}
