#!/usr/bin/env bash
# Builds the Teams app package: manifest.json with the bot's Microsoft App Id filled in, plus the two icons, zipped
# at the root as Teams requires. Usage: infra/teams/package.sh <microsoft-app-id> [version] [bot-domain]
# Output: infra/teams/out/salesopsbot-teams-<version>.zip
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
app_id="${1:?usage: package.sh <microsoft-app-id> [version] [bot-domain]}"
version="${2:-1.0.0}"
domain="${3:-salesopsbot.example.com}"
if ! [[ "$app_id" =~ ^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$ ]]; then
  echo "package.sh: the app id must be a GUID, got '$app_id'" >&2
  exit 1
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
placeholder="00000000-0000-0000-0000-000000000000"
sed -e "s/$placeholder/$app_id/g" \
    -e "s/\"version\": \"1.0.0\"/\"version\": \"$version\"/" \
    -e "s/salesopsbot.example.com/$domain/g" \
    "$here/manifest.json" > "$work/manifest.json"
cp "$here/color.png" "$here/outline.png" "$work/"
mkdir -p "$here/out"
zip_path="$here/out/salesopsbot-teams-$version.zip"
rm -f "$zip_path"
(cd "$work" && zip -q -X "$zip_path" manifest.json color.png outline.png)
echo "$zip_path"
