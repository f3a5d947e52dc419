#!/usr/bin/env bash
# Entry point on a fresh Debian machine with the .NET SDK: installs what is missing, then runs a Cake target.
#   ./build.sh test     build everything and run all tests
#   ./build.sh train    train the TinyGpt example with its appsettings.json
#   ./build.sh bench    run the benchmarks against PyTorch and TorchSharp's own implementations
#   ./build.sh build    build only
#   ./build.sh pack     NuGet packages of the libraries and the trainer tool into artifacts/packages (--package-version=1.2.3)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

target="${1:-build}"
if [ $# -gt 0 ]; then shift; fi

# The engine is TorchSharp (restored from NuGet with libtorch 2.10). python3-torch: Debian's PyTorch 1.13, the test
# oracle for interop tests and the benchmarks' twin; libopenblas0-openmp: without it Debian's torch falls back to the
# reference BLAS (a 2048x128 by 128x512 matmul takes 61 ms); g++ and patchelf: the TorchSharp compat step, which makes
# TorchSharp load where the system libstdc++ is older than GCC 13's (Debian 12, Ubuntu 22.04; see
# src/Trainer.TorchExtensions/build/TorchSharpCompat.targets); librsvg2-bin: rsvg-convert, which turns Trainer.Plots'
# SVG pictures into PNGs (its tests render them and check the pixels).
packages=(python3-torch libopenblas0-openmp g++ patchelf librsvg2-bin)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing missing system packages: ${missing[*]}"
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  $sudo apt-get update
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y "${missing[@]}"
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
dotnet tool restore >/dev/null
exec dotnet tool run dotnet-cake build.cake --target="$target" "$@"
