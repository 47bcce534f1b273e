#!/usr/bin/env bash
# Coverage-guided fuzzing of one Rampart target under AFL++ with SharpFuzz instrumentation.
#   fuzz/run-afl.sh TARGET [SECONDS]      TARGET: trace | mctp | recovery | spdm | loader
# Installs afl++ from Debian and the sharpfuzz tool from NuGet when missing; stops by itself
# after SECONDS (default 600). Findings land in fuzz/out/TARGET/ (ignored by git).
set -euo pipefail
cd "$(dirname "$0")/.."
target=${1:?usage: fuzz/run-afl.sh trace|mctp|recovery|spdm|loader [SECONDS]}
seconds=${2:-600}

if ! command -v afl-fuzz >/dev/null; then
  apt-get update -qq && apt-get install -y -qq afl++ >/dev/null
fi
dotnet tool restore >/dev/null

bin=fuzz/out/bin
dotnet publish fuzz/Rampart.Fuzz -c Release -o "$bin" -v q -nologo >/dev/null
for assembly in Rampart.Wire Rampart.Host Rampart.Protocols Rampart.Platform; do
  dotnet sharpfuzz "$bin/$assembly.dll" >/dev/null
done

corpus=fuzz/out/corpus/$target
findings=fuzz/out/$target
mkdir -p "$corpus" "$findings"
dotnet "$bin/rampart-fuzz.dll" "$target" --seeds "$corpus"

export AFL_SKIP_BIN_CHECK=1 AFL_NO_UI=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_SKIP_CPUFREQ=1
afl-fuzz -V "$seconds" -i "$corpus" -o "$findings" -t 10000 -m none -- dotnet "$bin/rampart-fuzz.dll" "$target"
crashes=$(find "$findings" -path '*crashes/id*' | wc -l)
echo "$target: $crashes crashing inputs in $findings"
[ "$crashes" -eq 0 ]
