#!/usr/bin/env bash
# The whole test suite, from a fresh machine: installs what the tests need when it is missing,
# builds everything with warnings as errors, then runs every test project.
# Usage: ./test.sh [extra dotnet test arguments, e.g. --filter FullyQualifiedName~Queue]
set -euo pipefail
cd "$(dirname "$0")"
root=$(pwd)

# 1. Debian packages the tests use as real peers (ip/netns, openssl verify, arping, tcpdump).
missing=()
command -v ip >/dev/null 2>&1 || missing+=(iproute2)
command -v openssl >/dev/null 2>&1 || missing+=(openssl)
command -v arping >/dev/null 2>&1 || missing+=(arping)
command -v tcpdump >/dev/null 2>&1 || missing+=(tcpdump)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "test.sh: installing ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "test.sh: missing ${missing[*]} and not root; install them with apt-get" >&2
    exit 1
  fi
fi

# 2. Toolchain and kubectl: the end-to-end tests drive the embedded control plane with the real kubectl.
if ! command -v dotnet >/dev/null 2>&1; then
  echo "test.sh: the .NET 10 SDK is required (dotnet not on PATH)" >&2
  exit 1
fi
if ! command -v kubectl >/dev/null 2>&1; then
  echo "test.sh: kubectl is required on PATH for the end-to-end tests" >&2
  exit 1
fi

# 3. Restore and build once (warnings are errors via Directory.Build.props).
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet restore Platform.sln
dotnet build Platform.sln -c Release --no-restore

# 4. Every test project, one after another (2 cores: parallel projects only fight for them).
results="$root/artifacts/test-results"
rm -rf "$results"; mkdir -p "$results"
passed=0; failed=0; skipped=0; status=0
for proj in tests/*.Tests/*.Tests.csproj; do
  name=$(basename "$proj" .csproj)
  echo "== $name"
  log="$results/$name.log"
  set +e
  dotnet test "$proj" -c Release --no-build --logger "console;verbosity=normal" \
    --logger "trx;LogFileName=$name.trx" --results-directory "$results" "$@" 2>&1 | tee "$log"
  rc=${PIPESTATUS[0]}
  set -e
  # The TRX file's <Counters> element is the authoritative count for this project.
  trx="$results/$name.trx"
  if [ -f "$trx" ]; then
    counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
    p=$(sed -E 's/.* passed="([0-9]+)".*/\1/' <<<"$counters")
    f=$(sed -E 's/.* failed="([0-9]+)".*/\1/' <<<"$counters")
    t=$(sed -E 's/.* total="([0-9]+)".*/\1/' <<<"$counters")
    e=$(sed -E 's/.* executed="([0-9]+)".*/\1/' <<<"$counters")
    passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + t - e))
    if [ "$t" -eq 0 ]; then
      echo "test.sh: $name has no tests" >&2
      status=1
    fi
  else
    echo "test.sh: $name did not run (exit $rc)" >&2
    failed=$((failed + 1))
  fi
  [ $rc -ne 0 ] && status=1
done

echo
echo "$passed passed, $failed failed, $skipped skipped"
[ $failed -eq 0 ] && [ $status -eq 0 ]
