#!/usr/bin/env bash
# Opens a Rampart boot capture with a real tshark (an interop run, not part of `dotnet test`):
# every frame must decode as MCTP, none may be flagged malformed or carry an expert warning, and
# the MCTP control and PLDM frames must be recognised. It only runs a tshark that is already
# installed (Wireshark 4.4 or later has the MCTP dissector: Debian 13's `tshark` package, say).
# See docs/interop.md for what was run and found.
#
#   interop/wireshark.sh PATH/TO/tshark [CAPTURE.pcap]
#
# Without a capture it boots the default development chip into a temporary directory
# (`rampart boot`) and opens the boot.pcap it writes.
# Exit status: 0 when every check passes, 1 when one fails, 2 on a usage error.
set -euo pipefail

if [[ $# -lt 1 || $# -gt 2 ]]; then
    echo "usage: $0 PATH/TO/tshark [CAPTURE.pcap]" >&2
    exit 2
fi

tshark=$1
[[ -x "$tshark" ]] || { echo "not an executable: $tshark" >&2; exit 2; }
repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

if [[ $# -eq 2 ]]; then
    capture=$2
    [[ -f "$capture" ]] || { echo "no such capture: $capture" >&2; exit 2; }
else
    (cd "$work" && dotnet run --project "$repo/src/Rampart.Cli" -- boot >/dev/null)
    capture="$work/out/boot/boot.pcap"
fi

"$tshark" --version | head -1
fail=0
check() { # name, expected (0 = none, + = at least one), count
    local name=$1 expected=$2 count=$3
    if [[ "$expected" == 0 && "$count" -ne 0 ]] || [[ "$expected" == + && "$count" -eq 0 ]]; then
        echo "FAIL  $name: $count"
        fail=1
    else
        echo "pass  $name: $count"
    fi
}

count() { # frames matching a display filter; a filter this tshark cannot compile is a failure
    local out
    if ! out=$("$tshark" -r "$capture" -Y "$1" 2>"$work/err"); then
        echo "FAIL  tshark refused the filter '$1': $(grep -v 'Running as user' "$work/err" | head -1)" >&2
        echo 0
        return 1
    fi
    [[ -z "$out" ]] && echo 0 || wc -l <<<"$out"
}
n=$(count "frame") && check "frames" + "$n" || fail=1
n=$(count "!mctp") && check "frames not decoded as MCTP" 0 "$n" || fail=1
n=$(count "_ws.malformed") && check "malformed frames" 0 "$n" || fail=1
n=$(count "_ws.expert.severity >= warning") && check "frames with expert warnings or errors" 0 "$n" || fail=1
n=$(count "mctp.msg.type == 0") && check "MCTP control frames" + "$n" || fail=1
n=$(count "pldm") && check "PLDM frames" + "$n" || fail=1
exit $fail
