"""The TLS identity the provider double presents to Terraform.

Terraform's plugin client requires TLS on the plugin socket (go-plugin AutoMTLS): the plugin
announces a certificate in its handshake line and serves with the matching key. Minting a key
costs ~100 ms of imports and RSA work, so `make setup` mints one once and every provider start
only reads it.
"""

from __future__ import annotations

import base64
import datetime
import json
from pathlib import Path


def create(path: Path) -> bool:
    """Write a self-signed certificate for `localhost` unless a valid one is there already."""
    if path.exists():
        return False
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(x509.NameOID.COMMON_NAME, "localhost")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=3650))  # loopback only; never leaves this machine
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost")]), critical=False)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=True,
                data_encipherment=False,
                key_agreement=True,
                key_cert_sign=True,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(
            x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH, x509.oid.ExtendedKeyUsageOID.CLIENT_AUTH]),
            critical=True,
        )
        .sign(key, hashes.SHA256())
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        json.dumps(
            {
                "cert_pem": cert.public_bytes(serialization.Encoding.PEM).decode(),
                "cert_der_b64": base64.b64encode(cert.public_bytes(serialization.Encoding.DER)).decode(),
                "key_pem": key.private_bytes(
                    serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
                ).decode(),
            }
        )
    )
    path.chmod(0o600)
    return True


def load(path: Path) -> dict[str, str]:
    return json.loads(path.read_text())
