#!/usr/bin/env bash
# Entry point on a fresh Debian machine with the .NET SDK: installs what is missing, then runs a Cake target.
#   ./build.sh test     build everything and run all tests
#   ./build.sh train    train the TinyGpt example with its appsettings.json
#   ./build.sh bench    run the benchmarks against libtorch C++ and PyTorch
#   ./build.sh build    build only
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

target="${1:-build}"
if [ $# -gt 0 ]; then shift; fi

# libtorch-dev: the engine; libopenblas0-openmp: without it Debian's reference BLAS makes training ~35x slower;
# python3-torch: the same libtorch from Python, for interop tests and benchmarks; cmake/g++ build the shim.
packages=(libtorch-dev libopenblas0-openmp python3-torch cmake g++)
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
