#!/bin/sh
test "$(./tiny 1 2 3)" = "6"
