#!/usr/bin/env bash
# Runs every test: builds the solution, runs the kernel tests under each SIMD setting (AVX-512, AVX2, Vector128 only,
# scalar), then the generator, runtime, reference, end-to-end, ONNX Runtime and packed-package tests.
# ONNX Runtime comes from its NuGet package (Microsoft.ML.OnnxRuntime), restored with the rest.
set -euo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

dotnet build ShuffleNetGen.sln -c Release

log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
run_tests() {
  local label=$1; shift
  echo "=== $label"
  if ! "$@" 2>&1 | tee -a "$log"; then status=1; fi
}

for setting in "DOTNET_EnableAVX512=1" "DOTNET_EnableAVX512=0" "DOTNET_EnableAVX2=0" "DOTNET_EnableHWIntrinsic=0"; do
  run_tests "kernels ($setting)" env "$setting" dotnet test tests/ShuffleNetGen.Kernels.Tests -c Release --no-build \
    --logger "console;verbosity=normal"
done
# Whole generated models through the narrower paths too (the cheapest V2 and V1 models, also split over serialised lanes
# and batched with one classifier call per chunk; all models run below).
for setting in "DOTNET_EnableAVX512=0" "DOTNET_EnableAVX2=0" "DOTNET_EnableHWIntrinsic=0"; do
  run_tests "end to end, small models ($setting)" env "$setting" dotnet test tests/ShuffleNetGen.EndToEnd.Tests -c Release --no-build \
    --filter "(FullyQualifiedName~Predict_matches_reference_executor|FullyQualifiedName~Serialised_lanes|FullyQualifiedName~Batched_logits_equal)&DisplayName~x0_5"
done
for project in Generator Runtime Reference EndToEnd Onnx Package; do
  run_tests "$project" dotnet test "tests/ShuffleNetGen.$project.Tests" -c Release --no-build
done

# One closing line over all runs: "N passed, N failed".
passed=$(grep -Eo 'Passed: +[0-9]+' "$log" | awk '{s += $2} END {print s + 0}')
failed=$(grep -Eo 'Failed: +[0-9]+' "$log" | awk '{s += $2} END {print s + 0}')
skipped=$(grep -Eo 'Skipped: +[0-9]+' "$log" | awk '{s += $2} END {print s + 0}')
echo "Total: $passed passed, $failed failed, $skipped skipped"
if [ "$failed" -ne 0 ] || [ "$passed" -eq 0 ]; then status=1; fi
exit $status
