-- Loopline loadtest: lets wrk pipeline N requests per write (argument 1, default 1) and prints one
-- machine-readable result line that the runner parses. Latencies are in microseconds.
local batch

function init(args)
  local depth = tonumber(args[1]) or 1
  batch = string.rep(wrk.format("GET"), depth)
end

function request()
  return batch
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "LOADTEST requests=%d duration_us=%d errors_connect=%d errors_read=%d errors_write=%d errors_timeout=%d " ..
    "non2xx=%d p50_us=%d p90_us=%d p99_us=%d p999_us=%d max_us=%d\n",
    summary.requests, summary.duration, e.connect, e.read, e.write, e.timeout, e.status,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency:percentile(99.9),
    latency.max))
end
