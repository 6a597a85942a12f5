"""Deterministic private keys for the secrets benchmark corpus (python3 standard library only).

The corpus must be the same for the same seed, so the keys are derived from the generator's seeded
random source instead of from `openssl genpkey` / `ssh-keygen` (whose output is random on every
run). They are nevertheless real keys: an RSA key whose primes pass Miller-Rabin, written as
PKCS#1 or PKCS#8 DER, and an Ed25519 key in the OpenSSH format. `verify_*` checks each one with
openssl / ssh-keygen when the tools are present, so a malformed key would stop the generator.
"""
import base64
import hashlib
import os
import struct
import subprocess
import tempfile

_SMALL_PRIMES = [p for p in range(3, 2000) if all(p % d for d in range(2, int(p ** 0.5) + 1))]


def _is_probable_prime(n, rng, rounds=24):
    if n < 2:
        return False
    for p in _SMALL_PRIMES:
        if n % p == 0:
            return n == p
    d, s = n - 1, 0
    while d % 2 == 0:
        d //= 2
        s += 1
    for _ in range(rounds):
        a = rng.randrange(2, n - 2)
        x = pow(a, d, n)
        if x in (1, n - 1):
            continue
        for _ in range(s - 1):
            x = x * x % n
            if x == n - 1:
                break
        else:
            return False
    return True


def _prime(bits, rng):
    while True:
        n = rng.getrandbits(bits) | (1 << (bits - 1)) | (1 << (bits - 2)) | 1
        if _is_probable_prime(n, rng):
            return n


def _der_len(n):
    if n < 0x80:
        return bytes([n])
    b = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(b)]) + b


def _der(tag, body):
    return bytes([tag]) + _der_len(len(body)) + body


def _der_int(v):
    b = v.to_bytes(v.bit_length() // 8 + 1, "big") if v else b"\0"
    return _der(0x02, b)


def _pem(label, der, width=64):
    b64 = base64.b64encode(der).decode()
    body = [b64[i:i + width] for i in range(0, len(b64), width)]
    return [f"-----BEGIN {label}-----"] + body + [f"-----END {label}-----"]


def rsa_pem(rng, bits=2048, pkcs8=False):
    """An RSA private key as PEM lines (PKCS#1 'RSA PRIVATE KEY' or PKCS#8 'PRIVATE KEY')."""
    e = 65537
    while True:
        p, q = _prime(bits // 2, rng), _prime(bits // 2, rng)
        if p == q:
            continue
        phi = (p - 1) * (q - 1)
        try:
            d = pow(e, -1, phi)
        except ValueError:
            continue
        break
    if p < q:
        p, q = q, p
    n = p * q
    fields = [0, n, e, d, p, q, d % (p - 1), d % (q - 1), pow(q, -1, p)]
    pkcs1 = _der(0x30, b"".join(_der_int(v) for v in fields))
    if not pkcs8:
        return _pem("RSA PRIVATE KEY", pkcs1)
    alg = _der(0x30, bytes.fromhex("06092a864886f70d010101") + b"\x05\x00")
    return _pem("PRIVATE KEY", _der(0x30, _der_int(0) + alg + _der(0x04, pkcs1)))


# Ed25519 (RFC 8032) public key derivation, enough to write an OpenSSH private key.
_P = 2 ** 255 - 19
_D = -121665 * pow(121666, _P - 2, _P) % _P


def _xrecover(y):
    xx = (y * y - 1) * pow(_D * y * y + 1, _P - 2, _P)
    x = pow(xx, (_P + 3) // 8, _P)
    if (x * x - xx) % _P:
        x = x * pow(2, (_P - 1) // 4, _P) % _P
    return _P - x if x % 2 else x


_BY = 4 * pow(5, _P - 2, _P) % _P
_BX = _xrecover(_BY)


def _add(a, b):
    x1, y1, z1, t1 = a
    x2, y2, z2, t2 = b
    aa = (y1 - x1) * (y2 - x2) % _P
    bb = (y1 + x1) * (y2 + x2) % _P
    cc = t1 * 2 * _D * t2 % _P
    dd = z1 * 2 * z2 % _P
    e, f, g, h = bb - aa, dd - cc, dd + cc, bb + aa
    return (e * f % _P, g * h % _P, f * g % _P, e * h % _P)


def _ed25519_public(seed):
    h = hashlib.sha512(seed).digest()
    a = int.from_bytes(h[:32], "little")
    a &= (1 << 254) - 8
    a |= 1 << 254
    q, p = (0, 1, 1, 0), (_BX, _BY, 1, _BX * _BY % _P)
    while a:
        if a & 1:
            q = _add(q, p)
        p = _add(p, p)
        a >>= 1
    x, y, z, _ = q
    zi = pow(z, _P - 2, _P)
    x, y = x * zi % _P, y * zi % _P
    return (y | ((x & 1) << 255)).to_bytes(32, "little")


def _sshstr(b):
    return struct.pack(">I", len(b)) + b


def openssh_ed25519(rng, comment="deploy@bench"):
    """An unencrypted OpenSSH Ed25519 private key as PEM-like lines."""
    seed = bytes(rng.getrandbits(8) for _ in range(32))
    pub = _ed25519_public(seed)
    pub_blob = _sshstr(b"ssh-ed25519") + _sshstr(pub)
    check = rng.getrandbits(32)
    priv = (struct.pack(">II", check, check) + _sshstr(b"ssh-ed25519") + _sshstr(pub) +
            _sshstr(seed + pub) + _sshstr(comment.encode()))
    pad = 1
    while len(priv) % 8:
        priv += bytes([pad])
        pad += 1
    blob = (b"openssh-key-v1\0" + _sshstr(b"none") + _sshstr(b"none") + _sshstr(b"") +
            struct.pack(">I", 1) + _sshstr(pub_blob) + _sshstr(priv))
    b64 = base64.b64encode(blob).decode()
    body = [b64[i:i + 70] for i in range(0, len(b64), 70)]
    return ["-----BEGIN OPENSSH PRIVATE KEY-----"] + body + ["-----END OPENSSH PRIVATE KEY-----"]


def _tool_accepts(cmd, lines):
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "key")
        with open(path, "w", encoding="ascii") as f:
            f.write("\n".join(lines) + "\n")
        os.chmod(path, 0o600)
        try:
            r = subprocess.run(cmd + [path], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               timeout=30, check=False)
        except FileNotFoundError:
            return None  # tool not installed: nothing to check with
        return r.returncode == 0


def verify_rsa(lines):
    """True when openssl parses and checks the key, None when openssl is missing."""
    return _tool_accepts(["openssl", "pkey", "-check", "-noout", "-in"], lines)


def verify_openssh(lines):
    """True when ssh-keygen derives the public key, None when ssh-keygen is missing."""
    return _tool_accepts(["ssh-keygen", "-y", "-f"], lines)
