#!/bin/sh
# Starts Chromium as an unprivileged user for a capture service that runs as root (see
# src/capture/browser-user.ts): hands the profile folder Playwright made to that user, then drops
# to it with setpriv, keeping the DevTools pipe (fds 3 and 4) and the arguments as they are.
set -eu
profile=
for arg in "$@"; do
  case "$arg" in
    --user-data-dir=*) profile="${arg#--user-data-dir=}" ;;
  esac
done
if [ -n "$profile" ]; then
  chown -R "$SEALCHAIN_BROWSER_UID:$SEALCHAIN_BROWSER_GID" "$profile"
  HOME="$profile"
  export HOME
fi
exec setpriv --reuid="$SEALCHAIN_BROWSER_UID" --regid="$SEALCHAIN_BROWSER_GID" --clear-groups \
  --inh-caps=-all --bounding-set=-all --no-new-privs -- "$SEALCHAIN_BROWSER_EXECUTABLE" "$@"
