# Used by test.sh: runs test classes a second time on an emulated x86-64 CPU with AVX2 but without AVX-512 or VNNI
# (qemu-user's AMD EPYC-Rome model), where ONNX Runtime's u8×s8 kernels add products in saturating int16 pairs,
# whatever CPU this machine has. KernelPathTests fails there unless ONNX Runtime really took that path.
# shellcheck shell=bash

EMULATED_CPU="EPYC-Rome"
EMULATED_DOTNET=""

install_qemu_user() {
  command -v qemu-x86_64 >/dev/null 2>&1 && return 0
  require_command apt-get "Install qemu-user (Debian: apt-get install qemu-user): test.sh runs the int8 tests on an emulated AVX2-only CPU with it."
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "Installing qemu-user (Debian package) for the emulated AVX2-only CPU ..."
  if ! DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends qemu-user >/dev/null; then
    $sudo apt-get update >/dev/null
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends qemu-user >/dev/null
  fi
  require_command qemu-x86_64 "apt-get did not install qemu-user."
}

# write_emulated_dotnet DIR: DIR/dotnet runs this machine's dotnet under qemu-user on $EMULATED_CPU. VSTest starts
# the test host with it (RunConfiguration.DotNetHostPath), so only the tests run emulated, not the build or VSTest.
write_emulated_dotnet() {
  local dir=$1 real
  real=$(readlink -f "$(command -v dotnet)")
  # Why the .NET settings: qemu-user 7.2 misses code the runtime writes through its second (W^X) mapping, and
  # crashes on the signals the runtime uses to suspend threads for the GC; the background GC and the JIT's AVX code
  # are off to keep the emulator on its best-trodden paths. None of them changes what ONNX Runtime computes.
  cat >"$dir/dotnet" <<EOF
#!/usr/bin/env bash
export DOTNET_EnableWriteXorExecute=0 DOTNET_ThreadSuspendInjection=0 DOTNET_gcConcurrent=0 DOTNET_EnableAVX=0
export MODELSVC_TEST_INT8_PATH=int16-pairs
exec qemu-x86_64 -cpu $EMULATED_CPU "$real" "\$@" 2> >(grep -v "TCG doesn't support requested feature" >&2)
EOF
  chmod +x "$dir/dotnet"
  EMULATED_DOTNET="$dir/dotnet"
}

# test_classes DIR: the names of the test classes declared under DIR.
test_classes() {
  grep -rhoE "class [A-Za-z0-9_]+Tests\b" --include='*.cs' "$1" | awk '{ print $2 }' | sort -u
}

# run_emulated PROJECT RESULTS CLASS...: each class of PROJECT on the emulated CPU, its .trx into RESULTS. A run
# whose test host died with no failed test is the emulator crashing (one or two class runs in twenty here) and is
# run again, three times at most; a failed test is never run again.
run_emulated() {
  local project=$1 results=$2 class attempt dir out status=0
  shift 2
  for class in "$@"; do
    for attempt in 1 2 3 4; do
      dir=$(mktemp -d)
      if out=$(dotnet test "$project" --no-build -c Release --filter "FullyQualifiedName~.$class.&Category!=Performance" \
        --logger "trx;LogFileName=emulated-$class.trx" --results-directory "$dir" \
        -- RunConfiguration.DotNetHostPath="$EMULATED_DOTNET" 2>&1); then
        echo "   $class: $(grep -oE 'Passed: +[0-9]+' <<<"$out" | head -1 | tr -s ' ')"
        break
      fi
      if grep -q "Test Run Aborted" <<<"$out" && ! grep -qE '^ +Failed [A-Za-z]' <<<"$out" && [ "$attempt" -lt 4 ]; then
        echo "   $class: the emulated test host crashed (attempt $attempt); running the class again"
        rm -rf "$dir"
        continue
      fi
      echo "$out" | tail -60
      status=1
      break
    done
    mv "$dir"/*.trx "$results"/ 2>/dev/null || true
    rm -rf "$dir"
  done
  return "$status"
}
