#!/usr/bin/env bash
# Runs every test: builds the solution, runs the kernel tests under each SIMD setting (AVX-512, AVX2, Vector128 only,
# scalar), then the generator, runtime, reference, end-to-end, ONNX Runtime, packed-package and shufflenetgen tool tests, then the kernel
# tests and the small end-to-end models built for linux-arm64 and run as Arm64 code (NEON) under qemu-aarch64.
# ONNX Runtime comes from its NuGet package (Microsoft.ML.OnnxRuntime), restored with the rest. The Arm64 part needs
# qemu-user and Debian's arm64 C/C++ runtime, ICU, OpenSSL and zlib (.ci/run installs them); without qemu-aarch64 it is
# skipped with a note, unless SNG_REQUIRE_ARM64=1 (set by .ci/run) makes that a failure.
set -euo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

dotnet build ShuffleNetGen.sln -c Release

log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0

# Each section's header says how long the run has taken so far, so a CI log shows where the minutes go.
stamp() { printf '=== [%dm%02ds] %s\n' $((SECONDS / 60)) $((SECONDS % 60)) "$1"; }
run_tests() {
  local label=$1; shift
  stamp "$label"
  if ! "$@" 2>&1 | tee -a "$log"; then status=1; fi
}

for setting in "DOTNET_EnableAVX512=1" "DOTNET_EnableAVX512=0" "DOTNET_EnableAVX2=0" "DOTNET_EnableHWIntrinsic=0"; do
  run_tests "kernels ($setting)" env "$setting" dotnet test tests/ShuffleNetGen.Kernels.Tests -c Release --no-build \
    --logger "console;verbosity=normal"
done
# Whole generated models through the narrower paths too: the rows with trait Models=small (the 0.5x V2 and V1 models
# against the reference executor, split over serialised lanes, and batched with one classifier call per chunk; all
# models run below).
small_models="Models=small"
for setting in "DOTNET_EnableAVX512=0" "DOTNET_EnableAVX2=0" "DOTNET_EnableHWIntrinsic=0"; do
  run_tests "end to end, small models ($setting)" env "$setting" dotnet test tests/ShuffleNetGen.EndToEnd.Tests -c Release --no-build \
    --filter "$small_models"
done
for project in Generator Runtime Reference EndToEnd Onnx Package Cli; do
  run_tests "$project" dotnet test "tests/ShuffleNetGen.$project.Tests" -c Release --no-build
done

# Arm64: each xunit.v3 test project is its own executable; published self-contained for linux-arm64 it runs under
# qemu-aarch64 (called directly: binfmt is not mounted), about 30x slower than native. The JIT's W^X double mapping
# writes code through an alias qemu does not watch, so qemu would run stale translations: W^X is off there.
# ONNX Runtime is not in these two projects (it would need an Arm64 /proc/cpuinfo).
run_arm64() {
  local label=$1 project=$2; shift 2
  local out
  out=$(mktemp)
  stamp "$label (linux-arm64 under qemu-aarch64)"
  if ! dotnet publish "tests/$project" -c Release -r linux-arm64 --self-contained -v quiet -nologo >"$out" 2>&1; then
    cat "$out"; rm -f "$out"; echo "Failed: 1 (publishing $project for linux-arm64)" >>"$log"; status=1; return
  fi
  if ! DOTNET_EnableWriteXorExecute=0 qemu-aarch64 -L / "tests/$project/bin/Release/net10.0/linux-arm64/publish/$project" \
      -noColor -noLogo "$@" 2>&1 | tee "$out"; then
    status=1
  fi
  # xunit's own summary ("Total: N, Errors: N, Failed: N, Skipped: N, Not Run: N"), restated in dotnet test's words.
  local summary
  summary=$(grep -Eo 'Total: [0-9]+, Errors: [0-9]+, Failed: [0-9]+, Skipped: [0-9]+, Not Run: [0-9]+' "$out" | tail -1 || true)
  rm -f "$out"
  if [ -z "$summary" ]; then
    echo "Failed: 1 ($project ended without a summary)" | tee -a "$log"; status=1; return
  fi
  read -r total errors failed skipped notrun <<< "$(echo "$summary" | grep -Eo '[0-9]+' | tr '\n' ' ')"
  echo "Arm64 $project: Passed: $((total - errors - failed - skipped - notrun)), Failed: $((errors + failed)), Skipped: $((skipped + notrun))" | tee -a "$log"
}
if command -v qemu-aarch64 >/dev/null 2>&1; then
  # The restore for the linux-arm64 runtime and app host packs (a no-op once they are in the NuGet cache).
  dotnet restore tests/ShuffleNetGen.Kernels.Tests -r linux-arm64 --force -v quiet
  dotnet restore tests/ShuffleNetGen.EndToEnd.Tests -r linux-arm64 --force -v quiet
  run_arm64 "kernels" ShuffleNetGen.Kernels.Tests
  # The small models against the reference executor and batched (2 and 5 images); not the serialised-lane rows (seven
  # lane orders each, 2-3 minutes apiece under qemu on a busy machine) nor the 33-image batches over two classifier
  # chunks (3 minutes a model there), which run natively under every narrower path above.
  run_arm64 "end to end, small models" ShuffleNetGen.EndToEnd.Tests -preEnumerateTheories -trait "$small_models" \
    -method "*.Predict_matches_reference_executor" -method "*.Batched_logits_equal_each_image_alone_bitwise"
elif [ "${SNG_REQUIRE_ARM64:-0}" = 1 ]; then
  echo "Failed: 1 (qemu-aarch64 is missing: the Arm64 tests cannot run)" | tee -a "$log"; status=1
else
  echo "=== Arm64: skipped (no qemu-aarch64; .ci/run installs qemu-user and the arm64 libraries)"
fi

# One closing line over all runs, "N passed, N failed" (the skipped count on the line before it).
passed=$(grep -Eo 'Passed: +[0-9]+' "$log" | awk '{s += $2} END {print s + 0}')
failed=$(grep -Eo 'Failed: +[0-9]+' "$log" | awk '{s += $2} END {print s + 0}')
skipped=$(grep -Eo 'Skipped: +[0-9]+' "$log" | awk '{s += $2} END {print s + 0}')
stamp "done"
echo "($skipped skipped)"
echo "$passed passed, $failed failed"
if [ "$failed" -ne 0 ] || [ "$passed" -eq 0 ]; then status=1; fi
exit $status
