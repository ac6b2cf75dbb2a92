#!/usr/bin/env bash
# Make a system Chromium available for the browser test of the HTML report (tests/test_browser.py).
# The test drives the distribution's chromium with Playwright; no browser is ever downloaded by Playwright.
# Installs Debian's 'chromium' with apt-get when it is missing and apt can be used; otherwise says why and
# exits 0, so the test command goes on (the browser test then skips with a message).
set -u

find_chromium() {
  for name in chromium chromium-browser google-chrome-stable google-chrome; do
    if command -v "$name" >/dev/null 2>&1; then
      command -v "$name"
      return 0
    fi
  done
  return 1
}

if path="$(find_chromium)"; then
  echo "install-browser: chromium found at $path"
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-browser: no chromium and no apt-get here; the browser test will be skipped"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    SUDO="sudo -n"
  else
    echo "install-browser: chromium is missing and installing it needs root; the browser test will be skipped"
    exit 0
  fi
fi

export DEBIAN_FRONTEND=noninteractive
echo "install-browser: installing chromium with apt-get"
if $SUDO apt-get update -qq >/dev/null 2>&1 \
  && $SUDO apt-get install -y -qq chromium >/dev/null 2>&1; then
  if path="$(find_chromium)"; then
    echo "install-browser: chromium installed at $path"
    exit 0
  fi
fi
echo "install-browser: could not install chromium; the browser test will be skipped"
exit 0
