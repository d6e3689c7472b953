"""``signature.sig`` of a SIP: an S/MIME-signed manifest of mets.xml, as the national
digital-preservation service's dpres-signature writes and verifies it.

The manifest has one line per signed file, ``<name>:sha1:<hex digest>`` (the only digest its
verifier reads); the S/MIME signature over it is detached and uses SHA-256. The agency's
signing key and certificate come from the service's onboarding; arkki only reads them.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs7


class SigningError(Exception):
    pass


def manifest(files: dict[str, bytes]) -> bytes:
    """The manifest lines for ``files`` (name → content), in the order given."""
    return "\n".join(
        f"{name}:sha1:{hashlib.sha1(data, usedforsecurity=False).hexdigest()}"
        for name, data in files.items()
    ).encode()


def sign_manifest(data: bytes, key_path: Path, cert_path: Path) -> bytes:
    """The S/MIME (multipart/signed, detached) message over ``data``."""
    try:
        key = serialization.load_pem_private_key(key_path.read_bytes(), password=None)
        cert = x509.load_pem_x509_certificate(cert_path.read_bytes())
    except (OSError, ValueError, TypeError) as error:
        raise SigningError(f"cannot load the signing key or certificate: {error}") from error
    if not isinstance(key, rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey):
        raise SigningError(f"{key_path}: an RSA or EC private key is needed for S/MIME")
    return (
        pkcs7.PKCS7SignatureBuilder()
        .set_data(data)
        .add_signer(cert, key, hashes.SHA256())
        .sign(serialization.Encoding.SMIME, [pkcs7.PKCS7Options.DetachedSignature])
    )
