"""pipeline.mailer against a real SMTP server (aiosmtpd) on 127.0.0.1: plain, STARTTLS, SSL."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import ipaddress
import logging
import re
import socket
import ssl
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from pipeline.config import Settings
from pipeline.errors import TemporaryMailError, UserError
from pipeline.mailer import SmtpConfig, build_message, send_digest_email

USER, PASSWORD = "digest-bot", "s3cr3t-Pa55w0rd!"


@dataclass
class Inbox:
    messages: list[tuple[str, list[str], bytes]] = field(default_factory=list)
    logins: list[str] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802 (aiosmtpd API)
        self.messages.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.original_content))
        return "250 OK"

    def authenticate(self, server: Any, session: Any, envelope: Any, mechanism: str, auth_data: Any) -> AuthResult:
        ok = isinstance(auth_data, LoginPassword) and auth_data.login == USER.encode() and auth_data.password == PASSWORD.encode()
        if ok:
            self.logins.append(auth_data.login.decode())
        return AuthResult(success=ok, handled=False)  # handled=False: the server answers 535


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1, made here (no files shipped)."""
    folder = tmp_path_factory.mktemp("tls")
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
        .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=2))
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = folder / "cert.pem", folder / "key.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_file, key_file


def client_context(cert: Path) -> ssl.SSLContext:
    return ssl.create_default_context(cafile=str(cert))


def server_context(cert: Path, key: Path) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(str(cert), str(key))
    return context


@pytest.fixture
def smtp_server(request: pytest.FixtureRequest, certificate: tuple[Path, Path]) -> Iterator[tuple[Inbox, int, str]]:
    """A real SMTP server on 127.0.0.1; ``request.param`` is the security mode."""
    mode = request.param
    inbox = Inbox()
    port = free_port()
    # implicit TLS ("ssl") is not seen by aiosmtpd's STARTTLS-only auth_require_tls check
    kwargs: dict[str, Any] = {"authenticator": inbox.authenticate, "auth_require_tls": mode == "starttls"}
    if mode == "starttls":
        kwargs["tls_context"] = server_context(*certificate)
        kwargs["require_starttls"] = True
    elif mode == "ssl":
        kwargs["ssl_context"] = server_context(*certificate)
        kwargs["server_hostname"] = "127.0.0.1"
    controller = Controller(inbox, hostname="127.0.0.1", port=port, **kwargs)
    if mode == "ssl":  # the readiness probe of aiosmtpd needs to trust our certificate
        controller._trigger_server = lambda: _trigger_tls(port, certificate[0])  # type: ignore[method-assign]
    controller.start()
    try:
        yield inbox, port, mode
    finally:
        controller.stop()


def _trigger_tls(port: int, cert: Path) -> None:
    with socket.create_connection(("127.0.0.1", port), timeout=5) as raw, \
            client_context(cert).wrap_socket(raw, server_hostname="127.0.0.1") as tls:
        tls.recv(1024)


def settings(port: int, security: str, password: str = PASSWORD) -> Settings:
    return Settings.from_env({
        "CASTWIRE_DATABASE_URL": "sqlite://", "CASTWIRE_SMTP_HOST": "127.0.0.1", "CASTWIRE_SMTP_PORT": str(port),
        "CASTWIRE_SMTP_SECURITY": security, "CASTWIRE_SMTP_USER": USER, "CASTWIRE_SMTP_PASSWORD": password,
        "CASTWIRE_SMTP_FROM": "castwire <digest@castwire.test>",
        "CASTWIRE_SMTP_TO": "reader@castwire.test, other@castwire.test",
    })


@pytest.mark.parametrize("smtp_server", ["none", "starttls", "ssl"], indirect=True)
def test_sends_multipart_text_and_html(smtp_server: tuple[Inbox, int, str], certificate: tuple[Path, Path]) -> None:
    inbox, port, security = smtp_server
    config = SmtpConfig.from_settings(settings(port, security))
    send_digest_email(config, "castwire digest 2026-11-20: 2 stories", "Plain digest — 한효주\n",
                      "<!DOCTYPE html><p>HTML digest — 한효주</p>",
                      ssl_context=client_context(certificate[0]),
                      date=dt.datetime(2026, 11, 21, 7, 0, tzinfo=dt.UTC))
    assert inbox.logins == [USER]
    [(sender, recipients, raw)] = inbox.messages
    assert sender == "digest@castwire.test"
    assert recipients == ["reader@castwire.test", "other@castwire.test"]
    message = email.message_from_bytes(raw, policy=email.policy.default)
    assert message.get_content_type() == "multipart/alternative"
    parts = [part.get_content_type() for part in message.iter_parts()]  # type: ignore[attr-defined]
    assert parts == ["text/plain", "text/html"]
    assert message["Subject"] == "castwire digest 2026-11-20: 2 stories"
    body = message.get_body(("plain",))
    assert body is not None and "한효주" in body.get_content()
    html = message.get_body(("html",))
    assert html is not None and "<p>HTML digest — 한효주</p>" in html.get_content()
    assert PASSWORD.encode() not in raw


@pytest.mark.parametrize("smtp_server", ["starttls"], indirect=True)
def test_wrong_password_never_appears_in_errors_or_logs(
    smtp_server: tuple[Inbox, int, str], certificate: tuple[Path, Path], caplog: pytest.LogCaptureFixture,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _, port, _ = smtp_server
    wrong = "wr0ng-" + PASSWORD
    config = SmtpConfig.from_settings(settings(port, "starttls", password=wrong))
    caplog.set_level(logging.DEBUG)
    with pytest.raises(UserError) as failure:
        send_digest_email(config, "s", "t", "<p>h</p>", ssl_context=client_context(certificate[0]))
    message = str(failure.value)
    assert "refused the login" in message and "digest-bot" in message
    captured = capsys.readouterr()
    for text in (message, repr(failure.value), caplog.text, captured.out, captured.err, repr(config),
                 repr(settings(port, "starttls", password=wrong))):
        assert wrong not in text and PASSWORD not in text
    assert failure.value.__cause__ is None and failure.value.__suppress_context__


@pytest.mark.parametrize("smtp_server", ["starttls"], indirect=True)
def test_untrusted_certificate_is_a_one_line_error(smtp_server: tuple[Inbox, int, str]) -> None:
    _, port, _ = smtp_server
    config = SmtpConfig.from_settings(settings(port, "starttls"))
    with pytest.raises(UserError, match="TLS failed"):
        send_digest_email(config, "s", "t", "<p>h</p>")  # the default context does not trust it


def test_unreachable_server_and_missing_settings() -> None:
    config = SmtpConfig.from_settings(settings(free_port(), "none"))
    with pytest.raises(UserError, match="cannot reach SMTP server 127.0.0.1"):
        send_digest_email(config, "s", "t", "<p>h</p>")
    with pytest.raises(UserError, match="CASTWIRE_SMTP_HOST, CASTWIRE_SMTP_FROM, CASTWIRE_SMTP_TO"):
        SmtpConfig.from_settings(Settings.from_env({"CASTWIRE_DATABASE_URL": "sqlite://"}))
    with pytest.raises(UserError, match="CASTWIRE_SMTP_SECURITY"):
        SmtpConfig.from_settings(Settings.from_env({**_env(), "CASTWIRE_SMTP_SECURITY": "tls13"}))
    with pytest.raises(UserError, match="CASTWIRE_SMTP_PORT: not a port number"):
        SmtpConfig.from_settings(Settings.from_env({**_env(), "CASTWIRE_SMTP_PORT": "twenty-five"}))
    assert SmtpConfig.from_settings(Settings.from_env({**_env(), "CASTWIRE_SMTP_SECURITY": "ssl"})).port == 465


@pytest.mark.parametrize("name", ["CASTWIRE_SMTP_TO", "CASTWIRE_SMTP_FROM"])
@pytest.mark.parametrize("value", ["not an address", "reader@", "reader@example.org extra", "Reader <reader@example.org",
                                   "@example.org"])
def test_a_setting_that_is_not_an_address_is_a_user_error(name: str, value: str) -> None:
    """CASTWIRE_SMTP_TO='not an address' was accepted, and a lenient server "sent" the digest to it."""
    with pytest.raises(UserError, match=f"{name}: not an e-mail address .*{re.escape(repr(value))}"):
        SmtpConfig.from_settings(Settings.from_env({**_env(), name: value}))


def test_addresses_with_display_names_in_any_script_are_taken() -> None:
    config = SmtpConfig.from_settings(Settings.from_env({
        **_env(), "CASTWIRE_SMTP_FROM": "캐스트와이어 <digest@castwire.test>",
        "CASTWIRE_SMTP_TO": "독자 <reader@castwire.test>, 読者@castwire.test, \"Ops\" <ops@example.org>"}))
    # each as the To header writes it: "Ops" needs no quotes
    assert config.recipients == ("독자 <reader@castwire.test>", "読者@castwire.test", "Ops <ops@example.org>")


@pytest.mark.parametrize("smtp_server", ["none"], indirect=True)
def test_recipients_are_an_address_list_not_split_at_every_comma(smtp_server: tuple[Inbox, int, str]) -> None:
    """'"Doe, J" <j@castwire.test>' was split into '"Doe' and 'J" <j@castwire.test>', and refused."""
    inbox, port, _ = smtp_server
    config = SmtpConfig.from_settings(Settings.from_env({
        **_env(), "CASTWIRE_SMTP_HOST": "127.0.0.1", "CASTWIRE_SMTP_PORT": str(port), "CASTWIRE_SMTP_SECURITY": "none",
        "CASTWIRE_SMTP_TO": '"Doe, J" <j@castwire.test>, "도, 지" <ji@castwire.test>'}))
    assert config.recipients == ('"Doe, J" <j@castwire.test>', '"도, 지" <ji@castwire.test>')
    send_digest_email(config, "castwire digest", "t", "<p>h</p>")
    [(_, recipients, raw)] = inbox.messages
    assert recipients == ["j@castwire.test", "ji@castwire.test"]
    to = email.message_from_bytes(raw, policy=email.policy.default)["To"]
    assert [(a.display_name, a.addr_spec) for a in to.addresses] == [("Doe, J", "j@castwire.test"),
                                                                     ("도, 지", "ji@castwire.test")]


@pytest.mark.parametrize("value", ["b@example.com, not an address", "Doe, J <j@example.org>",
                                   "b@example.com extra, c@example.com", "b@example.com, reader@"])
def test_a_list_with_one_part_that_is_not_an_address_is_refused_whole(value: str) -> None:
    with pytest.raises(UserError, match=f"CASTWIRE_SMTP_TO: not an e-mail address .*a name with a comma in "
                                        f"quotes.*{re.escape(repr(value))}"):
        SmtpConfig.from_settings(Settings.from_env({**_env(), "CASTWIRE_SMTP_TO": value}))


def _env() -> dict[str, str]:
    return {"CASTWIRE_DATABASE_URL": "sqlite://", "CASTWIRE_SMTP_HOST": "mail.example",
            "CASTWIRE_SMTP_FROM": "a@example.com", "CASTWIRE_SMTP_TO": "b@example.com"}


def test_message_structure_without_a_server() -> None:
    message = build_message(subject="Subj", text="plain", html="<p>html</p>", sender="a@example.com",
                            recipients=("b@example.com", "c@example.com"))
    assert message.is_multipart() and message.get_content_type() == "multipart/alternative"
    assert message["To"] == "b@example.com, c@example.com"
    assert parsedate_to_datetime(message["Date"]).tzinfo is not None  # RFC 5322 requires a Date


@pytest.mark.parametrize("smtp_server", ["none"], indirect=True)
def test_display_names_in_hangul_need_no_smtputf8(smtp_server: tuple[Inbox, int, str]) -> None:
    """Names need no SMTPUTF8, which many servers do not offer: the envelope takes the bare
    addresses and the headers carry the names encoded. Before, smtplib asked for SMTPUTF8 and
    the error blamed "NONE or AUTH"."""
    inbox, port, _ = smtp_server
    config = SmtpConfig.from_settings(Settings.from_env({
        "CASTWIRE_DATABASE_URL": "sqlite://", "CASTWIRE_SMTP_HOST": "127.0.0.1", "CASTWIRE_SMTP_PORT": str(port),
        "CASTWIRE_SMTP_SECURITY": "none", "CASTWIRE_SMTP_FROM": "캐스트와이어 <digest@castwire.test>",
        "CASTWIRE_SMTP_TO": "독자 <reader@castwire.test>, other@castwire.test"}))
    send_digest_email(config, "castwire digest", "t", "<p>h</p>")
    [(sender, recipients, raw)] = inbox.messages
    assert (sender, recipients) == ("digest@castwire.test", ["reader@castwire.test", "other@castwire.test"])
    assert raw.isascii()
    message = email.message_from_bytes(raw, policy=email.policy.default)
    assert message["From"] == "캐스트와이어 <digest@castwire.test>"
    assert message["To"].addresses[0].display_name == "독자"


def test_an_address_only_smtputf8_can_carry_is_named() -> None:
    port = free_port()
    controller = Controller(Inbox(), hostname="127.0.0.1", port=port, enable_SMTPUTF8=False)
    controller.start()
    try:
        config = SmtpConfig.from_settings(Settings.from_env({
            "CASTWIRE_DATABASE_URL": "sqlite://", "CASTWIRE_SMTP_HOST": "127.0.0.1", "CASTWIRE_SMTP_PORT": str(port),
            "CASTWIRE_SMTP_SECURITY": "none", "CASTWIRE_SMTP_FROM": "digest@castwire.test",
            "CASTWIRE_SMTP_TO": "독자@castwire.test"}))
        with pytest.raises(UserError, match=r"does not accept addresses with non-ASCII characters \(SMTPUTF8\): 독자@"):
            send_digest_email(config, "castwire digest", "t", "<p>h</p>")
    finally:
        controller.stop()


def test_a_server_that_cannot_be_reached_is_a_temporary_failure() -> None:
    config = SmtpConfig.from_settings(settings(free_port(), "none"))
    with pytest.raises(TemporaryMailError, match="cannot reach SMTP server 127.0.0.1"):
        send_digest_email(config, "s", "t", "<p>h</p>")
