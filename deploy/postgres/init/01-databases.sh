#!/usr/bin/env bash
# One role and one database per host, each database owned by its role and closed to the
# others. The postgres image runs this once, on the first start with an empty data volume
# (docker-compose.yml mounts this directory at /docker-entrypoint-initdb.d); the passwords
# come from the environment (.env).
set -euo pipefail

create() {
  local name=$1 password=$2
  if [ "${#password}" -lt 32 ]; then
    echo "01-databases.sh: the password for $name must be at least 32 characters (openssl rand -hex 32)" >&2
    exit 1
  fi
  # psql variables quote the identifiers and the password; nothing is spliced into SQL.
  psql --no-psqlrc -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
    -v name="$name" -v password="$password" <<'SQL'
CREATE ROLE :"name" LOGIN PASSWORD :'password';
CREATE DATABASE :"name" OWNER :"name";
REVOKE ALL ON DATABASE :"name" FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE :"name" TO :"name";
SQL
  echo "01-databases.sh: role and database $name created"
}

# dvk_models, not dvk-models: an identifier that needs no quoting in SQL.
create articles "${CUKHOI_ARTICLES_DB_PASSWORD:?}"
create dvk_models "${CUKHOI_DVK_MODELS_DB_PASSWORD:?}"
create contests "${CUKHOI_CONTESTS_DB_PASSWORD:?}"
create gateway "${CUKHOI_GATEWAY_DB_PASSWORD:?}"
