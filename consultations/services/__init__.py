"""Writes of consultations, one module per concern: drafts (sections, budget import), comments,
answers, moderation. Views, the API, the admin, consumers and commands call these functions."""
