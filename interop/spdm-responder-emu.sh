#!/usr/bin/env bash
# Attests DMTF's spdm_responder_emu with `rampart attest --connect` (an interop run, not part of
# `dotnet test`). It only runs an emu that is already built: building it is its own README's
# business (https://github.com/DMTF/spdm-emu). See docs/interop.md for what was run and found.
#
#   interop/spdm-responder-emu.sh PATH/TO/spdm_responder_emu [mctp|pci-doe] [1.2|1.3]
#
# The emu must be run from its build directory (it reads libspdm's sample keys relative to it);
# the slot-0 chain's root for ECDSA P-384 is ecp384/ca.cert.der there. PORT (default 2323) picks
# the loopback port; the script refuses to start when something already listens on it.
# Exit status: 0 when Rampart's verdict is "trusted", non-zero otherwise.
#
# Timing mode: TIMINGS=N runs `rampart attest --timings --repeat N --warmup ${WARMUP:-5}` (a
# Release build) instead of one attestation: N connections, each attested and timed per request
# (docs/performance.md); JSON=1 adds --json. Exit status as above, for every connection.
set -euo pipefail

if [[ $# -lt 1 || $# -gt 3 ]]; then
    echo "usage: $0 PATH/TO/spdm_responder_emu [mctp|pci-doe] [1.2|1.3]" >&2
    exit 2
fi

emu="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
transport=${2:-mctp}
version=${3:-1.3}
port=${PORT:-2323}
repo=$(cd "$(dirname "$0")/.." && pwd)
bin=$(dirname "$emu")
root="$bin/ecp384/ca.cert.der"

case "$transport" in
    mctp) trans=MCTP ;;
    pci-doe) trans=PCI_DOE ;;
    *) echo "transport must be mctp or pci-doe, got '$transport'" >&2; exit 2 ;;
esac
case "$version" in
    1.2|1.3) ;;
    *) echo "version must be 1.2 or 1.3, got '$version'" >&2; exit 2 ;;
esac
[[ -x "$emu" ]] || { echo "not an executable: $emu" >&2; exit 2; }
[[ -f "$root" ]] || { echo "no sample root certificate at $root (copy the sample keys next to the emu, as its README says)" >&2; exit 2; }

listening() { ss -Hltn "sport = :$port" | grep -q .; }
if listening; then
    echo "something already listens on 127.0.0.1:$port; pick another with PORT=..." >&2
    exit 2
fi

work=$(mktemp -d)
emu_pid=""
cleanup() {
    if [[ -n "$emu_pid" ]] && kill -0 "$emu_pid" 2>/dev/null; then
        kill "$emu_pid" 2>/dev/null || true
        wait "$emu_pid" 2>/dev/null || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT

# Reference values: the sample responder reports measurement index i (1..4) as the SHA-384 of
# 72 bytes of the value i (libspdm's sample measurement collection).
{
    printf '{"measurements":['
    for i in 1 2 3 4; do
        digest=$(head -c 72 /dev/zero | tr '\0' "\\$(printf '%03o' "$i")" | sha384sum | cut -d' ' -f1)
        printf '{"index":%d,"digest":"%s"}' "$i" "$digest"
        [[ $i -lt 4 ]] && printf ','
    done
    printf ']}\n'
} > "$work/reference.json"

# Only what Rampart negotiates: ECDSA P-384, SHA-384 (measurements too), secp384r1, AES-256-GCM.
(cd "$bin" && exec "$emu" --trans "$trans" --ip 127.0.0.1 --port "$port" --ver "$version" \
    --hash SHA_384 --meas_hash SHA_384 --asym ECDSA_P384 --dhe SECP_384_R1 --aead AES_256_GCM \
    > "$work/emu.log" 2>&1) &
emu_pid=$!

for _ in $(seq 100); do
    listening && break
    kill -0 "$emu_pid" 2>/dev/null || { echo "spdm_responder_emu exited:" >&2; cat "$work/emu.log" >&2; exit 1; }
    sleep 0.1
done
listening || { echo "spdm_responder_emu did not listen on $port" >&2; exit 1; }

echo "spdm_responder_emu --trans $trans --ver $version on 127.0.0.1:$port" >&2
status=0
configuration=Debug
extra=()
if [[ -n "${TIMINGS:-}" ]]; then
    configuration=Release
    extra=(--timings --repeat "$TIMINGS" --warmup "${WARMUP:-5}")
    [[ -n "${JSON:-}" ]] && extra+=(--json)
fi
dotnet run -c "$configuration" --project "$repo/src/Rampart.Cli" -- attest --connect "127.0.0.1:$port" --transport "$transport" \
    --trust-root "$root" --reference "$work/reference.json" --shutdown-peer "${extra[@]}" || status=$?

# SHUTDOWN makes the emu stop on its own; a Server Critical Error in its log means it did not see one.
for _ in $(seq 50); do
    kill -0 "$emu_pid" 2>/dev/null || break
    sleep 0.1
done
if grep -q "Critical Error" "$work/emu.log"; then
    echo "spdm_responder_emu reported an error:" >&2
    cat "$work/emu.log" >&2
    [[ $status -ne 0 ]] || status=1
fi

exit "$status"
