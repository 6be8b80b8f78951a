#!/usr/bin/env bash
# Runs the wishlist → recommendations example on GOCHANNEL_PROVIDER (default memory:, no broker).
exec "$(dirname "$0")/run-test-main.sh" io.gochannel.example.WishlistDemo
