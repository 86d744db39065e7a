#!/usr/bin/env bash
# Adds a migration with the same name to every provider's migrations assembly.
# Usage: migrations/add-migration.sh <Name>
set -euo pipefail
name="${1:?usage: migrations/add-migration.sh <MigrationName>}"
cd "$(dirname "$0")/.."
dotnet tool restore >/dev/null
dotnet restore migrations/Community.Migrations.Design >/dev/null
for provider in Sqlite PostgreSql; do
  project="migrations/Community.Migrations.$provider"
  dotnet ef migrations add "$name" --project "$project" --startup-project migrations/Community.Migrations.Design --output-dir Migrations -- --provider "$provider"
done
