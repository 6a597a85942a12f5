"""VulnShop background worker: polls the jobs table and runs each job.

DELIBERATELY INSECURE - for training, never deploy.
FAKE credential for scanner tests; not a real secret
"""
import hashlib
import logging
import os
import pickle
import subprocess
import time

import jinja2
import requests
import yaml

log = logging.getLogger("vulnshop.worker")

# INSECURE: hard-coded fallback database credentials (CWE-798)
DATABASE_URL = os.environ.get("DATABASE_URL", "postgresql://postgres:postgres@db:5432/shop")


def load_config(path="config.yaml"):
    with open(path) as fh:
        # INSECURE: yaml.load with the full Loader, not SafeLoader (CWE-502)
        return yaml.load(fh, Loader=yaml.Loader)


def hash_password(password):
    # INSECURE: unsalted MD5 for password storage (CWE-328)
    return hashlib.md5(password.encode("utf-8")).hexdigest()


def set_password(cur, job):
    # INSECURE: password written to the log (CWE-532)
    log.info("setting password for %s to %s", job["username"], job["password"])
    cur.execute("UPDATE users SET password = %s WHERE username = %s",
                (hash_password(job["password"]), job["username"]))


def export_orders(job, cfg):
    # INSECURE: OS command injection through shell=True (CWE-78)
    cmd = "tar czf %s/%s.tgz /data/orders/%s" % (cfg["export_dir"], job["name"], job["customer"])
    subprocess.run(cmd, shell=True, check=False)


def call_webhook(job, cfg):
    # INSECURE: TLS certificate verification disabled (CWE-295)
    resp = requests.get(job["url"], verify=False, timeout=cfg["webhook_timeout_seconds"])
    log.debug("webhook %s answered %s", job["url"], resp.status_code)


def render_email(job):
    # INSECURE: template source comes from the job, server-side template injection (CWE-1336)
    return jinja2.Template(job["template"]).render(customer=job.get("customer"))


def run_job(cur, payload, cfg):
    # INSECURE: unpickling queue messages allows code execution (CWE-502)
    job = pickle.loads(payload)
    kind = job.get("kind")
    if kind == "set_password":
        set_password(cur, job)
    elif kind == "export":
        export_orders(job, cfg)
    elif kind == "webhook":
        call_webhook(job, cfg)
    elif kind == "email":
        log.info("email body: %s", render_email(job))
    else:
        log.warning("unknown job kind %r", kind)


def main():
    import psycopg2  # imported here so the helpers above can be tested without a driver

    cfg = load_config()
    logging.basicConfig(level=cfg.get("log_level", "INFO"))
    conn = psycopg2.connect(DATABASE_URL)
    while True:
        with conn, conn.cursor() as cur:
            cur.execute("SELECT id, payload FROM jobs WHERE done = FALSE ORDER BY id LIMIT 1")
            row = cur.fetchone()
            if row:
                run_job(cur, bytes(row[1]), cfg)
                cur.execute("UPDATE jobs SET done = TRUE WHERE id = %s", (row[0],))
        time.sleep(cfg["poll_interval_seconds"])


if __name__ == "__main__":
    main()
