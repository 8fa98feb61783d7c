#!/usr/bin/env bash
# Runs every test, installing what the tests need first. Used by README and .ci/run.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v prometheus >/dev/null 2>&1 || need_apt+=(prometheus)
# Publishing the simulator ahead of time (scripts/sim-aot-parity.sh) links with the platform's C toolchain.
command -v clang >/dev/null 2>&1 || command -v gcc >/dev/null 2>&1 || need_apt+=(gcc libc6-dev)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "Installing test dependencies: ${need_apt[*]}"
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${need_apt[@]}"
  # The package starts a system Prometheus; tests run their own on loopback and never use it.
  $sudo_cmd systemctl disable --now prometheus >/dev/null 2>&1 || true
fi
# The simulator's report.html is checked in headless Chromium; if it cannot be installed, that test is
# skipped and says why.
if ! command -v chromium >/dev/null 2>&1; then
  echo "Installing chromium for the report browser check"
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  { $sudo_cmd apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends chromium; } \
    || echo "warning: chromium could not be installed; the report browser check will be skipped" >&2
fi
if [ ! -x /usr/bin/kubectl ]; then
  echo "error: the kubectl tests need /usr/bin/kubectl (a real Kubernetes client); install kubectl there" >&2
  exit 1
fi

results="$(mktemp -d)"
trap 'rm -rf "$results"' EXIT
status=0
# dotnet test builds the test projects only: a benchmark that no longer compiles fails the run here.
dotnet build bench -c Release -nologo -v q || status=$?
dotnet test Headroom.slnx -c Release --logger "trx" --results-directory "$results" "$@" || status=$?
# The published simulator is compiled ahead of time, the tests above run the JIT build: both must give the same bytes.
scripts/sim-aot-parity.sh || status=$?

# The code style of .editorconfig; a formatting drift fails the run like a failed test.
if ! dotnet format Headroom.slnx --verify-no-changes; then
  echo "error: files differ from .editorconfig's conventions; run 'dotnet format Headroom.slnx'" >&2
  status=1
fi

# One closing line in the plain form CI reads: totals over every test project.
python3 - "$results" <<'PY' || true
import glob, sys, xml.etree.ElementTree as ET
passed = failed = skipped = 0
for f in glob.glob(sys.argv[1] + "/*.trx"):
    c = ET.parse(f).getroot().find(".//{*}Counters")
    if c is None: continue
    passed += int(c.get("passed", 0)); failed += int(c.get("failed", 0)) + int(c.get("error", 0)) + int(c.get("timeout", 0))
    skipped += int(c.get("notExecuted", 0))
print(f"{passed} passed, {failed} failed, {skipped} skipped")
PY
exit $status
