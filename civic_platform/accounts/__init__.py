"""A person's account: the editor's first sign-in, the profile, their data and its deletion."""
