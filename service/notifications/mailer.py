"""E-mail through smtplib, configured by PEITAO_SMTP_* environment variables."""

from __future__ import annotations

import logging
import smtplib
from dataclasses import dataclass
from email.message import EmailMessage

from pydantic_settings import BaseSettings, SettingsConfigDict

log = logging.getLogger("peitao.mail")


class MailSettings(BaseSettings):
    """No host means no e-mail: notifications stay in the in-app inbox only."""

    model_config = SettingsConfigDict(env_prefix="PEITAO_", env_file=".env", extra="ignore")

    smtp_host: str = ""
    smtp_port: int = 25
    smtp_user: str = ""
    smtp_password: str = ""
    smtp_starttls: bool = False
    smtp_from: str = "peitao@localhost"
    smtp_timeout: float = 10.0

    @property
    def enabled(self) -> bool:
        return bool(self.smtp_host)


@dataclass(frozen=True)
class Mail:
    to: str
    subject: str
    body: str


def send_mail(settings: MailSettings, mails: list[Mail]) -> int:
    """Send `mails` over one connection; return how many were accepted. Never raises on SMTP trouble."""
    if not settings.enabled or not mails:
        return 0
    sent = 0
    try:
        with smtplib.SMTP(
            settings.smtp_host, settings.smtp_port, timeout=settings.smtp_timeout
        ) as smtp:
            if settings.smtp_starttls:
                smtp.starttls()
            if settings.smtp_user:
                smtp.login(settings.smtp_user, settings.smtp_password)
            for mail in mails:
                smtp.send_message(_message(settings.smtp_from, mail))
                sent += 1
    except (OSError, smtplib.SMTPException) as exc:
        log.warning("e-mail not sent (%d of %d delivered): %s", sent, len(mails), exc)
    return sent


def _message(sender: str, mail: Mail) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = mail.to
    message["Subject"] = mail.subject
    message.set_content(mail.body)
    return message
