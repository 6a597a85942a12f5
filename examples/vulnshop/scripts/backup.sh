#!/bin/sh
# Nightly database dump for VulnShop. Usage: backup.sh ARCHIVE_NAME
# DELIBERATELY INSECURE - for training, never deploy.
# FAKE credential for scanner tests; not a real secret
set -e

# INSECURE: predictable file name in shared /tmp (CWE-377)
DUMP=/tmp/shop-backup.sql

# INSECURE: database password hard-coded in the script (CWE-798)
PGPASSWORD=postgres pg_dump -h localhost -U postgres shop > "$DUMP"

# INSECURE: dump made world-readable and writable (CWE-732)
chmod 777 "$DUMP"

# INSECURE: argument evaluated by the shell, command injection (CWE-78)
eval "tar czf $1 $DUMP"
