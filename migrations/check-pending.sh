#!/usr/bin/env bash
# Fails when the model has changes that no migration holds, for any provider.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet tool restore >/dev/null
dotnet restore migrations/Community.Migrations.Design >/dev/null
for provider in Sqlite PostgreSql; do
  project="migrations/Community.Migrations.$provider"
  dotnet ef migrations has-pending-model-changes --project "$project" --startup-project migrations/Community.Migrations.Design -- --provider "$provider"
done
