"""Answerloop's pure content library: load, validate, render. Never imports Flask."""
