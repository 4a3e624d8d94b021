# Shared by scripts/demo and scripts/test (sourced, not run): a Python 3.12 virtualenv in .venv
# with the requirements each needs (the site: requirements.txt; tests and lint:
# requirements-dev.txt; the sample's renderer: requirements-sample.txt), and a running PostgreSQL.

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
    # ensure_venv [REQUIREMENTS…]: the virtualenv with these files installed (requirements.txt
    # when none is named).
    if ! .venv/bin/python -c "import sys; assert sys.version_info[:2] == (3, 12)" >/dev/null 2>&1; then
        rm -rf .venv
        "$(python312)" -m venv .venv
    fi
    install_requirements "${@:-requirements.txt}"
    export PATH="$PWD/.venv/bin:$PATH"
}

install_requirements() {
    local file args=()
    for file in "$@"; do args+=(-r "$file"); done
    .venv/bin/python -m pip install --quiet --disable-pip-version-check "${args[@]}"
}

render_sample() {
    # The sample disclosure is committed; when it is missing, render it again from the seed
    # (seedpdf, outside tests/), which needs reportlab: the site itself does not.
    install_requirements requirements-sample.txt
    python -m seedpdf
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
