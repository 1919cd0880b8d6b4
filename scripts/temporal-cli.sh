#!/usr/bin/env bash
# Prints the path of a `temporal` CLI, building it once into the git-ignored .tools/ when Go is present.
# Exit 3 with no output means "no local CLI": callers fall back to the Temporal SDK's own download.
set -euo pipefail
VERSION="v1.5.1" # the newest tag `go install` accepts; later tags carry replace directives
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS="$ROOT/.tools/bin"

if [[ -n "${TEMPORAL_CLI:-}" ]]; then
  if [[ ! -x "$TEMPORAL_CLI" ]]; then
    echo "TEMPORAL_CLI=$TEMPORAL_CLI is not an executable file" >&2
    exit 1
  fi
  echo "$TEMPORAL_CLI"
  exit 0
fi

if [[ -x "$TOOLS/temporal" ]]; then
  echo "$TOOLS/temporal"
  exit 0
fi

if command -v go >/dev/null 2>&1; then
  mkdir -p "$TOOLS"
  echo "temporal-cli: building github.com/temporalio/cli $VERSION with go install (once; a few minutes)" >&2
  GOBIN="$TOOLS" go install "github.com/temporalio/cli/cmd/temporal@$VERSION" >&2
  echo "$TOOLS/temporal"
  exit 0
fi

echo "temporal-cli: no TEMPORAL_CLI, no cached build and no Go; using the SDK's download" >&2
exit 3
