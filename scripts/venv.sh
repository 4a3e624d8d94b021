# Shared by scripts/demo and scripts/test (sourced, not run): a Python 3.12 virtualenv in .venv
# with requirements.txt installed, and a running PostgreSQL.

python312() {
    # python3.12 on PATH, else pyenv's 3.12.1 (the pyenv shim needs PYENV_VERSION to find it).
    if python3.12 -c "" >/dev/null 2>&1; then
        command -v python3.12
    elif command -v pyenv >/dev/null 2>&1 && PYENV_VERSION=3.12.1 pyenv which python3.12 >/dev/null 2>&1; then
        PYENV_VERSION=3.12.1 pyenv which python3.12
    else
        echo "Python 3.12 is needed: install it, or 'pyenv install 3.12.1'." >&2
        return 1
    fi
}

ensure_venv() {
    if ! .venv/bin/python -c "import sys; assert sys.version_info[:2] == (3, 12)" >/dev/null 2>&1; then
        rm -rf .venv
        "$(python312)" -m venv .venv
    fi
    .venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
    export PATH="$PWD/.venv/bin:$PATH"
}

ensure_postgres() {
    # Starts the machine's cluster if it is down, then makes sure the database in $1 exists.
    local url="$1" ready="import psycopg; psycopg.connect('postgresql://postgres@127.0.0.1:5432/postgres', connect_timeout=3).close()"
    if ! python -c "$ready" >/dev/null 2>&1; then
        pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql)" main start
        for _ in $(seq 30); do python -c "$ready" >/dev/null 2>&1 && break; sleep 1; done
    fi
    python - "$url" <<'PY'
import sys

import psycopg

name = sys.argv[1].rsplit("/", 1)[1]
with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as connection:
    if not connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
        connection.execute(f'CREATE DATABASE "{name}"')
PY
}
