"""Fake credential values and look-alikes for the secrets benchmark corpus.

Every value is random text in the provider's documented format (alphabet, length, prefix and, for
GitHub and npm, the CRC32 checksum), drawn from the generator's seeded random source. None of them
is, or was ever, a working credential. Each maker returns (value, needle, names): the text to plant,
the part of it whose appearance in a tool's output counts as a leak, and variable names that fit it.
"""
import base64
import hashlib
import hmac
import json
import string
import zlib

from keys import openssh_ed25519, rsa_pem, verify_openssh, verify_rsa

B62 = string.digits + string.ascii_uppercase + string.ascii_lowercase
ALNUM = string.ascii_letters + string.digits
URLSAFE = ALNUM + "-_"
HEX = "0123456789abcdef"


def rand(rng, alphabet, n):
    return "".join(rng.choice(alphabet) for _ in range(n))


def mixed(rng, alphabet, n):
    """Random text with a lower, an upper and a digit where the alphabet has them (as real tokens do)."""
    need = [cls for cls in (str.islower, str.isupper, str.isdigit) if any(cls(c) for c in alphabet)]
    while True:
        s = rand(rng, alphabet, n)
        if all(any(cls(c) for c in s) for cls in need):
            return s


def base62_crc32(body):
    """The 6-character checksum of GitHub and npm tokens: CRC32 of the random part, base62."""
    n = zlib.crc32(body.encode()) & 0xFFFFFFFF
    out = ""
    while n:
        n, r = divmod(n, 62)
        out = B62[r] + out
    return out.rjust(6, "0")


def b64url(data):
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


# --- secrets ---------------------------------------------------------------------------------

def aws_key_id(rng):
    v = "AKIA" + rand(rng, string.ascii_uppercase + "234567", 16)
    return v, v, ["AWS_ACCESS_KEY_ID", "aws_access_key_id", "awsAccessKeyId"]


def aws_secret(rng):
    v = mixed(rng, ALNUM + "/+", 40)
    return v, v, ["AWS_SECRET_ACCESS_KEY", "aws_secret_access_key", "awsSecretAccessKey"]


def github_classic(rng):
    body = mixed(rng, ALNUM, 30)
    v = "ghp_" + body + base62_crc32(body)
    return v, v, ["GITHUB_TOKEN", "github_token", "GH_TOKEN", "githubToken"]


def github_fine_grained(rng):
    v = "github_pat_11" + mixed(rng, string.ascii_uppercase + string.digits, 20) + "_" + mixed(rng, ALNUM, 59)
    return v, v, ["GITHUB_PAT", "github_pat", "GH_TOKEN"]


def gitlab(rng):
    v = "glpat-" + mixed(rng, URLSAFE, 20)
    return v, v, ["GITLAB_TOKEN", "gitlab_token", "CI_JOB_TOKEN_OVERRIDE"]


def npm(rng):
    body = mixed(rng, ALNUM, 30)
    v = "npm_" + body + base62_crc32(body)
    return v, v, ["NPM_TOKEN", "npm_token", "npmAuthToken"]


def pypi(rng):
    # A PyPI token is "pypi-" + a base64 macaroon whose first bytes encode "pypi.org".
    v = "pypi-AgEIcHlwaS5vcmc" + mixed(rng, URLSAFE, 150)
    return v, v, ["PYPI_TOKEN", "TWINE_PASSWORD", "pypi_api_token"]


def slack_bot(rng):
    v = "xoxb-%s-%s-%s" % (rand(rng, string.digits, 12), rand(rng, string.digits, 13), mixed(rng, ALNUM, 24))
    return v, v, ["SLACK_BOT_TOKEN", "slack_token", "slackBotToken"]


def slack_webhook(rng):
    sec = mixed(rng, ALNUM, 24)
    v = "https://hooks.slack.com/services/T%s/B%s/%s" % (
        rand(rng, string.ascii_uppercase + string.digits, 10), rand(rng, string.ascii_uppercase + string.digits, 10), sec)
    return v, sec, ["SLACK_WEBHOOK_URL", "slack_webhook", "webhookUrl"]


def stripe(rng):
    v = "sk_live_" + ("51" + mixed(rng, ALNUM, 97) if rng.random() < 0.5 else mixed(rng, ALNUM, 24))
    return v, v, ["STRIPE_SECRET_KEY", "stripe_api_key", "stripeSecret"]


def twilio(rng):
    v = "SK" + rand(rng, HEX, 32)
    return v, v, ["TWILIO_API_KEY", "twilio_api_key", "twilioKeySid"]


def sendgrid(rng):
    v = "SG." + mixed(rng, URLSAFE, 22) + "." + mixed(rng, URLSAFE, 43)
    return v, v, ["SENDGRID_API_KEY", "sendgrid_api_key", "sendgridKey"]


def openai(rng):
    v = "sk-proj-" + mixed(rng, URLSAFE, 74) + "T3BlbkFJ" + mixed(rng, URLSAFE, 74)
    return v, v, ["OPENAI_API_KEY", "openai_api_key", "openAiKey"]


def anthropic(rng):
    v = "sk-ant-api03-" + mixed(rng, URLSAFE, 93) + "AA"
    return v, v, ["ANTHROPIC_API_KEY", "anthropic_api_key", "claudeKey"]


def huggingface(rng):
    v = "hf_" + mixed(rng, string.ascii_letters, 34)
    return v, v, ["HF_TOKEN", "HUGGINGFACE_TOKEN", "hf_token"]


def google_api_key(rng):
    v = "AIza" + mixed(rng, URLSAFE, 35)
    return v, v, ["GOOGLE_API_KEY", "google_api_key", "mapsApiKey"]


def jwt(rng):
    header = b64url(json.dumps({"alg": "HS256", "typ": "JWT"}, separators=(",", ":")).encode())
    payload = b64url(json.dumps({"sub": rand(rng, string.digits, 10), "name": rng.choice(
        ["svc-billing", "ci-deployer", "admin", "report-bot"]), "iat": 1700000000 + rng.randrange(10 ** 7),
        "scope": rng.choice(["read write", "admin", "deploy"])}, separators=(",", ":")).encode())
    key = bytes(rng.getrandbits(8) for _ in range(32))
    sig = b64url(hmac.new(key, f"{header}.{payload}".encode(), hashlib.sha256).digest())
    v = f"{header}.{payload}.{sig}"
    return v, v, ["AUTH_TOKEN", "access_token", "bearerToken", "jwt"]


def _password(rng, n=None):
    return mixed(rng, ALNUM + "!#%*+-.=?^_~", n or rng.randrange(14, 25))


def postgres_url(rng):
    pw = mixed(rng, ALNUM, rng.randrange(14, 22))
    user = rng.choice(["app", "billing", "reporting", "svc_orders", "postgres"])
    host = rng.choice(["db.internal", "10.0.3.12", "pg-prod-1.corp.example.net", "orders-db"])
    v = f"postgres://{user}:{pw}@{host}:5432/{rng.choice(['orders', 'app', 'metrics'])}"
    return v, pw, ["DATABASE_URL", "database_url", "dbUrl", "PG_DSN"]


def basic_auth_url(rng):
    pw = mixed(rng, ALNUM, rng.randrange(14, 22))
    user = rng.choice(["deploy", "ci", "admin", "jenkins", "mirror"])
    host = rng.choice(["registry.corp.example.net", "artifacts.internal", "git.example.org", "10.1.2.3:8443"])
    v = f"https://{user}:{pw}@{host}/{rng.choice(['repo/releases', 'api/v2', 'simple', 'pub'])}"
    return v, pw, ["REGISTRY_URL", "mirror_url", "artifactUrl", "UPSTREAM"]


def generic_password(rng):
    v = _password(rng)
    return v, v, ["password", "db_password", "DB_PASSWORD", "adminPassword", "smtp_pass"]


def generic_api_key(rng):
    v = mixed(rng, ALNUM, rng.choice([32, 40, 48]))
    return v, v, ["API_KEY", "api_key", "apiKey", "SERVICE_SECRET", "client_secret"]


_RSA_POOL = {}


def _pem_from_pool(rng, pkcs8):
    # 2048-bit keys take ~1 s each in pure Python: each kind keeps a pool of 6 distinct keys.
    pool = _RSA_POOL.setdefault(pkcs8, [])
    if len(pool) < 6:
        pool.append(rsa_pem(rng, pkcs8=pkcs8))
        if verify_rsa(pool[-1]) is False:
            raise SystemExit("openssl rejects a generated RSA key")
        return pool[-1]
    return pool[rng.randrange(len(pool))]


def pem_rsa(rng):
    lines = _pem_from_pool(rng, False)
    return "\n".join(lines), lines[1], ["private_key", "PRIVATE_KEY", "tls_key"]


def pem_pkcs8(rng):
    lines = _pem_from_pool(rng, True)
    return "\n".join(lines), lines[1], ["private_key", "SERVICE_ACCOUNT_KEY", "signing_key"]


def openssh(rng):
    lines = openssh_ed25519(rng, rng.choice(["deploy@ci", "root@build-7", "backup@nas"]))
    if verify_openssh(lines) is False:
        raise SystemExit("ssh-keygen rejects a generated OpenSSH key")
    return "\n".join(lines), lines[2], ["SSH_PRIVATE_KEY", "ssh_key", "deployKey"]


SECRETS = {
    "aws-access-key-id": aws_key_id, "aws-secret-access-key": aws_secret,
    "github-classic": github_classic, "github-fine-grained": github_fine_grained,
    "gitlab-pat": gitlab, "npm-token": npm, "pypi-token": pypi, "slack-bot-token": slack_bot,
    "slack-webhook": slack_webhook, "stripe-live-key": stripe, "twilio-api-key": twilio,
    "sendgrid-api-key": sendgrid, "openai-project-key": openai, "anthropic-api-key": anthropic,
    "huggingface-token": huggingface, "google-api-key": google_api_key, "jwt": jwt,
    "postgres-url": postgres_url, "basic-auth-url": basic_auth_url,
    "generic-password": generic_password, "generic-api-key": generic_api_key,
    "pem-rsa-private-key": pem_rsa, "pem-pkcs8-private-key": pem_pkcs8,
    "openssh-private-key": openssh,
}

# --- look-alikes (must not be reported) --------------------------------------------------------

def la_aws_example_id(rng):
    return "AKIAIOSFODNN7EXAMPLE", None, ["AWS_ACCESS_KEY_ID", "aws_access_key_id"]


def la_aws_example_secret(rng):
    return "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", None, ["AWS_SECRET_ACCESS_KEY", "aws_secret_access_key"]


def la_git_sha(rng):
    return rand(rng, HEX, 40), None, ["commit", "sha", "revision", "GIT_COMMIT"]


def la_uuid(rng):
    h = rand(rng, HEX, 32)
    v = f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{rng.choice('89ab')}{h[17:20]}-{h[20:]}"
    return v, None, ["request_id", "trace_id", "uuid", "correlationId", "build_id"]


def la_sri(rng):
    algo, n = rng.choice([("sha384", 48), ("sha512", 64), ("sha256", 32)])
    v = algo + "-" + base64.b64encode(bytes(rng.getrandbits(8) for _ in range(n))).decode()
    return v, None, ["integrity"]


def la_masked(rng):
    v = rng.choice(["********", "****************", "sk_live_" + "*" * 24, "ghp_" + "*" * 36, "••••••••",
                    "<redacted>", "[MASKED]"])
    return v, None, ["password", "api_key", "STRIPE_SECRET_KEY", "token"]


def la_template(rng):
    v = rng.choice(["${API_KEY}", "${DB_PASSWORD}", "{{ .Values.token }}", "{{ secrets.NPM_TOKEN }}",
                    "<your-token>", "<YOUR_API_KEY>", "changeme", "xxxxxxxxxxxxxxxxxxxx",
                    "ghp_" + "x" * 36, "%(password)s", "$SECRET_KEY", "your-api-key-here"])
    return v, None, ["password", "api_key", "token", "secret", "GITHUB_TOKEN"]


LOOKALIKES = {
    "aws-example-key-id": la_aws_example_id, "aws-example-secret": la_aws_example_secret,
    "git-sha": la_git_sha, "uuid": la_uuid, "sri-hash": la_sri, "masked-value": la_masked,
    "template-value": la_template,
}
