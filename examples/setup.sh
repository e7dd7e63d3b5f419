#!/bin/sh
# Set-up for the examples: a venv of their own (examples/.venv) with JupyterLab and
# Datasette from PyPI, and the SQLite database the Datasette scenarios browse.
# shoshin itself comes from the project's .venv (`make setup`).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
venv="$here/.venv"
python=${PYTHON:-python3}
if [ ! -x "$venv/bin/python" ]; then
    "$python" -m venv "$venv"
fi
if [ ! -f "$venv/.installed" ] || [ "$here/setup.sh" -nt "$venv/.installed" ]; then
    echo "examples: installing JupyterLab and Datasette into $venv"
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check \
        'jupyterlab>=4.2,<5' 'datasette>=0.65,<2'
    touch "$venv/.installed"
fi
"$venv/bin/python" "$here/tools/make_db.py" "$here/.data/nursery.db"
"$venv/bin/python" -m pip list --disable-pip-version-check 2>/dev/null \
    | grep -iE '^(jupyterlab|datasette) ' || true
