"""Enterprises: firms, their capabilities, registration review, duplicate checks."""
