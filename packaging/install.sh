#!/bin/sh
# Installs smfocus for you alone, no root needed:
#   the program in ~/.local/lib/smfocus, the command ~/.local/bin/smfocus,
#   the menu entry and icons in ~/.local/share (XDG_DATA_HOME).
# ./install.sh --uninstall removes them again (your data and settings stay).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
lib="$HOME/.local/lib/smfocus"
bin="$HOME/.local/bin"

if [ "${1:-}" = "--uninstall" ]; then
    if [ -x "$lib/smfocus" ]; then
        "$lib/smfocus" desktop uninstall
        "$lib/smfocus" config set app.autostart off >/dev/null
    fi
    if [ -L "$bin/smfocus" ] && [ "$(readlink "$bin/smfocus")" = "$lib/smfocus" ]; then
        rm -f "$bin/smfocus"
    fi
    rm -rf "$lib"
    echo "smfocus is uninstalled; your data is still in ~/.local/share/smfocus."
    exit 0
fi

if [ ! -x "$here/smfocus/smfocus" ]; then
    echo "install.sh: run it from the unpacked folder (smfocus/smfocus is missing)" >&2
    exit 1
fi
mkdir -p "$HOME/.local/lib" "$bin"
# A new copy beside the old one, swapped in at the end: a failed copy leaves
# the installed version working.
rm -rf "$lib.new"
cp -R "$here/smfocus" "$lib.new"
rm -rf "$lib"
mv "$lib.new" "$lib"
ln -sfn "$lib/smfocus" "$bin/smfocus"
"$lib/smfocus" desktop install
case ":$PATH:" in
    *":$bin:"*) ;;
    *) echo "Add $bin to your PATH to run smfocus from a terminal." ;;
esac
echo "smfocus is installed: find it in your application menu, or run $bin/smfocus."
