import base64
import hashlib
import hmac
import re
import struct
import time


def totp(secret, at=None, step=30, digits=6):
    """The code an authenticator app shows for `secret` (base32) at `at` (RFC 6238, SHA-1)."""
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    counter = int((time.time() if at is None else at) // step)
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    number = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{number % 10**digits:0{digits}d}"


def link_in(message):
    return re.search(r"https?://\S+/account/invitation/\S+/", message.body).group(0)


def path_of(link):
    return re.sub(r"^https?://[^/]+", "", link)
