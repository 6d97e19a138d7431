"""Notifications: an in-app inbox per user, e-mail when an SMTP server is configured."""
