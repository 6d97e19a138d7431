"""Accounts: users, passwords, API tokens, the signed-in principal."""
