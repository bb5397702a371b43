/** Samples the resident set size while work runs; maxRSS (resourceUsage) catches peaks between samples. */
export function memorySampler(intervalMs = 50) {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      peak = Math.max(peak, process.memoryUsage().rss);
      return { sampledPeakRssMb: Math.round(peak / 2 ** 20), maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024) };
    },
  };
}
