# Shared by the wrk load scripts (sourced from the repository root): their setup, and one markdown table of wrk
# runs over TLS with a bearer token (wrk_row needs threads, connections, duration, token, base).

wrk_prepare() { # installs wrk if missing, builds the bench, sets work (a temp dir) and token (a random bearer token)
  command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk; }
  dotnet build -c Release bench >/dev/null
  work="$(mktemp -d)"
  token="bench-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
}

wrk_header() {
  echo "| target | requests/s | p50 | p99 | non-2xx |"
  echo "|---|---|---|---|---|"
}

wrk_row() { # name path
  local out rps p50 p99 non2xx
  out=$(wrk -t"$threads" -c"$connections" -d"${duration}s" --latency -H "Authorization: Bearer $token" "$base$2")
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1=="50%" {print $2}' <<<"$out")
  p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  non2xx=$(awk '/Non-2xx/ {print $NF}' <<<"$out"); non2xx=${non2xx:-0}
  printf '| %s | %s | %s | %s | %s |\n' "$1" "$rps" "$p50" "$p99" "$non2xx"
}
