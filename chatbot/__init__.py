"""Answerloop's scenario chatbot: model, loading with line numbers, validation, engine.

A pure library: never imports Flask.
"""
