"""Sending the digest by e-mail: one multipart/alternative message (text + HTML) over SMTP.

Settings come from :class:`pipeline.config.Settings` (``CASTWIRE_SMTP_*``).
The password is used for ``LOGIN`` and nowhere else: it is not in the
:class:`SmtpConfig` repr, smtplib's debug output is never switched on, and
every failure becomes a :class:`~pipeline.errors.UserError` whose message is
built from the host, port and the server's reply code only.
"""

from __future__ import annotations

import email.policy
import logging
import smtplib
import ssl
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.errors import HeaderParseError, NonASCIILocalPartDefect, ObsoleteHeaderDefect
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid, parseaddr

from pipeline.config import Settings
from pipeline.errors import TemporaryMailError, UserError

log = logging.getLogger(__name__)

SECURITY = ("starttls", "ssl", "none")
DEFAULT_PORTS = {"starttls": 587, "ssl": 465, "none": 25}
TIMEOUT = 30.0
AUTH_MECHANISMS = ("PLAIN", "LOGIN")


@dataclass(frozen=True)
class SmtpConfig:
    """Where and how to send. ``password`` is excluded from the repr."""

    host: str
    port: int
    security: str
    sender: str
    recipients: tuple[str, ...]
    user: str | None = None
    password: str | None = field(default=None, repr=False)

    @classmethod
    def from_settings(cls, settings: Settings) -> SmtpConfig:
        """Checked configuration; a missing or wrong setting is a one-line user error."""
        settings = settings.checked("CASTWIRE_SMTP_PORT")
        missing = [name for name, value in (
            ("CASTWIRE_SMTP_HOST", settings.smtp_host),
            ("CASTWIRE_SMTP_FROM", settings.smtp_from),
            ("CASTWIRE_SMTP_TO", settings.smtp_to),
        ) if not value]
        if missing:
            raise UserError(f"e-mail is not configured: set {', '.join(missing)}")
        security = settings.smtp_security
        if security not in SECURITY:
            raise UserError(f"CASTWIRE_SMTP_SECURITY must be one of {', '.join(SECURITY)}, not {security!r}")
        if settings.smtp_password and not settings.smtp_user:
            raise UserError("CASTWIRE_SMTP_PASSWORD is set but CASTWIRE_SMTP_USER is not")
        assert settings.smtp_host and settings.smtp_from and settings.smtp_to
        return cls(
            host=settings.smtp_host,
            port=settings.smtp_port or DEFAULT_PORTS[security],
            security=security,
            sender=_mailbox("CASTWIRE_SMTP_FROM", settings.smtp_from),
            recipients=_mailboxes("CASTWIRE_SMTP_TO", settings.smtp_to),
            user=settings.smtp_user,
            password=settings.smtp_password,
        )


def _mailbox(name: str, text: str) -> str:
    """``text`` when it is one address, with a display name or not (``Ann <ann@example.org>``);
    else a user error naming the setting. Servers differ in what they accept: a lenient one took
    "not an address" and the digest was "sent" to nobody."""
    _addresses(name, text, listed=False)
    return text


def _mailboxes(name: str, text: str) -> tuple[str, ...]:
    """The addresses of the address list ``text`` (``Ann <ann@example.org>, ops@example.org``),
    each as the header writes it. Read as an address list, not split at every comma: a display
    name may hold one in quotes (``"Doe, J" <j@example.org>``)."""
    return tuple(str(address) for address in _addresses(name, text, listed=True))


def _addresses(name: str, text: str, *, listed: bool) -> tuple[Address, ...]:
    """The addresses in ``text`` (one, or with ``listed`` a list of them), parsed by the e-mail
    package's own header parser (``parseaddr`` reads "ann@example.org extra" as
    ``ann@example.orgextra``), or a user error naming ``name`` when any part of it is no address."""
    try:
        header = email.policy.default.header_factory("To", text)
    except (HeaderParseError, IndexError):  # the parser's own failures on "ann@"
        header = None
    # a local part in Hangul is an address (one the server must take with SMTPUTF8: it says so);
    # a list's empty entry ("a@example.org, , b@example.org") is obsolete syntax, read right
    allowed = (NonASCIILocalPartDefect, ObsoleteHeaderDefect) if listed else (NonASCIILocalPartDefect,)
    defects = [d for d in header.defects if not isinstance(d, allowed)] if header else []
    if header is None or defects or not header.addresses or (not listed and len(header.addresses) > 1) or \
            not all(address.username and address.domain for address in header.addresses):
        several = " or a list of them separated by commas (a name with a comma in quotes: \"Doe, J\" <j@x.org>)" \
            if listed else ""
        raise UserError(f"{name}: not an e-mail address (ann@example.org, or Ann <ann@example.org>){several}: "
                        f"{text!r}")
    return header.addresses


def build_message(
    *, subject: str, text: str, html: str, sender: str, recipients: tuple[str, ...],
    date: datetime | None = None, message_id_domain: str = "castwire.invalid",
) -> EmailMessage:
    """A multipart/alternative message: the plain text first, the HTML preferred."""
    message = EmailMessage()
    message["Subject"] = subject
    message["From"] = sender
    message["To"] = ", ".join(recipients)
    message["Date"] = format_datetime(date or datetime.now(UTC))  # RFC 5322 requires one
    message["Message-ID"] = make_msgid(domain=message_id_domain)
    message.set_content(text, subtype="plain", charset="utf-8")
    message.add_alternative(html, subtype="html", charset="utf-8")
    return message


def send_message(
    config: SmtpConfig, message: EmailMessage, *, ssl_context: ssl.SSLContext | None = None,
    timeout: float = TIMEOUT,
) -> None:
    """Send ``message`` to ``config.recipients``; failures are :class:`UserError`."""
    where = f"SMTP server {config.host}:{config.port}"
    context = ssl_context or ssl.create_default_context()
    try:
        if config.security == "ssl":
            client: smtplib.SMTP = smtplib.SMTP_SSL(config.host, config.port, timeout=timeout, context=context)
        else:
            client = smtplib.SMTP(config.host, config.port, timeout=timeout)
        with client:
            client.ehlo()
            if config.security == "starttls":
                client.starttls(context=context)
                client.ehlo()
            if config.user:
                _login(client, config, where)
            # the envelope takes bare addresses: a display name ("독자 <reader@example.org>") is
            # for the headers, which carry it encoded (RFC 2047), and needs no SMTPUTF8
            sender, recipients = envelope_address(config.sender), [envelope_address(r) for r in config.recipients]
            refused = client.send_message(message, from_addr=sender, to_addrs=recipients)
    except smtplib.SMTPAuthenticationError as exc:
        raise UserError(f"{where} refused the login for {config.user!r} (reply {exc.smtp_code})") from None
    except smtplib.SMTPNotSupportedError:
        international = [a for a in (config.sender, *config.recipients) if not envelope_address(a).isascii()]
        if international:
            raise UserError(f"{where} does not accept addresses with non-ASCII characters (SMTPUTF8): "
                            f"{', '.join(international)}") from None
        raise UserError(f"{where} does not support {config.security.upper()} or AUTH as configured") from None
    except smtplib.SMTPRecipientsRefused as exc:
        raise UserError(f"{where} refused every recipient: {', '.join(sorted(exc.recipients))}") from None
    except smtplib.SMTPResponseException as exc:
        if 400 <= exc.smtp_code < 500:
            raise TemporaryMailError(f"{where} answered {exc.smtp_code} (a temporary failure) while sending") from None
        raise UserError(f"{where} answered {exc.smtp_code} while sending") from None
    except smtplib.SMTPServerDisconnected:
        raise TemporaryMailError(f"{where} closed the connection while sending") from None
    except smtplib.SMTPException as exc:
        raise UserError(f"{where}: {type(exc).__name__}") from None
    except ssl.SSLError as exc:
        raise UserError(f"{where}: TLS failed ({exc.reason or type(exc).__name__})") from None
    except OSError as exc:
        raise TemporaryMailError(f"cannot reach {where}: {exc.strerror or type(exc).__name__}") from None
    if refused:
        log.warning("%s refused %d recipient(s): %s", where, len(refused), ", ".join(sorted(refused)))
    log.info("sent %r to %d recipient(s) via %s", message["Subject"], len(config.recipients), where)


def envelope_address(address: str) -> str:
    """The bare address of ``Name <addr>`` (the SMTP envelope's), or ``address`` itself."""
    return parseaddr(address)[1] or address


def _login(client: smtplib.SMTP, config: SmtpConfig, where: str) -> None:
    """Log in; any refusal (some servers hang up after a failed AUTH) is one clear error."""
    assert config.user is not None
    try:
        client.ehlo_or_helo_if_needed()
        offered = client.esmtp_features.get("auth", "").upper().split()
        mechanism = next((m for m in AUTH_MECHANISMS if m in offered), None)
        if mechanism is None:
            raise smtplib.SMTPNotSupportedError
        # one mechanism only: smtplib.login would retry the next one after a refusal
        client.user, client.password = config.user, config.password or ""
        client.auth(mechanism, getattr(client, f"auth_{mechanism.lower()}"))
    except smtplib.SMTPNotSupportedError:
        raise UserError(f"{where} offers no login (AUTH) on this connection") from None
    except smtplib.SMTPAuthenticationError as exc:
        raise UserError(f"{where} refused the login for {config.user!r} (reply {exc.smtp_code})") from None
    except smtplib.SMTPException as exc:
        raise UserError(f"{where} refused the login for {config.user!r} ({type(exc).__name__})") from None


def send_digest_email(
    config: SmtpConfig, subject: str, text: str, html: str, *,
    ssl_context: ssl.SSLContext | None = None, date: datetime | None = None,
) -> None:
    """Build the multipart digest message and send it (see :func:`send_message`)."""
    message = build_message(subject=subject, text=text, html=html, sender=config.sender,
                            recipients=config.recipients, date=date)
    send_message(config, message, ssl_context=ssl_context)
