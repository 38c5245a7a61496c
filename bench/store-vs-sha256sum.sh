#!/usr/bin/env bash
# Target 3: the artifact store's put and verified get (copyTo) of one large random file against
# sha256sum of the same file, on the same disk, in the same run. Prints the median of each, in
# MB/s (10^6 bytes), and the ratios to sha256sum. See bench/README.md.
#
# usage: bench/store-vs-sha256sum.sh [RUNS] [SIZE_MIB] [PARENT_DIR]
#   RUNS        timed rounds, each sha256sum, put, get and the diagnostic floors (default 5)
#   SIZE_MIB    size of the random file (default 1024: 1 GiB)
#   PARENT_DIR  where the temp work folder goes: the disk under test (default $TMPDIR or /tmp);
#               never a tmpfs such as /dev/shm
set -euo pipefail

runs=${1:-5}
size_mib=${2:-1024}
parent=${3:-${TMPDIR:-/tmp}}
here=$(cd "$(dirname "$0")" && pwd)
jar="$here/target/benchmarks.jar"

if [[ ! -f "$jar" ]]; then
  echo "no $jar: build it first with 'mvn -o -Pbench -pl bench -am package -DskipTests'" >&2
  exit 2
fi
command -v sha256sum >/dev/null || { echo "sha256sum is not installed" >&2; exit 2; }

fstype=$(df --output=fstype "$parent" | tail -1 | tr -d " ")
if [[ "$fstype" == tmpfs || "$fstype" == ramfs ]]; then
  echo "$parent is on $fstype: give a folder on the disk the store uses" >&2
  exit 2
fi

# The random file, the stored object and one copy exist at once; leave room to spare.
need_mib=$((size_mib * 3 + 1024))
avail_mib=$(df -Pm "$parent" | awk 'NR == 2 { print $4 }')
df -h "$parent"
if ((avail_mib < need_mib)); then
  echo "only ${avail_mib} MiB free in $parent; this needs ${need_mib} MiB" >&2
  exit 2
fi

work=$(mktemp -d "$parent/store-vs-sha256sum.XXXXXX")
trap 'rm -rf "$work"' EXIT

echo "date $(date -u +%Y-%m-%dT%H:%M:%SZ), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)," \
  "filesystem $fstype, $(sha256sum --version | head -1), $(java -version 2>&1 | head -1)"
echo "writing ${size_mib} MiB of random bytes to $work/input.bin"
head -c "$((size_mib * 1024 * 1024))" /dev/urandom >"$work/input.bin"
sync

java -Xms256m -Xmx512m -cp "$jar" dev.nbfactory.bench.StoreVsSha256 "$work/input.bin" "$work" "$runs"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
